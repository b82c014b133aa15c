package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.ExportNode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository as a GitHub loader's {@code repoLink} names it:
 * {@code <base>/<owner>/<repo>}, optionally {@code /tree/<branch>/<folder>} to load one folder (the
 * branch in the link is not used: the {@code branch} input is, as in Flowise), where {@code <base>}
 * is {@code https://github.com} or the node's {@code githubBaseUrl} (GitHub Enterprise).
 *
 * <p>Threading: an immutable value.
 *
 * @param folder the folder to load, without slashes around it; empty for the whole repository
 */
record GithubRepo(String baseUrl, String owner, String name, String folder) {

    static final String GITHUB = "https://github.com";

    /** The repository {@code link} names, or a load failure that shows the expected form. */
    static GithubRepo parse(ExportNode node, String baseUrl, String link) {
        Pattern form = Pattern.compile("^" + Pattern.quote(baseUrl) + "/([^/?#\\s]+)/([^/?#\\s]+?)(?:\\.git)?"
                + "(?:/tree/[^/?#\\s]+(?:/([^?#\\s]+?))?)?/?$", Pattern.CASE_INSENSITIVE);
        Matcher parts = form.matcher(link.trim());
        if (!parts.matches()) {
            throw node.failure("input repoLink must be a repository link like " + baseUrl
                    + "/owner/repo (optionally /tree/<branch>/<folder>), not " + link.trim());
        }
        String folder = parts.group(3) == null ? "" : parts.group(3);
        return new GithubRepo(baseUrl, parts.group(1), parts.group(2), folder);
    }

    /** The repository's address, as Flowise's documents name it in {@code metadata.repository}. */
    String address() {
        return baseUrl + "/" + owner + "/" + name;
    }

    /** Whether a file of the repository is loaded: inside the folder, and directly in it unless recursive. */
    boolean holds(String path, boolean recursive) {
        if (folder.isEmpty()) return recursive || !path.contains("/");
        if (path.equals(folder)) return true; // the link names one file
        if (!path.startsWith(folder + "/")) return false;
        return recursive || path.indexOf('/', folder.length() + 1) < 0;
    }
}
