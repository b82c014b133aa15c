package dev.flowstream.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.streaming.SourceDocument;
import dev.flowstream.streaming.UsedTool;

import java.util.List;

/**
 * The JSON answer of a prediction (README, "HTTP API"); empty optional parts are left out. Immutable.
 * {@code json} is what an output parser made of the answer (Flowise's field); null without a parser.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PredictionAnswer(String text, String question, String chatId, String chatMessageId,
                               String sessionId, List<SourceDocument> sourceDocuments,
                               List<UsedTool> usedTools, JsonNode json) {
    public PredictionAnswer {
        sourceDocuments = List.copyOf(sourceDocuments);
        usedTools = List.copyOf(usedTools);
    }
}
