package dev.flowstream.prediction;

import dev.flowstream.http.HttpException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultipartFormTest {

    private static final String TYPE = "multipart/form-data; boundary=----b0undary";

    @Test
    void fields_and_files_are_split_with_their_bytes_intact() {
        String body = "------b0undary\r\n"
                + "Content-Disposition: form-data; name=\"chunkSize\"\r\n\r\n"
                + "500\r\n"
                + "------b0undary\r\n"
                + "Content-Disposition: form-data; name=\"files\"; filename=\"notes.md\"\r\n"
                + "Content-Type: text/markdown\r\n\r\n"
                + "# Otters\r\n\r\nhold hands ✋\r\n"
                + "------b0undary--\r\n";

        MultipartForm form = MultipartForm.parse(TYPE, bytes(body));

        assertEquals(Map.of("chunkSize", "500"), form.fields());
        assertEquals(1, form.files().size());
        assertEquals("files", form.files().get(0).field());
        assertEquals("notes.md", form.files().get(0).fileName());
        assertArrayEquals(bytes("# Otters\r\n\r\nhold hands ✋"), form.files().get(0).content());
    }

    @Test
    void a_content_type_without_a_boundary_is_a_bad_request() {
        assertBadRequest("multipart/form-data without a boundary", "multipart/form-data", "anything");
    }

    @Test
    void a_body_without_its_boundary_is_a_bad_request() {
        assertBadRequest("the multipart body does not start with its boundary", TYPE, "just text");
    }

    @Test
    void a_part_cut_short_is_a_bad_request() {
        assertBadRequest("a part of the multipart body is cut short", TYPE,
                "------b0undary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end");
    }

    @Test
    void a_part_without_a_name_is_a_bad_request() {
        assertBadRequest("a part of the multipart body has no name", TYPE,
                "------b0undary\r\nContent-Disposition: form-data\r\n\r\nx\r\n------b0undary--");
    }

    @Test
    void a_part_without_a_content_disposition_is_a_bad_request() {
        assertBadRequest("a part of the multipart body has no Content-Disposition", TYPE,
                "------b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n------b0undary--");
    }

    private static void assertBadRequest(String message, String contentType, String body) {
        HttpException failure = assertThrows(HttpException.class, () -> MultipartForm.parse(contentType, bytes(body)));
        assertEquals(400, failure.status());
        assertEquals(message, failure.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
