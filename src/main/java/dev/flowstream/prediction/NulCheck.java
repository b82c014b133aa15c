package dev.flowstream.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.http.HttpException;

import java.util.Iterator;
import java.util.Map;

/**
 * Refuses U+0000 anywhere in a request body's text, keys included. Questions, answers, chat and
 * session ids and history are kept as conversation messages, and PostgreSQL's text and jsonb
 * types cannot hold U+0000; override values end up in prompts and memory keys. Refusing NUL in
 * every string (rather than field by field) keeps one rule that later fields cannot slip past; no
 * legitimate text needs it. Stateless.
 */
final class NulCheck {

    private static final char NUL = '\u0000';

    private NulCheck() {
    }

    /** Throws a 400 naming the first field (e.g. {@code history[2].content}) that holds a NUL. */
    static void refuse(JsonNode root) {
        check(root, "");
    }

    private static void check(JsonNode node, String path) {
        if (node.isTextual() && node.textValue().indexOf(NUL) >= 0) throw refused(path);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (mayHoldText(node.get(i))) check(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().indexOf(NUL) >= 0) {
                    throw HttpException.badRequest((path.isEmpty() ? "a field name" : "a field name in " + path)
                            + " must not contain the NUL character (U+0000)");
                }
                if (mayHoldText(field.getValue())) {
                    check(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
                }
            }
        }
    }

    /** Numbers, booleans and nulls need no path built for them. */
    private static boolean mayHoldText(JsonNode node) {
        return node.isTextual() || node.isContainerNode();
    }

    private static HttpException refused(String path) {
        return HttpException.badRequest(path + " must not contain the NUL character (U+0000)");
    }
}
