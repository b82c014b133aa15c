package dev.flowstream.chatflow.documentloaders;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ignorePath patterns match as the lines of a .gitignore do. */
class IgnorePathsTest {

    private static final List<String> PATHS = List.of("README.md", "docs/intro.md", "docs/guide/setup.md",
            "docs/guide/img/a.PNG", "src/main.py", "src/docs/notes.md", "build/out.txt", "a/b/c/build/x.txt");

    @Test
    void a_name_without_a_slash_matches_at_any_depth() {
        assertEquals(List.of("README.md", "docs/intro.md", "docs/guide/setup.md", "src/docs/notes.md"), ignored("*.md"));
        assertEquals(List.of("build/out.txt", "a/b/c/build/x.txt"), ignored("build"));
    }

    @Test
    void a_slash_at_the_start_or_inside_anchors_the_pattern_at_the_root() {
        assertEquals(List.of("docs/intro.md"), ignored("docs/*.md"));
        assertEquals(List.of("build/out.txt"), ignored("/build"));
        assertEquals(List.of("README.md"), ignored("/README.md"));
    }

    @Test
    void a_trailing_slash_matches_folders_only_and_what_is_inside_them() {
        assertEquals(List.of("docs/intro.md", "docs/guide/setup.md", "docs/guide/img/a.PNG", "src/docs/notes.md"), ignored("docs/"));
        assertEquals(List.of(), ignored("README.md/"));
    }

    @Test
    void double_stars_cross_folders_and_case_is_ignored() {
        assertEquals(List.of("docs/guide/setup.md", "docs/guide/img/a.PNG"), ignored("docs/**/guide/**"));
        assertEquals(List.of("docs/guide/img/a.PNG"), ignored("**/*.png"));
        assertEquals(List.of("src/main.py"), ignored("src/m?in.[pq]y"));
    }

    @Test
    void a_negation_takes_a_path_back_unless_its_folder_is_ignored() {
        assertEquals(List.of("docs/intro.md", "src/docs/notes.md"), ignored("*.md", "!README.md", "!setup.md"));
        assertEquals(List.of("docs/intro.md", "docs/guide/setup.md", "docs/guide/img/a.PNG"), ignored("/docs/", "!docs/intro.md"));
    }

    @Test
    void blank_lines_and_comments_are_no_patterns() {
        assertEquals(List.of(), ignored("", "   ", "# *.md"));
    }

    private static List<String> ignored(String... patterns) {
        IgnorePaths ignore = IgnorePaths.of(List.of(patterns));
        return PATHS.stream().filter(ignore::ignores).toList();
    }
}
