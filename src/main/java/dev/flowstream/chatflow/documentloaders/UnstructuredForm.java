package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.NodeInputs;
import dev.flowstream.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The form fields {@code unstructuredFileLoader} sends with each file to Unstructured's
 * {@code POST /general/v0/general}, read from its inputs as Flowise passes them: {@code strategy}
 * (LangChain's default {@code hi_res} when unset), {@code encoding}, each of {@code ocrLanguages}
 * as an {@code ocr_languages} field, {@code coordinates}, {@code xml_keep_tags} and
 * {@code include_page_breaks} only when true, {@code skip_infer_table_types} always (a JSON list,
 * {@code []} when unset), {@code hi_res_model_name}, {@code chunking_strategy} (its option as is,
 * {@code None} included), {@code multipage_sections} when set, and the three character counts.
 * Options outside Flowise's lists fail the load naming the input. Immutable.
 *
 * @param fields each field's name and value, in the order Flowise sends them; a name may repeat
 */
record UnstructuredForm(List<Map.Entry<String, String>> fields) {

    private static final Set<String> STRATEGIES = Set.of("hi_res", "fast", "ocr_only", "auto");
    private static final Set<String> MODELS = Set.of("chipper", "detectron2_onnx", "yolox", "yolox_quantized");
    private static final Set<String> CHUNKING = Set.of("None", "basic", "by_title", "by_page", "by_similarity");

    UnstructuredForm {
        fields = List.copyOf(fields);
    }

    static UnstructuredForm of(ExportNode node) {
        NodeInputs in = node.inputs();
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(Map.entry("strategy", option(node, "strategy", STRATEGIES).orElse("hi_res")));
        list(node, "ocrLanguages").forEach(language -> fields.add(Map.entry("ocr_languages", language)));
        in.text("encoding").map(String::trim).ifPresent(encoding -> fields.add(Map.entry("encoding", encoding)));
        if (in.flag("coordinates", false)) fields.add(Map.entry("coordinates", "true"));
        if (in.flag("xmlKeepTags", false)) fields.add(Map.entry("xml_keep_tags", "true"));
        fields.add(Map.entry("skip_infer_table_types", json(list(node, "skipInferTableTypes"))));
        option(node, "hiResModelName", MODELS).ifPresent(model -> fields.add(Map.entry("hi_res_model_name", model)));
        if (in.flag("includePageBreaks", false)) fields.add(Map.entry("include_page_breaks", "true"));
        option(node, "chunkingStrategy", CHUNKING).ifPresent(chunking -> fields.add(Map.entry("chunking_strategy", chunking)));
        if (in.isSet("multiPageSections")) {
            fields.add(Map.entry("multipage_sections", String.valueOf(in.flag("multiPageSections", false))));
        }
        Map<String, Optional<Integer>> counts = new LinkedHashMap<>();
        counts.put("combine_under_n_chars", in.integer("combineUnderNChars"));
        counts.put("new_after_n_chars", in.integer("newAfterNChars"));
        counts.put("max_characters", in.integer("maxCharacters"));
        counts.forEach((name, count) -> count.ifPresent(value -> fields.add(Map.entry(name, String.valueOf(value)))));
        return new UnstructuredForm(fields);
    }

    private static Optional<String> option(ExportNode node, String input, Set<String> options) {
        Optional<String> given = node.inputs().text(input).map(String::trim);
        if (given.isPresent() && !options.contains(given.get())) {
            throw node.failure("input " + input + " must be one of " + new java.util.TreeSet<>(options) + ", not " + given.get());
        }
        return given;
    }

    /** A multiOptions input: a JSON list of strings, as Flowise keeps it (or a string holding one). */
    private static List<String> list(ExportNode node, String input) {
        Optional<JsonNode> given = node.inputs().json(input);
        if (given.isEmpty()) return List.of();
        if (!given.get().isArray()) throw node.failure("input " + input + " must be a JSON list of options");
        List<String> values = new ArrayList<>();
        given.get().forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String json(List<String> values) {
        try {
            return Json.writer().writeValueAsString(values);
        } catch (IOException e) {
            throw new IllegalStateException("a list of strings always writes", e);
        }
    }
}
