package dev.flowstream.chatflow.tools;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.FlowRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flowise's {@code currentDateTime} tool: the date and time now, as ISO 8601 with the offset of its
 * clock (the server's zone; a fixed clock in tests). Takes no arguments.
 *
 * <p>Threading: immutable; safe to call concurrently.
 */
final class CurrentDateTimeTool extends SpecifiedTool {

    static final String NAME = "currentDateTime";
    private static final ToolSpecification SPECIFICATION = ToolSpecification.builder()
            .name(NAME)
            .description("Get the current date and time (ISO 8601, with the time zone offset).")
            .parameters(JsonObjectSchema.builder().build())
            .build();

    private final Clock clock;

    CurrentDateTimeTool(Clock clock) {
        super(SPECIFICATION);
        this.clock = clock;
    }

    static CurrentDateTimeTool load(ExportNode node) {
        return new CurrentDateTimeTool(Clock.systemDefaultZone());
    }

    @Override
    public CompletionStage<String> call(String arguments, FlowRequest request) {
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS);
        return CompletableFuture.completedFuture(now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }
}
