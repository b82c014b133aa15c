package dev.flowstream.chatflow.localdocs;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

import java.util.List;

/**
 * English analysis for technical documents and the questions asked about them: words are
 * stemmed, identifiers are split into their parts as well as kept whole
 * ({@code cors.origins}, {@code CORS_ORIGINS}, {@code socketIOClientId}), and the words every
 * question has ("how", "do", "I", "what") are dropped so they cannot decide a match.
 * Stateless and thread-safe (Lucene reuses components per thread).
 */
final class DocsAnalyzer extends Analyzer {

    private static final CharArraySet STOP_WORDS = stopWords();
    private static final int SPLITTING = WordDelimiterGraphFilter.GENERATE_WORD_PARTS
            | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
            | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE
            | WordDelimiterGraphFilter.PRESERVE_ORIGINAL;

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        TokenStream stream = new WordDelimiterGraphFilter(source, SPLITTING, null);
        // the index needs a flat token stream; queries only collect the terms, so flat is fine there too
        stream = new FlattenGraphFilter(stream);
        stream = new EnglishPossessiveFilter(stream);
        stream = new LowerCaseFilter(stream);
        stream = new StopFilter(stream, STOP_WORDS);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
    }

    private static CharArraySet stopWords() {
        CharArraySet words = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        words.addAll(List.of("how", "do", "does", "did", "i", "me", "my", "we", "our", "you", "your",
                "what", "which", "who", "whom", "why", "when", "where", "can", "could", "should", "would",
                "shall", "may", "might", "must", "has", "have", "had", "am", "been", "being", "its",
                "get", "got", "about", "tell", "please", "want", "need", "there", "here", "so", "from",
                "some", "any", "also", "than", "very", "just", "out", "up", "one", "all"));
        return CharArraySet.unmodifiableSet(words);
    }
}
