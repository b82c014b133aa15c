package dev.flowstream.chatflow;

import dev.flowstream.streaming.StreamEvent;
import dev.flowstream.streaming.StreamSink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** A sink that remembers every event and notices when it is called by two threads at once. */
public final class RecordingSink implements StreamSink {

    private final List<StreamEvent> events = new ArrayList<>();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicBoolean overlapped = new AtomicBoolean();

    @Override
    public void accept(StreamEvent event) {
        if (inside.incrementAndGet() > 1) overlapped.set(true);
        try {
            synchronized (events) {
                events.add(event);
            }
        } finally {
            inside.decrementAndGet();
        }
    }

    public List<StreamEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Event names in order, e.g. {@code [start, token, token, end]}. */
    public List<String> names() {
        return events().stream().map(StreamEvent::name).toList();
    }

    public List<String> tokens() {
        return events().stream().filter(StreamEvent.Token.class::isInstance)
                .map(event -> ((StreamEvent.Token) event).text()).toList();
    }

    public String text() {
        return String.join("", tokens());
    }

    public long count(String name) {
        return names().stream().filter(name::equals).count();
    }

    public boolean overlapped() {
        return overlapped.get();
    }

    @Override
    public String toString() {
        return names().stream().collect(Collectors.joining(", ", "[", "]"));
    }
}
