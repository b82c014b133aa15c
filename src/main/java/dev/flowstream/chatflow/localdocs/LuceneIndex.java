package dev.flowstream.chatflow.localdocs;

import dev.flowstream.streaming.SourceDocument;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An in-memory full-text index of passages (Lucene, BM25, {@link DocsAnalyzer}; a Markdown heading
 * counts double). Questions are analysed into terms and OR-ed together; there is no query syntax,
 * so no question can fail to parse. Built once, then read-only.
 *
 * <p>Threading: {@link #search} is safe from any number of threads; {@link #close} once nothing
 * searches any more.
 */
final class LuceneIndex implements AutoCloseable {

    private static final String TEXT = "text";
    private static final String TITLE = "title";
    private static final float TITLE_BOOST = 2f;
    private static final String SOURCE = "source";
    private static final String INDEX = "passage";
    private static final int MAX_RESULTS = 100;

    private final Analyzer analyzer;
    private final ByteBuffersDirectory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    private LuceneIndex(Analyzer analyzer, ByteBuffersDirectory directory) throws IOException {
        this.analyzer = analyzer;
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
    }

    /** Indexes the passages; see {@link DocsReader} to get them from a directory. */
    static LuceneIndex of(List<Passage> passages) {
        Analyzer analyzer = new DocsAnalyzer();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
            for (Passage passage : passages) writer.addDocument(document(passage));
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory index failed", e);
        }
        try {
            return new LuceneIndex(analyzer, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory index failed", e);
        }
    }

    /** The {@code k} passages that best match {@code query}, best first; empty when none shares a term. */
    List<SourceDocument> search(String query, int k) {
        BooleanQuery terms = termsOf(query);
        if (k <= 0 || terms.clauses().isEmpty()) return List.of();
        try {
            ScoreDoc[] hits = searcher.search(terms, Math.min(k, MAX_RESULTS)).scoreDocs;
            StoredFields stored = searcher.storedFields();
            List<SourceDocument> found = new ArrayList<>(hits.length);
            for (ScoreDoc hit : hits) found.add(passage(stored.document(hit.doc)).toSourceDocument());
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory index failed", e);
        }
    }

    /** How many passages the index holds. */
    int size() {
        return reader.numDocs();
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the in-memory index failed", e);
        }
    }

    private BooleanQuery termsOf(String query) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream(TEXT, query)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken() && terms.size() < IndexSearcher.getMaxClauseCount() / 2) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing the question failed", e);
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (String term : terms) {
            builder.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
            builder.add(new BoostQuery(new TermQuery(new Term(TITLE, term)), TITLE_BOOST), BooleanClause.Occur.SHOULD);
        }
        return builder.build();
    }

    private static Document document(Passage passage) {
        Document document = new Document();
        document.add(new TextField(TEXT, passage.text(), Field.Store.YES));
        document.add(new TextField(TITLE, headings(passage.text()), Field.Store.NO));
        document.add(new StoredField(SOURCE, passage.source()));
        document.add(new StoredField(INDEX, passage.index()));
        return document;
    }

    /** The Markdown heading lines of a passage: a match there says more than one in the body. */
    private static String headings(String text) {
        return text.lines().filter(line -> line.startsWith("#")).collect(Collectors.joining("\n"));
    }

    private static Passage passage(Document document) {
        return new Passage(document.get(TEXT), document.get(SOURCE), document.getField(INDEX).numericValue().intValue());
    }
}
