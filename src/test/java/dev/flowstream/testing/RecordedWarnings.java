package dev.flowstream.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The WARNING and SEVERE records logged in this JVM (the embedded server's included) while each test
 * runs: {@code @RegisterExtension final RecordedWarnings warnings = new RecordedWarnings();}
 *
 * <p>Threading: records arrive from any thread; reading them is safe from the test's.
 */
public final class RecordedWarnings implements BeforeEachCallback, AfterEachCallback {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Override
    public void beforeEach(ExtensionContext context) {
        records.clear();
        Logger.getLogger("").addHandler(recorder);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger.getLogger("").removeHandler(recorder);
    }

    public List<LogRecord> all() {
        return List.copyOf(records);
    }

    /** One line per record: logger, level, message and what was thrown. */
    public String describe() {
        return records.stream().map(r -> r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage() + " "
                + r.getThrown()).toList().toString();
    }
}
