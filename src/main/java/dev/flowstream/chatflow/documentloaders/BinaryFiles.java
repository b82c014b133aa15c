package dev.flowstream.chatflow.documentloaders;

import java.util.Locale;
import java.util.Set;

/**
 * File names whose extension says the content is not text (images, audio, video, archives, fonts,
 * compiled code, office documents): a repository loader leaves them out without fetching them, as
 * LangChain's GitHub loader does. A file that is fetched and turns out not to be UTF-8 text is left
 * out as well, so this list only has to save requests. Stateless.
 */
final class BinaryFiles {

    private static final Set<String> EXTENSIONS = Set.of(
            "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "heic", "avif",
            "mp3", "wav", "ogg", "flac", "aac", "m4a", "mp4", "m4v", "mov", "avi", "mkv", "webm", "wmv", "flv",
            "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "tar", "zst", "jar", "war", "ear", "apk", "aar",
            "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "epub",
            "woff", "woff2", "ttf", "otf", "eot",
            "exe", "dll", "so", "dylib", "bin", "class", "o", "a", "lib", "obj", "pyc", "pyo", "wasm", "node",
            "db", "sqlite", "sqlite3", "iso", "dmg", "img", "pkg", "deb", "rpm", "msi", "parquet", "npy", "pkl");

    private BinaryFiles() {
    }

    static boolean named(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
