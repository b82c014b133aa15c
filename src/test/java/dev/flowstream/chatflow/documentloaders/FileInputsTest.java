package dev.flowstream.chatflow.documentloaders;

import dev.flowstream.chatflow.node.FlowLoadException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a file loader's files may come from, and what it refuses. */
class FileInputsTest {

    @TempDir
    Path configDir;
    private LoaderFixture fixture;

    @BeforeEach
    void start() {
        fixture = new LoaderFixture(configDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void a_path_leaving_the_config_directory_fails_the_load() {
        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture.documents("csvFile", Map.of("csvFile", "../secrets.csv")));

        assertEquals("node csvFile_0 (csvFile) input csvFile must name a path inside the config directory, not ../secrets.csv",
                failure.getMessage());
    }

    @Test
    void files_kept_in_flowise_s_own_storage_fail_the_load_saying_the_export_does_not_carry_them() {
        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture.documents("pdfFile", Map.of("pdfFile", "FILE-STORAGE::[\"report.pdf\"]")));
        FlowLoadException text = assertThrows(FlowLoadException.class,
                () -> fixture.documents("textFile", Map.of("txtFile", "FILE-STORAGE::notes.txt")));

        assertTrue(text.getMessage().startsWith("node textFile_0 (textFile) input txtFile names files kept in Flowise's own storage"));
        assertEquals("node pdfFile_0 (pdfFile) input pdfFile names files kept in Flowise's own storage (FILE-STORAGE::), which an "
                + "export does not carry: upload them again, send them to the upsert API, or put them in the config directory "
                + "and name their path", failure.getMessage());
    }

    @Test
    void a_file_of_the_config_directory_over_the_size_bound_is_refused_unread() throws Exception {
        try (RandomAccessFile big = new RandomAccessFile(configDir.resolve("big.json").toFile(), "rw")) {
            big.setLength((FileInputs.MAX_FILE_MB + 1) * 1024L * 1024L); // sparse: nothing is written
        }

        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture.documents("jsonFile", Map.of("jsonFile", "big.json")));

        assertEquals("node jsonFile_0 (jsonFile) input jsonFile: file big.json is larger than " + FileInputs.MAX_FILE_MB + " MB",
                failure.getMessage());
    }

    @Test
    void an_upload_that_is_not_base64_fails_the_load_naming_it() {
        FlowLoadException failure = assertThrows(FlowLoadException.class,
                () -> fixture.documents("jsonFile", Map.of("jsonFile", "data:application/json;base64,%%%,filename:a.json")));

        assertEquals("node jsonFile_0 (jsonFile) input jsonFile: uploaded file a.json is not valid base64", failure.getMessage());
    }
}
