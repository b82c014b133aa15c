package dev.flowstream.prediction;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.chatflow.ChatflowCatalog;
import dev.flowstream.http.JsonError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The small read-only endpoints under {@code /api/v1}: {@code ping}, {@code chatflows} and
 * {@code chatflows-streaming/{id}}; anything else is a JSON 404.
 *
 * <p>Threading: container threads; stateless apart from the thread-safe catalog.
 */
public final class ApiServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ApiServlet.class.getName());

    private final transient ChatflowCatalog catalog;

    public ApiServlet(ChatflowCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, OPTIONS");
            JsonError.write(response, 405, "method " + request.getMethod() + " is not allowed: use GET");
        } else {
            try {
                get(request.getServletPath(), request.getPathInfo() == null ? "/" : request.getPathInfo(), response);
            } catch (ApiException e) {
                JsonError.write(response, e.status(), e.getMessage());
            } catch (RuntimeException e) {
                // a container's error page could show the stack trace: it stays in our log
                LOG.log(Level.SEVERE, "API request failed unexpectedly", e);
                JsonError.write(response, 500, "internal error: " + e.getClass().getSimpleName());
            }
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
            Chatflow flow = catalog.find(id).orElseThrow(() -> ApiException.notFound("chatflow " + id + " not found"));
            JsonAnswers.write(response, Map.of("isStreaming", flow.streamable()));
        } else {
            throw ApiException.notFound("no API at " + mount + path);
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
