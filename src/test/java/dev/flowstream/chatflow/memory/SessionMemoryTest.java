package dev.flowstream.chatflow.memory;

import dev.flowstream.chatflow.ChatTurn;
import dev.flowstream.chatflow.node.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bounds of the per-node conversation store: least recently used out, idle sessions expire. */
class SessionMemoryTest {

    private final AtomicLong now = new AtomicLong();
    private final SessionMemory memory = new SessionMemory(2, Duration.ofSeconds(10), now::get);

    @Test
    void an_unknown_chat_has_no_turns_and_the_first_exchange_starts_from_the_seed() {
        ChatTurn seed = new ChatTurn(ChatTurn.Role.USER, "seeded");

        assertEquals(Optional.empty(), memory.turns("chat-1"));
        memory.append("chat-1", List.of(seed), List.of(user("q"), ai("a")));

        assertEquals(Optional.of(List.of(seed, user("q"), ai("a"))), memory.turns("chat-1"));
    }

    @Test
    void past_the_maximum_the_least_recently_used_session_goes() {
        memory.append("a", List.of(), List.of(user("a")));
        memory.append("b", List.of(), List.of(user("b")));
        memory.turns("a");
        memory.append("c", List.of(), List.of(user("c")));

        assertEquals(2, memory.size());
        assertEquals(Optional.empty(), memory.turns("b"));
        assertEquals(Optional.of(List.of(user("a"))), memory.turns("a"));
    }

    @Test
    void a_session_idle_for_its_time_to_live_is_forgotten_and_use_keeps_it_alive() {
        memory.append("a", List.of(), List.of(user("a")));
        memory.append("b", List.of(), List.of(user("b")));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        memory.turns("a");
        now.addAndGet(Duration.ofSeconds(6).toNanos());

        assertEquals(1, memory.size());
        assertEquals(Optional.empty(), memory.turns("b"));
        assertEquals(Optional.of(List.of(user("a"))), memory.turns("a"));
    }

    private static ChatTurn user(String text) {
        return new ChatTurn(ChatTurn.Role.USER, text);
    }

    private static ChatTurn ai(String text) {
        return new ChatTurn(ChatTurn.Role.ASSISTANT, text);
    }
}
