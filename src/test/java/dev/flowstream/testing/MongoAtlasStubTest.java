package dev.flowstream.testing;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MongoDB stub speaks the wire protocol as the Java driver needs it: the handshake, the heartbeats, commands and errors. */
class MongoAtlasStubTest {

    private final MongoAtlasStub mongo = MongoAtlasStub.start();

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void the_driver_shakes_hands_in_op_query_then_pings_and_keeps_the_heartbeats_in_op_msg() throws Exception {
        try (MongoClient client = MongoClients.create(mongo.url() + "?heartbeatFrequencyMS=500")) {
            BsonDocument pong = client.getDatabase("admin").runCommand(new BsonDocument("ping", new BsonInt32(1)), BsonDocument.class);
            assertEquals(1.0, pong.getNumber("ok").doubleValue());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (mongo.commands("hello").isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
        }

        assertEquals("OP_QUERY", mongo.commands("isMaster").get(0).message());
        assertTrue(mongo.commands("isMaster").get(0).body().getBoolean("helloOk").getValue());
        assertEquals(List.of("OP_MSG"), mongo.commands("ping").stream().map(MongoAtlasStub.Command::message).toList());
        assertTrue(!mongo.commands("hello").isEmpty(), "a heartbeat after the handshake");
        assertEquals("OP_MSG", mongo.commands("hello").get(0).message());
    }

    @Test
    void a_command_it_does_not_know_gets_mongodb_s_error_reply() {
        try (MongoClient client = MongoClients.create(mongo.url())) {
            MongoCommandException refused = assertThrows(MongoCommandException.class, () -> client.getDatabase("shop")
                    .runCommand(new BsonDocument("count", new BsonString("facts")), BsonDocument.class));

            assertEquals(59, refused.getErrorCode());
            assertEquals("no such command: 'count'", refused.getErrorMessage());
        }
    }
}
