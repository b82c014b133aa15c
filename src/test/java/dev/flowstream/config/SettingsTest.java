package dev.flowstream.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void values_given_by_key_win_over_defaults() {
        Map<String, String> values = Map.of("port", "4000", "cors.origins", "https://a.example, https://b.example",
                "flowstream.config", "/srv/flows", "flowstream.stall.timeout.ms", "1500");
        Settings settings = Settings.from(values::get);
        assertEquals(4000, settings.port());
        assertEquals(List.of("https://a.example", "https://b.example"), settings.corsOrigins());
        assertEquals(Path.of("/srv/flows"), settings.configDir().orElseThrow());
        assertEquals(1500, settings.stallTimeout().toMillis());
    }

    @Test
    void socket_io_defaults_match_socket_io() {
        Settings settings = Settings.from(key -> null);
        assertEquals(25_000, settings.pingInterval().toMillis());
        assertEquals(20_000, settings.pingTimeout().toMillis());
        assertEquals(1_000_000, settings.maxPayload());
        assertTrue(settings.corsOrigins().contains("*") || System.getenv("CORS_ORIGINS") != null);
    }

    @Test
    void a_malformed_number_names_the_setting() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("port", "three thousand")::get));
        assertTrue(error.getMessage().contains("port"));
    }
}
