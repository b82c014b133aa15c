package dev.flowstream.chatflow.textsplitters;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where LangChain's {@code RecursiveCharacterTextSplitter.fromLanguage} cuts the code of each
 * language Flowise's {@code codeTextSplitter} offers, coarsest first (definitions, then control
 * flow, then blank lines, lines, spaces and characters), as {@code @langchain/textsplitters}
 * lists them. Stateless.
 */
final class CodeSeparators {

    /** What every language falls back on. */
    private static final List<String> TEXT = List.of("\n\n", "\n", " ", "");

    private static final Map<String, List<String>> BY_LANGUAGE = Map.ofEntries(
            Map.entry("cpp", code("class", "void", "int", "float", "double", "if", "for", "while", "switch", "case")),
            Map.entry("go", code("func", "var", "const", "type", "if", "for", "switch", "case")),
            Map.entry("java", code("class", "public", "protected", "private", "static", "if", "for", "while", "switch", "case")),
            Map.entry("js", code("function", "const", "let", "var", "class", "if", "for", "while", "switch", "case", "default")),
            Map.entry("php", code("function", "class", "if", "foreach", "while", "do", "switch", "case")),
            Map.entry("proto", code("message", "service", "enum", "option", "import", "syntax")),
            Map.entry("python", with(List.of("\nclass ", "\ndef ", "\n\tdef "))),
            Map.entry("rst", with(List.of("\n===\n", "\n---\n", "\n***\n", "\n.. "))),
            Map.entry("ruby", code("def", "class", "if", "unless", "while", "for", "do", "begin", "rescue")),
            Map.entry("rust", code("fn", "const", "let", "if", "while", "for", "loop", "match", "const")),
            Map.entry("scala", code("class", "object", "def", "val", "var", "if", "for", "while", "match", "case")),
            Map.entry("swift", code("func", "class", "struct", "enum", "if", "for", "while", "do", "switch", "case")),
            Map.entry("markdown", with(List.of("\n## ", "\n### ", "\n#### ", "\n##### ", "\n###### ", "```\n\n",
                    "\n\n***\n\n", "\n\n---\n\n", "\n\n___\n\n"))),
            Map.entry("latex", with(List.of("\n\\chapter{", "\n\\section{", "\n\\subsection{", "\n\\subsubsection{",
                    "\n\\begin{enumerate}", "\n\\begin{itemize}", "\n\\begin{description}", "\n\\begin{list}",
                    "\n\\begin{quote}", "\n\\begin{quotation}", "\n\\begin{verse}", "\n\\begin{verbatim}", "\n\\begin{align}",
                    "$$", "$"))),
            // HTML is cut at tags only, never at line breaks
            Map.entry("html", Stream.concat(Stream.of("body", "div", "p", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "span",
                    "table", "tr", "td", "th", "ul", "ol", "header", "footer", "nav", "head", "style", "script", "meta", "title")
                    .map(tag -> "<" + tag + ">"), Stream.of(" ", "")).toList()),
            Map.entry("sol", with(Stream.concat(Stream.of("pragma", "using", "contract", "interface", "library", "constructor",
                    "type", "function", "event", "modifier", "error", "struct", "enum", "if", "for", "while")
                    .map(word -> "\n" + word + " "), Stream.of("\ndo while ", "\nassembly ")).toList())));

    /** The language names, sorted, for messages. */
    static final String LANGUAGES = new TreeSet<>(BY_LANGUAGE.keySet()).stream().collect(Collectors.joining(", "));

    private CodeSeparators() {
    }

    static Optional<List<String>> of(String language) {
        return Optional.ofNullable(BY_LANGUAGE.get(language));
    }

    /** Each keyword at the start of a line, followed by a space, then the text fallbacks. */
    private static List<String> code(String... keywords) {
        return with(Stream.of(keywords).map(keyword -> "\n" + keyword + " ").toList());
    }

    private static List<String> with(List<String> first) {
        return Stream.concat(first.stream(), TEXT.stream()).toList();
    }
}
