package dev.flowstream.chatflow.tools;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Evaluates arithmetic as a calculator does: numbers with decimals, {@code + - * /}, unary minus
 * and parentheses, by recursive descent over the text (no script engine, so nothing else runs),
 * in decimal arithmetic so that {@code 0.1 + 0.2} is {@code 0.3}; division keeps 16 digits.
 * A malformed expression or a division by zero throws {@link IllegalArgumentException} with a
 * message for the model. Stateless entry point; each evaluation has its own parser.
 */
final class Arithmetic {

    private static final int MAX_DEPTH = 200;

    private final String text;
    private int position;
    private int depth;

    private Arithmetic(String text) {
        this.text = text;
    }

    static BigDecimal evaluate(String expression) {
        Arithmetic parser = new Arithmetic(expression);
        BigDecimal value = parser.sum();
        parser.skipSpaces();
        if (parser.position < expression.length()) throw parser.unexpected();
        return value;
    }

    /** A result as a calculator shows it: {@code 14}, not {@code 14.0}. */
    static String format(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private BigDecimal sum() {
        BigDecimal value = product();
        while (true) {
            if (take('+')) value = value.add(product());
            else if (take('-')) value = value.subtract(product());
            else return value;
        }
    }

    private BigDecimal product() {
        BigDecimal value = factor();
        while (true) {
            if (take('*')) {
                value = value.multiply(factor());
            } else if (take('/')) {
                BigDecimal divisor = factor();
                if (divisor.signum() == 0) throw new IllegalArgumentException("division by zero");
                value = value.divide(divisor, MathContext.DECIMAL64);
            } else {
                return value;
            }
        }
    }

    private BigDecimal factor() {
        if (++depth > MAX_DEPTH) throw new IllegalArgumentException("the expression is nested too deeply");
        try {
            if (take('-')) return factor().negate();
            if (take('+')) return factor();
            if (take('(')) {
                BigDecimal value = sum();
                if (!take(')')) throw unexpected();
                return value;
            }
            return number();
        } finally {
            depth--;
        }
    }

    private BigDecimal number() {
        skipSpaces();
        int start = position;
        while (position < text.length() && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
            position++;
        }
        if (start == position) throw unexpected();
        try {
            return new BigDecimal(text.substring(start, position));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + text.substring(start, position));
        }
    }

    private boolean take(char expected) {
        skipSpaces();
        if (position < text.length() && text.charAt(position) == expected) {
            position++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) position++;
    }

    private IllegalArgumentException unexpected() {
        return position < text.length()
                ? new IllegalArgumentException("unexpected '" + text.charAt(position) + "' at position " + (position + 1))
                : new IllegalArgumentException("the expression ends too early");
    }
}
