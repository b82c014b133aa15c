package dev.flowstream.socketio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** engine.io packets judged as the reference parser judges them. */
class EnginePacketsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "2", "3probe", "40", "42[\"a\",{\"b\":[1]}]", "6", "bAAEC"})
    void valid_protocol_4_packets_pass(String packet) {
        assertTrue(EnginePackets.validText(packet, 4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "7", "9", "abc", "b!!!", "x40"})
    void invalid_protocol_4_packets_are_refused(String packet) {
        assertFalse(EnginePackets.validText(packet, 4));
    }

    @Test
    void protocol_3_binary_text_carries_its_type_before_the_base64() {
        assertTrue(EnginePackets.validText("b4AAEC", 3));
        assertFalse(EnginePackets.validText("bAAEC", 3));
    }

    @Test
    void nesting_beyond_the_limit_is_refused_but_brackets_inside_strings_do_not_count() {
        int limit = EnginePackets.MAX_NESTING;
        assertTrue(EnginePackets.validText("42" + "[".repeat(limit) + "]".repeat(limit), 4));
        assertFalse(EnginePackets.validText("42" + "[".repeat(limit + 1) + "]".repeat(limit + 1), 4));
        assertTrue(EnginePackets.validText("42[\"" + "[".repeat(limit * 2) + "\\\"\"]", 4));
    }

    @Test
    void a_payload_is_cut_at_its_first_invalid_packet() {
        assertEquals(new EnginePackets.Payload(Optional.of("40\u001e3"), false), EnginePackets.payloadV4("40\u001e3"));
        assertEquals(new EnginePackets.Payload(Optional.of("40\u001e2"), true), EnginePackets.payloadV4("40\u001e2\u001eabc\u001e41"));
        assertEquals(new EnginePackets.Payload(Optional.empty(), true), EnginePackets.payloadV4("abc\u001e40"));
        assertEquals(new EnginePackets.Payload(Optional.empty(), true), EnginePackets.payloadV4(""));
    }

    @Test
    void the_open_packet_gets_max_payload_once() {
        String open = "0{\"sid\":\"x\",\"pingInterval\":25000}";
        assertEquals("0{\"sid\":\"x\",\"pingInterval\":25000,\"maxPayload\":1000}", EnginePackets.announceMaxPayload(open, 1000));
        String announced = EnginePackets.announceMaxPayload(open, 1000);
        assertEquals(announced, EnginePackets.announceMaxPayload(announced, 1000));
        assertEquals("40", EnginePackets.announceMaxPayload("40", 1000));
    }
}
