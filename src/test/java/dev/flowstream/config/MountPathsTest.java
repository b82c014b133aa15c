package dev.flowstream.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the API and socket.io are mapped inside the web application (embedding next to a host's own servlets). */
class MountPathsTest {

    @Test
    void the_defaults_are_flowise_s_paths() {
        Settings settings = Settings.from(key -> null);
        assertEquals("/api/v1", settings.apiPath());
        assertEquals("/socket.io", settings.socketIoPath());
    }

    @Test
    void both_paths_can_be_moved_below_a_prefix_and_a_trailing_slash_is_dropped() {
        Settings settings = Settings.from(Map.of("flowstream.api.path", "/chat/api/v1/",
                "flowstream.socketio.path", " /chat/socket.io ")::get);
        assertEquals("/chat/api/v1", settings.apiPath());
        assertEquals("/chat/socket.io", settings.socketIoPath());
        assertEquals("/chat/api/v1", settings.withPort(0).apiPath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat", "/", "//", "/chat/*", "/chat?x=1", "/a//b", "/a/../b", "/a b"})
    void a_path_that_would_map_differently_per_container_is_refused_naming_the_setting(String path) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("flowstream.api.path", path)::get));
        assertTrue(error.getMessage().contains("flowstream.api.path"), error.getMessage());
    }

    @Test
    void the_api_and_socket_io_cannot_share_a_path() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(Map.of("flowstream.api.path", "/x", "flowstream.socketio.path", "/x/")::get));
        assertTrue(error.getMessage().contains("must differ"), error.getMessage());
    }
}
