package dev.flowstream.it.container.host;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The host webapp's own API, mapped at {@code /api/*} in its web.xml: the very prefix Flowstream
 * uses by default, so the host has to move Flowstream elsewhere ({@code flowstream.api.path}).
 */
public class HostApiServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("host api " + request.getPathInfo());
    }
}
