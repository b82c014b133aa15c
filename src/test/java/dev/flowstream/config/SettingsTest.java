package dev.flowstream.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    @Test
    void values_given_by_key_win_over_defaults() {
        Map<String, String> values = Map.of("port", "4000", "cors.origins", "https://a.example, https://b.example",
                "flowstream.config", "/srv/flows", "flowstream.stall.timeout.ms", "1500",
                "flowstream.reload.interval.ms", "0");
        Settings settings = Settings.from(values::get);
        assertEquals(4000, settings.port());
        assertEquals(List.of("https://a.example", "https://b.example"), settings.corsOrigins());
        assertEquals(Path.of("/srv/flows"), settings.configDir().orElseThrow());
        assertEquals(1500, settings.models().stallTimeout().toMillis());
        assertEquals(0, settings.reloadInterval().toMillis());
    }

    @Test
    void socket_io_defaults_match_socket_io() {
        Settings settings = Settings.from(key -> null);
        assertEquals(25_000, settings.socketIo().pingInterval().toMillis());
        assertEquals(20_000, settings.socketIo().pingTimeout().toMillis());
        assertEquals(1_000_000, settings.socketIo().maxPayload());
        assertTrue(settings.corsOrigins().contains("*") || System.getenv("CORS_ORIGINS") != null);
    }

    @Test
    void a_malformed_number_names_the_setting() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("port", "three thousand")::get));
        assertTrue(error.getMessage().contains("port"));
    }

    @Test
    void memory_is_bounded_by_default_and_the_bounds_can_be_set() {
        Settings defaults = Settings.from(key -> null);
        Settings set = Settings.from(Map.of("flowstream.memory.max.sessions", "50",
                "flowstream.memory.idle.ttl.ms", "60000")::get);

        assertEquals(10_000, defaults.memory().maxSessions());
        assertEquals(3_600_000, defaults.memory().idleTtl().toMillis());
        assertEquals(50, set.memory().maxSessions());
        assertEquals(60_000, set.memory().idleTtl().toMillis());
        assertEquals(50, set.withPort(0).withConfigDir(Path.of("/tmp")).memory().maxSessions());
    }

    @Test
    void a_memory_bound_below_one_is_refused_naming_the_setting() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("flowstream.memory.max.sessions", "0")::get));
        assertTrue(error.getMessage().contains("flowstream.memory.max.sessions"), error.getMessage());
    }

    @Test
    void hardening_defaults_bound_time_and_rate() {
        Settings settings = Settings.from(key -> null);
        assertEquals(45_000, settings.socketIo().connectTimeout().toMillis());
        assertEquals(100, settings.socketIo().handshakesPerSecond());
        assertEquals(30_000, settings.http().bodyTimeout().toMillis());
        assertEquals(10_000, settings.http().headerTimeout().toMillis());
        assertEquals(3_000, settings.models().keepAlive().toMillis());
    }

    @Test
    void the_handshake_limit_can_be_turned_off_but_not_below_zero() {
        assertEquals(0, Settings.from(Map.of("flowstream.handshake.rate", "0")::get).socketIo().handshakesPerSecond());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("flowstream.handshake.rate", "-1")::get));
        assertTrue(error.getMessage().contains("flowstream.handshake.rate"), error.getMessage());
    }

    @Test
    void a_timeout_of_zero_is_refused_naming_the_setting() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("flowstream.body.timeout.ms", "0")::get));
        assertTrue(error.getMessage().contains("flowstream.body.timeout.ms"), error.getMessage());
    }

    @Test
    void a_copy_on_another_port_and_config_dir_keeps_every_other_setting() {
        Map<String, String> values = Map.of("port", "4000", "cors.origins", "https://a.example",
                "flowstream.api.path", "/chat/api", "flowstream.max.payload", "2048");
        Map<String, String> changed = new HashMap<>(values);
        changed.put("port", "4001");
        changed.put("flowstream.config", "/srv/flows");

        Settings copy = Settings.from(values::get).withPort(4001).withConfigDir(Path.of("/srv/flows"));

        assertEquals(Settings.from(changed::get), copy);
    }
}
