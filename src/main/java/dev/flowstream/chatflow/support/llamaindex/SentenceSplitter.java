package dev.flowstream.chatflow.support.llamaindex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LlamaIndex TS's {@code SentenceSplitter} (0.3, the version Flowise's LlamaIndex nodes run): text
 * cut into sentences, which are joined with single spaces into chunks of at most {@code chunkSize}
 * tokens ({@code cl100k_base}), each chunk starting with the last sentences of the one before, up
 * to {@code chunkOverlap} tokens. Paragraphs (three newlines apart) shorter than the chunk size, in
 * characters, are merged first. A sentence longer than a chunk stays whole. What the splitter does
 * decides the text Pinecone keeps and the context a model reads, so it follows LlamaIndex's
 * algorithm step for step, quirks included: a sentence ends after its punctuation mark, before any
 * closing quote or bracket, and the newlines between sentences become spaces.
 *
 * <p>Threading: immutable and thread-safe.
 */
public final class SentenceSplitter {

    /** LlamaIndex's node parser: how its vector stores cut documents before embedding them. */
    public static final SentenceSplitter NODE_PARSER = new SentenceSplitter(1024, 20);

    private static final String PARAGRAPH = "\n\n\n";
    private static final Pattern SENTENCE_END = Pattern.compile("[.?!][\\])'\"`’”]*(?:" + JsText.SPACE + "|\\z)");

    private final int chunkSize;
    private final double chunkOverlap;

    /** One sentence and its length in tokens. */
    private record Sentence(String text, int tokens) {
    }

    public SentenceSplitter(int chunkSize, double chunkOverlap) {
        if (chunkSize < 1 || chunkOverlap > chunkSize) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " with overlap " + chunkOverlap);
        }
        this.chunkSize = chunkSize;
        this.chunkOverlap = chunkOverlap;
    }

    /** The chunks of {@code text}, in order; none for an empty text. */
    public List<String> split(String text) {
        if (text.isEmpty()) return List.of();
        List<Sentence> sentences = new ArrayList<>();
        for (String paragraph : paragraphs(text)) {
            for (String sentence : sentences(paragraph)) {
                String trimmed = JsText.trim(sentence);
                sentences.add(new Sentence(trimmed, Tokens.count(trimmed)));
            }
        }
        return combine(sentences);
    }

    private List<String> paragraphs(String text) {
        List<String> paragraphs = new ArrayList<>(Arrays.asList(text.split(PARAGRAPH, -1)));
        int i = 0;
        while (i < paragraphs.size()) {
            if (i < paragraphs.size() - 1 && paragraphs.get(i).length() < chunkSize) {
                paragraphs.set(i, paragraphs.get(i) + PARAGRAPH + paragraphs.remove(i + 1));
            } else {
                i++;
            }
        }
        return paragraphs;
    }

    /** LlamaIndex's default sentence tokenizer: a cut after each end mark followed by a space or the end. */
    private static List<String> sentences(String paragraph) {
        List<String> sentences = new ArrayList<>();
        Matcher end = SENTENCE_END.matcher(paragraph);
        int from = 0;
        while (end.find()) {
            sentences.add(paragraph.substring(from, end.start() + 1));
            from = end.start() + 1;
        }
        sentences.add(paragraph.substring(from));
        sentences.removeIf(String::isEmpty);
        return sentences;
    }

    private List<String> combine(List<Sentence> sentences) {
        List<String> chunks = new ArrayList<>();
        List<Sentence> current = new ArrayList<>();
        int tokens = 0;
        for (Sentence sentence : sentences) {
            if (tokens + sentence.tokens() > chunkSize) {
                if (!current.isEmpty()) chunks.add(join(current));
                List<Sentence> previous = current;
                current = new ArrayList<>();
                tokens = 0;
                for (int j = previous.size() - 1; j >= 0 && tokens + previous.get(j).tokens() <= chunkOverlap; j--) {
                    current.add(0, previous.get(j));
                    tokens += previous.get(j).tokens() + 1;
                }
            }
            current.add(sentence);
            tokens += sentence.tokens() + 1;
        }
        chunks.add(join(current));
        return chunks;
    }

    private static String join(List<Sentence> sentences) {
        return JsText.trim(String.join(" ", sentences.stream().map(Sentence::text).toList()));
    }
}
