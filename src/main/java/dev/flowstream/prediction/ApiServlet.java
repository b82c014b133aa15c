package dev.flowstream.prediction;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowCatalog;
import dev.flowstream.http.ErrorResponses;
import dev.flowstream.http.HttpException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small read-only endpoints under {@code /api/v1}: {@code ping}, {@code chatflows} and
 * {@code chatflows-streaming/{id}}; anything else is a JSON 404.
 *
 * <p>Threading: container threads; stateless apart from the thread-safe catalog.
 */
public final class ApiServlet extends HttpServlet {

    private final transient ChatflowCatalog catalog;

    public ApiServlet(ChatflowCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
                throw HttpException.methodNotAllowed(request.getMethod(), "GET");
            }
            get(request.getServletPath(), request.getPathInfo() == null ? "/" : request.getPathInfo(), response);
        } catch (RuntimeException e) {
            ErrorResponses.write(response, e);
        }
    }

    private void get(String mount, String path, HttpServletResponse response) throws IOException {
        if (path.equals("/ping")) {
            response.setContentType("text/plain");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("pong");
        } else if (path.equals("/chatflows")) {
            JsonAnswers.write(response, catalog.all().stream().map(ApiServlet::summary).toList());
        } else if (path.startsWith("/chatflows-streaming/")) {
            String id = path.substring("/chatflows-streaming/".length());
            Chatflow flow = catalog.find(id).orElseThrow(() -> HttpException.notFound("chatflow " + id + " not found"));
            JsonAnswers.write(response, Map.of("isStreaming", flow.streamable()));
        } else {
            throw HttpException.notFound("no API at " + mount + path);
        }
    }

    private static Map<String, Object> summary(Chatflow flow) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", flow.id());
        summary.put("name", flow.name());
        summary.put("isStreaming", flow.streamable());
        return summary;
    }
}
