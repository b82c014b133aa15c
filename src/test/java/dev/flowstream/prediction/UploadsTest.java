package dev.flowstream.prediction;

import dev.flowstream.http.HttpException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UploadsTest {

    @Test
    void text_files_become_the_text_file_loader_s_inline_files_and_fields_become_overrides() {
        MultipartForm form = new MultipartForm(Map.of("overrideConfig", "{\"chunkSize\": 200}", "topK", "2"),
                List.of(part("a.txt", "alpha"), part("b.MD", "beta")));

        Map<String, Object> overrides = Uploads.overrideConfig(form);

        assertEquals(Map.of("chunkSize", 200, "topK", "2",
                "txtFile", "[\"data:text/plain;base64,YWxwaGE=,filename:a.txt\",\"data:text/plain;base64,YmV0YQ==,filename:b.MD\"]"),
                overrides);
    }

    @Test
    void a_file_that_is_not_text_is_refused_by_name() {
        MultipartForm form = new MultipartForm(Map.of(), List.of(part("a.txt", "alpha"), part("report.pdf", "%PDF")));

        HttpException failure = assertThrows(HttpException.class, () -> Uploads.overrideConfig(form));

        assertEquals(415, failure.status());
        assertEquals("file report.pdf cannot be upserted yet: only text files (.markdown, .md, .text, .txt)", failure.getMessage());
    }

    @Test
    void an_override_config_field_that_is_not_json_is_a_bad_request() {
        MultipartForm form = new MultipartForm(Map.of("overrideConfig", "{chunkSize"), List.of());

        HttpException failure = assertThrows(HttpException.class, () -> Uploads.overrideConfig(form));

        assertEquals(400, failure.status());
    }

    private static MultipartForm.Part part(String name, String text) {
        return new MultipartForm.Part("files", name, text.getBytes(StandardCharsets.UTF_8));
    }
}
