package dev.flowstream.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reply a provider stub gives to the last user message, with the markers {@link OpenAiStub}
 * documents: {@code [[tokens=N]]}, {@code [[delay=MS]]}, {@code [[fail]]}, {@code [[cut]]},
 * {@code [[truncate]]}, {@code [[stall]]}; else {@code "Echo: " + message}, one token per word.
 * Shared by every chat stub; immutable.
 */
record StubReply(List<String> tokens, long delayMillis, Mode mode) {

    private static final Pattern TOKENS = Pattern.compile("\\[\\[tokens=(\\d+)]]");
    private static final Pattern DELAY = Pattern.compile("\\[\\[delay=(\\d+)]]");
    private static final Pattern WORD_START = Pattern.compile("(?<=\\s)(?=\\S)");

    enum Mode { NORMAL, FAIL, CUT, TRUNCATE, STALL }

    StubReply {
        tokens = List.copyOf(tokens);
    }

    /** A scripted reply: {@code text} one word at a time, no pause. */
    static StubReply words(String text) {
        return new StubReply(List.of(WORD_START.split(text)), 0, Mode.NORMAL);
    }

    static StubReply to(String text) {
        Mode mode = text.contains("[[fail]]") ? Mode.FAIL
                : text.contains("[[cut]]") ? Mode.CUT
                : text.contains("[[truncate]]") ? Mode.TRUNCATE
                : text.contains("[[stall]]") ? Mode.STALL : Mode.NORMAL;
        Matcher delay = DELAY.matcher(text);
        long delayMillis = delay.find() ? Long.parseLong(delay.group(1)) : 0;
        Matcher count = TOKENS.matcher(text);
        List<String> tokens = new ArrayList<>();
        if (count.find()) {
            for (int i = 0; i < Integer.parseInt(count.group(1)); i++) tokens.add("t" + i + " ");
        } else {
            tokens.addAll(List.of(WORD_START.split("Echo: " + text)));
        }
        return new StubReply(tokens, delayMillis, mode);
    }

    /** How many tokens to stream before the mode's ending: 3 for cut and truncate, 1 for stall. */
    int streamed() {
        int limit = switch (mode) {
            case CUT, TRUNCATE -> 3;
            case STALL -> 1;
            default -> tokens.size();
        };
        return Math.min(limit, tokens.size());
    }

    /** Sleeps; false when interrupted (the stub is closing). */
    static boolean pause(long millis) {
        if (millis <= 0) return true;
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Something a stub sends while it stalls, or nothing for wire formats without a keep-alive. */
    @FunctionalInterface
    interface Beat {
        void send() throws IOException;
    }

    /** Stalls until {@code closed} or 60 s, sending {@code beat} every 200 ms: the client sees no token. */
    static void stall(BooleanSupplier closed, Beat beat) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!closed.getAsBoolean() && System.nanoTime() < deadline) {
            if (!pause(200)) return;
            beat.send();
        }
    }
}
