package dev.flowstream.chatflow.documentloaders;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowstream.chatflow.ChatflowException;
import dev.flowstream.chatflow.documentloaders.LoaderOutput.MetadataRule;
import dev.flowstream.chatflow.node.DocumentLoader;
import dev.flowstream.chatflow.node.ExportNode;
import dev.flowstream.chatflow.node.FlowRuntime;
import dev.flowstream.chatflow.node.Wiring;
import dev.flowstream.chatflow.support.ApiKeys;
import dev.flowstream.chatflow.support.Overrides;
import dev.flowstream.chatflow.support.VendorApi;
import dev.flowstream.streaming.SourceDocument;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Flowise's {@code unstructuredFileLoader}: each file is posted to Unstructured's
 * {@code /general/v0/general} (at {@code unstructuredAPIUrl}, else {@code UNSTRUCTURED_API_URL},
 * else Unstructured's hosted API) with the fields of {@link UnstructuredForm} and the key of the
 * {@code unstructuredApi} credential ({@code unstructuredAPIKey}) in {@code UNSTRUCTURED-API-KEY};
 * each element of the answer with text becomes a document with the element's metadata and its
 * type as {@code category}, as LangChain's loader makes them; {@code sourceIdKey} (default
 * {@code source}) holds the element's value under that key, else the file's name. The files are
 * those of {@code fileObject} (uploads in the export, or a path inside the config directory), of
 * {@code filePath} (Flowise 1's path, inside the config directory), or an upsert's files, which
 * replace them as in Flowise. A named file that is not there fails the load; the API is called only
 * when documents are asked for (an upsert), and fails naming the node: 502 when Unstructured
 * refuses or is down, 504 past the provider timeout.
 *
 * <p>Threading: immutable after load; {@link #documents} blocks on the network.
 */
final class UnstructuredFileNode implements DocumentLoader {

    static final String NAME = "unstructuredFileLoader";
    private static final String HOSTED = "https://api.unstructuredapp.io/general/v0/general";
    /** The other loaders' file inputs, in Flowise's order: an upsert's files arrive there. */
    private static final List<String> UPLOADS = List.of("pdfFile", "txtFile", "docxFile", "jsonlinesFile", "csvFile", "jsonFile");
    private static final Set<String> FILE_INPUTS = Stream.concat(UPLOADS.stream(), Stream.of("fileObject"))
            .collect(Collectors.toUnmodifiableSet());
    private static final Set<String> OVERRIDABLE = Stream.concat(FILE_INPUTS.stream(), Stream.of("metadata", "omitMetadataKeys"))
            .collect(Collectors.toUnmodifiableSet());

    private final ExportNode node;
    private final Path configDir;
    private final URI url;
    private final UnstructuredForm form;
    private final String sourceIdKey;
    private final ApiKeys key = new ApiKeys("unstructuredAPIKey", "unstructuredApi", "UNSTRUCTURED_API_KEY");
    private final FlowRuntime runtime;
    private final VendorApi api;

    private UnstructuredFileNode(ExportNode node, Wiring wiring) {
        this.node = node;
        this.runtime = wiring.runtime();
        this.configDir = runtime.configDir();
        this.url = address(node, node.inputs().text("unstructuredAPIUrl").map(String::trim)
                .or(() -> runtime.env("UNSTRUCTURED_API_URL")).orElse(HOSTED));
        this.form = UnstructuredForm.of(node);
        this.sourceIdKey = node.inputs().text("sourceIdKey").map(String::trim).orElse("source");
        LoaderOutput.inputMetadata(node, MetadataRule.INPUT_WINS); // a bad value fails the load, not a later upsert
        this.api = VendorApi.of(node, "Unstructured", runtime);
    }

    static UnstructuredFileNode load(ExportNode node, Wiring wiring) {
        UnstructuredFileNode loader = new UnstructuredFileNode(node, wiring);
        loader.files(node); // a file that is not there fails the load; the API is called by the upsert only
        return loader;
    }

    @Override
    public Set<String> fileInputs() {
        return FILE_INPUTS;
    }

    @Override
    public List<SourceDocument> documents(Map<String, Object> overrideConfig) {
        ExportNode current = Overrides.apply(node, overrideConfig, OVERRIDABLE).orElse(node);
        List<LoaderFile> files = files(current);
        if (files.isEmpty()) throw current.failure("needs a file: upload one into its fileObject input or send it to the upsert");
        List<SourceDocument> elements = new ArrayList<>();
        for (LoaderFile file : files) elements.addAll(partition(file));
        return LoaderOutput.finish(current, elements, Optional.empty(), MetadataRule.INPUT_WINS);
    }

    /** An upsert's files first, else the node's upload, else Flowise 1's path. */
    private List<LoaderFile> files(ExportNode current) {
        List<LoaderFile> files = new ArrayList<>();
        for (String input : UPLOADS) files.addAll(FileInputs.read(current, input, configDir));
        if (files.isEmpty()) files.addAll(FileInputs.read(current, "fileObject", configDir));
        if (files.isEmpty()) files.addAll(FileInputs.read(current, "filePath", configDir));
        return files;
    }

    private List<SourceDocument> partition(LoaderFile file) {
        MultipartForm body = new MultipartForm().file("files", file.name(), file.bytes());
        form.fields().forEach(field -> body.field(field.getKey(), field.getValue()));
        JsonNode answer = api.post(url, Map.of("UNSTRUCTURED-API-KEY", key.find(node, runtime).orElse("")), body.bytes(),
                body.contentType());
        if (!answer.isArray()) {
            throw new ChatflowException(ChatflowException.Kind.PROVIDER, "node " + node.id() + " (" + NAME
                    + "): Unstructured answered with something other than a list of elements for " + file.name());
        }
        List<SourceDocument> documents = new ArrayList<>();
        for (JsonNode element : answer) {
            if (!element.path("text").isTextual()) continue;
            Map<String, Object> metadata = new LinkedHashMap<>();
            element.path("metadata").properties().forEach(field -> {
                if (!field.getValue().isNull()) metadata.put(field.getKey(), LoaderOutput.plain(field.getValue()));
            });
            if (element.path("type").isTextual()) metadata.put("category", element.path("type").asText());
            Object source = metadata.get(sourceIdKey);
            if (source == null || source.equals("")) metadata.put(sourceIdKey, file.name());
            documents.add(new SourceDocument(element.path("text").asText(), metadata));
        }
        return documents;
    }

    private static URI address(ExportNode node, String given) {
        String problem = "input unstructuredAPIUrl must be an http or https address like "
                + "http://localhost:8000/general/v0/general, not " + given;
        try {
            URI uri = new URI(given);
            if (!WebFetcher.fetchable(uri)) throw node.failure(problem);
            return uri;
        } catch (URISyntaxException e) {
            throw node.failure(problem);
        }
    }
}
