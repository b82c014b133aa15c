package dev.flowstream.chatflow.localdocs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into passages at blank lines, the way Markdown separates paragraphs: a fenced code
 * block stays whole, and a heading is kept with the paragraph below it so a passage carries its
 * topic. Stateless and thread-safe.
 */
final class PassageSplitter {

    private PassageSplitter() {
    }

    static List<String> split(String text) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inFence = false;
        for (String line : text.split("\r?\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) inFence = !inFence;
            if (!inFence && trimmed.isEmpty()) {
                flush(current, paragraphs);
                continue;
            }
            if (!current.isEmpty()) current.append('\n');
            current.append(line);
        }
        flush(current, paragraphs);
        return joinHeadings(paragraphs);
    }

    private static void flush(StringBuilder current, List<String> paragraphs) {
        String paragraph = current.toString().strip();
        if (!paragraph.isEmpty()) paragraphs.add(paragraph);
        current.setLength(0);
    }

    /** A paragraph made only of headings joins the one after it. */
    private static List<String> joinHeadings(List<String> paragraphs) {
        List<String> passages = new ArrayList<>();
        String pending = "";
        for (String paragraph : paragraphs) {
            String joined = pending.isEmpty() ? paragraph : pending + "\n\n" + paragraph;
            if (isHeadingOnly(paragraph)) {
                pending = joined;
            } else {
                passages.add(joined);
                pending = "";
            }
        }
        if (!pending.isEmpty()) passages.add(pending);
        return passages;
    }

    private static boolean isHeadingOnly(String paragraph) {
        return paragraph.lines().allMatch(line -> line.startsWith("#"));
    }
}
