package dev.flowstream.chatflow.tools;

import dev.flowstream.chatflow.FlowRequest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The calculator's arithmetic and the date-time tool, without a model. */
class AgentToolsTest {

    @Test
    void arithmetic_follows_precedence_parentheses_and_unary_minus() {
        assertEquals("14", Arithmetic.format(Arithmetic.evaluate("2*(3+4)")));
        assertEquals("-7", Arithmetic.format(Arithmetic.evaluate("1 - 2 * 4")));
        assertEquals("2.5", Arithmetic.format(Arithmetic.evaluate("5 / 2")));
        assertEquals("0.3", Arithmetic.format(Arithmetic.evaluate("0.1 + 0.2")));
        assertEquals("4", Arithmetic.format(Arithmetic.evaluate("-(-2) * +2")));
        assertEquals("1", Arithmetic.format(Arithmetic.evaluate("8 / 4 / 2")));
        assertEquals("0.3333333333333333", Arithmetic.format(Arithmetic.evaluate("1/3")));
    }

    @Test
    void arithmetic_refuses_anything_but_arithmetic() {
        assertEquals("division by zero", assertThrows(IllegalArgumentException.class,
                () -> Arithmetic.evaluate("1/(2-2)")).getMessage());
        assertEquals("unexpected 'j' at position 1", assertThrows(IllegalArgumentException.class,
                () -> Arithmetic.evaluate("java.lang.System.exit(0)")).getMessage());
        assertEquals("unexpected ')' at position 4", assertThrows(IllegalArgumentException.class,
                () -> Arithmetic.evaluate("1+2)")).getMessage());
        assertEquals("not a number: 1.2.3", assertThrows(IllegalArgumentException.class,
                () -> Arithmetic.evaluate("1.2.3")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Arithmetic.evaluate("(".repeat(10_000)));
    }

    @Test
    void the_calculator_reads_its_input_argument_or_the_bare_text() throws Exception {
        CalculatorTool calculator = new CalculatorTool();
        FlowRequest request = FlowRequest.of("q");

        assertEquals("14", calculator.call("{\"input\":\"2*(3+4)\"}", request).toCompletableFuture().get());
        assertEquals("3", calculator.call("1+2", request).toCompletableFuture().get());
    }

    @Test
    void current_date_time_tells_its_clock_in_iso_8601() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07.890Z"), ZoneOffset.ofHours(2));

        String now = new CurrentDateTimeTool(clock).call("{}", FlowRequest.of("q")).toCompletableFuture().get();

        assertEquals("2026-03-04T07:06:07+02:00", now);
    }
}
