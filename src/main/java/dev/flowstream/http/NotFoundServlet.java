package dev.flowstream.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Answers every request with a JSON 404: mapped over files of the webapp that must not be served
 * as static content.
 *
 * <p>Threading: stateless; called concurrently by the container.
 */
public final class NotFoundServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ErrorResponses.write(response, HttpException.notFound("not found: " + request.getRequestURI()));
    }
}
