package dev.flowstream.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * CORS in front of every Flowstream servlet: allowed origins get their headers, preflights are
 * answered here, other origins get a JSON 403 and never reach a servlet.
 *
 * <p>Threading: stateless; called concurrently by the container.
 */
public final class CorsFilter implements Filter {

    private final Cors cors;

    public CorsFilter(Cors cors) {
        this.cors = cors;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (!cors.apply(request, response)) {
            ErrorResponses.write(response, new HttpException(403, "origin not allowed by CORS_ORIGINS"));
        } else if (Cors.isPreflight(request)) {
            cors.answerPreflight(request, response);
        } else {
            chain.doFilter(request, response);
        }
    }
}
