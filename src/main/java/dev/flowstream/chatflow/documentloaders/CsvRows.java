package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.streaming.SourceDocument;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CSV file's rows as documents, the way Flowise's CSV loader makes them: the first row names the
 * columns; each further row is one document, either {@code column: value} lines for every column
 * or, with a column chosen, that column's value alone. Metadata: {@code source}, and {@code line}
 * (the row's number, 1 for the first after the header) when the file has more than one row. The
 * delimiter is guessed as Papa Parse guesses it (comma, tab, pipe, semicolon, ...), with Apache
 * Commons CSV doing the parsing.
 *
 * <p>Threading: stateless.
 */
final class CsvRows {

    private static final char[] DELIMITERS = {',', '\t', '|', ';', '\u001E', '\u001F'};
    private static final int GUESS_ROWS = 10;

    private CsvRows() {
    }

    static List<SourceDocument> documents(ExportNode node, LoaderFile file, Optional<String> column) {
        List<List<String>> rows = parse(node, file, file.text(node).trim());
        if (rows.isEmpty()) return List.of();
        List<String> header = rows.get(0);
        int index = column.map(name -> header.indexOf(name)).orElse(-1);
        if (column.isPresent() && index < 0) {
            throw node.failure("input columnName: file " + file.name() + " has no column " + column.get()
                    + " (its columns: " + String.join(", ", header) + ")");
        }
        List<SourceDocument> documents = new ArrayList<>();
        for (int row = 1; row < rows.size(); row++) {
            List<String> values = rows.get(row);
            String content = column.isPresent() ? value(values, index) : pairs(header, values);
            documents.add(new SourceDocument(content, rows.size() == 2 ? Map.of("source", file.name())
                    : Map.of("source", file.name(), "line", row)));
        }
        return documents;
    }

    private static String pairs(List<String> header, List<String> values) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String key = header.get(i).trim();
            lines.add((key.isEmpty() ? "_0" : key) + ": " + value(values, i).trim());
        }
        return String.join("\n", lines);
    }

    private static String value(List<String> values, int index) {
        return index < values.size() ? values.get(index) : "";
    }

    private static List<List<String>> parse(ExportNode node, LoaderFile file, String text) {
        try {
            return records(text, delimiter(text), Integer.MAX_VALUE);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw file.failure(node, "is not valid CSV (" + e.getMessage() + ")");
        }
    }

    /** Papa Parse's guess: the delimiter whose first rows have the most fields (two at least) and the steadiest count. */
    static char delimiter(String text) {
        char best = ',';
        int bestDelta = Integer.MAX_VALUE;
        double mostFields = 1.99;
        for (char candidate : DELIMITERS) {
            List<List<String>> rows;
            try {
                rows = records(text, candidate, GUESS_ROWS);
            } catch (UncheckedIOException | IllegalStateException e) {
                continue; // not CSV with this delimiter
            }
            int delta = 0;
            for (int i = 1; i < rows.size(); i++) delta += Math.abs(rows.get(i).size() - rows.get(i - 1).size());
            double fields = rows.stream().mapToInt(List::size).average().orElse(0);
            if (delta <= bestDelta && fields > mostFields) {
                best = candidate;
                bestDelta = delta;
                mostFields = fields;
            }
        }
        return best;
    }

    /** Up to {@code limit} records as lists of values. */
    private static List<List<String>> records(String text, char delimiter, int limit) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            for (CSVRecord record : parser) {
                if (rows.size() == limit) break;
                rows.add(record.toList());
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
