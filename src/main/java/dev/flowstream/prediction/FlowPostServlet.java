package dev.flowstream.prediction;

import dev.flowstream.chatflow.Chatflow;
import dev.flowstream.http.ErrorResponses;
import dev.flowstream.http.HttpException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A {@code POST <route>/{chatflowId}} of the API: only POST, the chatflow found by the id in the
 * path (404 otherwise), every failure before the exchange goes asynchronous written by the one
 * error mapper. Subclasses handle the POST.
 *
 * <p>Threading: container threads call {@link #service}; what {@link #post} starts is its own.
 */
abstract class FlowPostServlet extends HttpServlet {

    private final transient PredictionService service;

    FlowPostServlet(PredictionService service) {
        this.service = service;
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            if (!"POST".equals(request.getMethod())) throw HttpException.methodNotAllowed(request.getMethod(), "POST");
            String flowId = ApiPaths.id(request.getPathInfo()).orElseThrow(() -> HttpException.notFound(
                    "missing chatflow id: POST " + request.getServletPath() + "/<chatflow-id>"));
            post(request, service.flow(flowId));
        } catch (RuntimeException e) {
            ErrorResponses.write(response, e);
        }
    }

    /** Handles the POST for {@code flow}; throws to answer with an error before going asynchronous. */
    abstract void post(HttpServletRequest request, Chatflow flow);

    PredictionService service() {
        return service;
    }
}
