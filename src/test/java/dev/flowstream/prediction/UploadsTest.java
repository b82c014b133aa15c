package dev.flowstream.prediction;

import dev.flowstream.http.HttpException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UploadsTest {

    private static final Set<String> ALL = Set.of("txtFile", "pdfFile", "csvFile", "jsonFile", "jsonlinesFile", "docxFile");

    @Test
    void text_files_become_the_text_file_loader_s_inline_files_and_fields_become_overrides() {
        MultipartForm form = new MultipartForm(Map.of("overrideConfig", "{\"chunkSize\": 200}", "topK", "2"),
                List.of(part("a.txt", "alpha"), part("b.MD", "beta")));

        Map<String, Object> overrides = Uploads.overrideConfig(form, Set.of("txtFile"));

        assertEquals(Map.of("chunkSize", 200, "topK", "2",
                "txtFile", "[\"data:text/plain;base64,YWxwaGE=,filename:a.txt\",\"data:text/markdown;base64,YmV0YQ==,filename:b.MD\"]"),
                overrides);
    }

    @Test
    void each_file_goes_to_the_input_of_the_loaders_that_read_its_kind_as_flowise_maps_them() {
        MultipartForm form = new MultipartForm(Map.of(), List.of(part("r.pdf", "%PDF"), part("t.csv", "a"), part("u.json", "{}"),
                part("v.jsonl", "{}"), part("w.docx", "PK"), part("x.pdf", "%PDF")));

        Map<String, Object> overrides = Uploads.overrideConfig(form, ALL);

        assertEquals(Map.of(
                "pdfFile", "[\"data:application/pdf;base64,JVBERg==,filename:r.pdf\",\"data:application/pdf;base64,JVBERg==,filename:x.pdf\"]",
                "csvFile", "[\"data:text/csv;base64,YQ==,filename:t.csv\"]",
                "jsonFile", "[\"data:application/json;base64,e30=,filename:u.json\"]",
                "jsonlinesFile", "[\"data:application/jsonl;base64,e30=,filename:v.jsonl\"]",
                "docxFile", "[\"data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,UEs=,filename:w.docx\"]"),
                overrides);
    }

    @Test
    void a_file_of_a_kind_no_loader_reads_is_refused_by_name() {
        MultipartForm form = new MultipartForm(Map.of(), List.of(part("a.txt", "alpha"), part("sales.xlsx", "PK")));

        HttpException failure = assertThrows(HttpException.class, () -> Uploads.overrideConfig(form, ALL));

        assertEquals(415, failure.status());
        assertEquals("file sales.xlsx cannot be upserted: Flowstream's loaders read .csv, .docx, .json, .jsonl, .markdown, .md, .pdf, "
                + ".text, .txt files", failure.getMessage());
    }

    @Test
    void a_file_none_of_the_flow_s_loaders_reads_is_refused_naming_the_loaders_that_would() {
        MultipartForm form = new MultipartForm(Map.of(), List.of(part("a.txt", "alpha"), part("report.pdf", "%PDF")));

        HttpException failure = assertThrows(HttpException.class, () -> Uploads.overrideConfig(form, Set.of("txtFile")));

        assertEquals(415, failure.status());
        assertEquals("file report.pdf cannot be upserted: no loader of this chatflow reads .pdf files (pdfFile or fileLoader would)",
                failure.getMessage());
    }

    @Test
    void an_override_config_field_that_is_not_json_is_a_bad_request() {
        MultipartForm form = new MultipartForm(Map.of("overrideConfig", "{chunkSize"), List.of());

        HttpException failure = assertThrows(HttpException.class, () -> Uploads.overrideConfig(form, ALL));

        assertEquals(400, failure.status());
    }

    private static MultipartForm.Part part(String name, String text) {
        return new MultipartForm.Part("files", name, text.getBytes(StandardCharsets.UTF_8));
    }
}
