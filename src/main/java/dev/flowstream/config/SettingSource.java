package dev.flowstream.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where settings come from: a key such as {@code flowstream.config} is looked up as given (a
 * servlet context parameter or system property), then as the upper-snake environment variable
 * ({@code FLOWSTREAM_CONFIG}). Values are trimmed; blank counts as unset. Immutable.
 */
record SettingSource(Function<String, String> lookup) {

    Optional<String> text(String key) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_'));
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    int integer(String key, int fallback) {
        return text(key).map(v -> parse(key, v)).orElse(fallback);
    }

    /** A whole number that must be at least {@code min}; the message names the key. */
    int atLeast(String key, int fallback, int min) {
        int value = integer(key, fallback);
        if (value < min) throw new IllegalArgumentException("setting " + key + " must be at least " + min + ", was: " + value);
        return value;
    }

    /** Milliseconds under a {@code *.ms} key, at least {@code minMillis}. */
    Duration millis(String key, int fallback, int minMillis) {
        int value = integer(key, fallback);
        if (value < minMillis) {
            String bound = minMillis == 0 ? "must not be negative" : "must be at least " + minMillis;
            throw new IllegalArgumentException("setting " + key + " " + bound + ", was: " + value);
        }
        return Duration.ofMillis(value);
    }

    private static int parse(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " must be a whole number, was: " + value, e);
        }
    }
}
