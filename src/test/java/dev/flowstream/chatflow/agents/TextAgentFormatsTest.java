package dev.flowstream.chatflow.agents;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the ReAct and conversational agents read a model's reply, without a model. */
class TextAgentFormatsTest {

    private final ReActFormat react = new ReActFormat();
    private final JsonActionFormat json = new JsonActionFormat("system");

    @Test
    void a_react_action_is_read_with_its_input_unquoted_and_an_invented_observation_dropped() {
        assertEquals(new TextFormat.Act("calculator", "2*(3+4)", "Thought: Do I need to use a tool? Yes\nAction: calculator\nAction Input: \"2*(3+4)\""),
                react.read("Thought: Do I need to use a tool? Yes\nAction: calculator\nAction Input: \"2*(3+4)\"\nObservation: 14\nFinal Answer: 14"));
        assertEquals(new TextFormat.Act("search", "java", "Action 1: search\nAction 1 Input: java"),
                react.read("Action 1: search\nAction 1 Input: java  "));
    }

    @Test
    void a_react_final_answer_is_everything_after_its_label() {
        assertEquals(new TextFormat.Answer("It is 14.\nAnything else?"),
                react.read("Thought: Do I need to use a tool? No\nFinal Answer: It is 14.\nAnything else?\n"));
    }

    @Test
    void a_react_reply_with_both_or_neither_is_unreadable() {
        String both = "Action: search\nAction Input: java\nFinal Answer: 14";
        assertEquals(new TextFormat.Unreadable("Invalid format: give either an Action with its Action Input or a Final Answer, not both", both),
                react.read(both));
        assertEquals(new TextFormat.Unreadable("Invalid format: missing 'Action:' after 'Thought:'", "Hello"), react.read("Hello"));
    }

    @Test
    void a_json_action_is_read_fenced_or_bare() {
        String fenced = "```json\n{\"action\": \"search\", \"action_input\": \"java\"}\n```";
        assertEquals(new TextFormat.Act("search", "java", fenced), json.read(fenced));
        assertEquals(new TextFormat.Answer("Hi."), json.read("{\"action\": \"Final Answer\", \"action_input\": \"Hi.\"}"));
        assertEquals(new TextFormat.Act("calculator", "{\"input\":\"1+1\"}", "{\"action\":\"calculator\",\"action_input\":{\"input\":\"1+1\"}}"),
                json.read("{\"action\":\"calculator\",\"action_input\":{\"input\":\"1+1\"}}"));
    }

    @Test
    void a_reply_without_json_or_without_an_action_is_unreadable() {
        assertEquals(new TextFormat.Unreadable("Invalid format: reply with one JSON object of action and action_input", "Hi"), json.read("Hi"));
        assertEquals(new TextFormat.Unreadable("Invalid format: the reply's JSON could not be read", "{nope}"), json.read("{nope}"));
        assertEquals(new TextFormat.Unreadable("Invalid format: the JSON needs an action", "{\"a\": 1}"), json.read("{\"a\": 1}"));
    }
}
