package dev.flowstream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Where each third-party API may be used, and how the packages may depend on each other: each
 * library stays behind its own package, no package cycles, and the node categories depend on the
 * node SPI, not on each other.
 */
class ArchitectureTest {

    /** Flowise's categories (and Flowstream's own local documents): one package each under chatflow. */
    static final List<String> CATEGORIES = List.of("chatmodels", "prompts", "memory", "chains", "agents", "tools",
            "documentloaders", "textsplitters", "embeddings", "vectorstores", "retrievers", "engine", "responsesynthesizer",
            "localdocs", "recordmanager", "moderation", "llms", "outputparsers");

    private static JavaClasses classes;

    @BeforeAll
    static void import_main_classes() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.flowstream");
    }

    @Test
    void socket_io_is_used_only_in_the_socketio_package() {
        onlyIn("io.socket..", "dev.flowstream.socketio..");
    }

    @Test
    void langchain4j_is_used_only_under_chatflow() {
        onlyIn("dev.langchain4j..", "dev.flowstream.chatflow..");
    }

    @Test
    void undertow_is_used_only_in_the_standalone_package() {
        onlyIn("io.undertow..", "dev.flowstream.standalone..");
    }

    @Test
    void lucene_is_used_only_by_the_local_docs_nodes() {
        onlyIn("org.apache.lucene..", "dev.flowstream.chatflow.localdocs..");
    }

    @Test
    void the_database_drivers_and_their_pool_are_used_only_by_the_vector_stores_and_record_managers() {
        onlyIn("org.postgresql..", "dev.flowstream.chatflow.vectorstores..");
        noClasses().that().resideOutsideOfPackages("dev.flowstream.chatflow.vectorstores..", "dev.flowstream.chatflow.recordmanager..")
                .should().dependOnClassesThat().resideInAPackage("org.mariadb..").check(classes);
        noClasses().that().resideOutsideOfPackages("dev.flowstream.chatflow.vectorstores..", "dev.flowstream.chatflow.recordmanager..")
                .should().dependOnClassesThat().resideInAPackage("com.zaxxer.hikari..").check(classes);
    }

    @Test
    void the_redis_client_is_used_only_by_the_vector_stores_and_the_redis_memory() {
        onlyIn("redis.clients..", "dev.flowstream.chatflow.vectorstores..", "dev.flowstream.chatflow.memory..");
        onlyIn("org.apache.commons.pool2..", "dev.flowstream.chatflow.vectorstores..", "dev.flowstream.chatflow.memory..");
    }

    @Test
    void the_mongodb_driver_is_used_only_by_the_vector_stores() {
        onlyIn("com.mongodb..", "dev.flowstream.chatflow.vectorstores..");
        onlyIn("org.bson..", "dev.flowstream.chatflow.vectorstores..");
    }

    @Test
    void pdfbox_and_commons_csv_are_used_only_by_the_document_loaders() {
        onlyIn("org.apache.pdfbox..", "dev.flowstream.chatflow.documentloaders..");
        onlyIn("org.apache.commons.csv..", "dev.flowstream.chatflow.documentloaders..");
    }

    @Test
    void html_parsing_is_used_only_by_the_web_loaders_and_the_html_splitter() {
        noClasses().that().resideOutsideOfPackages("dev.flowstream.chatflow.documentloaders..",
                        "dev.flowstream.chatflow.textsplitters..")
                .should().dependOnClassesThat().resideInAPackage("org.jsoup..").check(classes);
        onlyIn("com.vladsch.flexmark..", "dev.flowstream.chatflow.textsplitters..");
    }

    @Test
    void packages_have_no_cycles() {
        slices().matching("dev.flowstream.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void node_categories_depend_on_the_node_spi_and_not_on_each_other() {
        for (String category : CATEGORIES) {
            String[] others = Stream.concat(CATEGORIES.stream().filter(other -> !other.equals(category)),
                            Stream.of("graph", "catalog"))
                    .map(other -> "dev.flowstream.chatflow." + other + "..").toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAPackage("dev.flowstream.chatflow." + category + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("a node category uses other nodes only through the roles of chatflow.node");
            rule.check(classes);
        }
    }

    @Test
    void the_node_spi_and_shared_support_know_no_category() {
        String[] categories = CATEGORIES.stream().map(c -> "dev.flowstream.chatflow." + c + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage("dev.flowstream.chatflow.node..", "dev.flowstream.chatflow.support..")
                .should().dependOnClassesThat().resideInAnyPackage(categories).check(classes);
    }

    private static void onlyIn(String library, String... allowed) {
        noClasses().that().resideOutsideOfPackages(allowed).should().dependOnClassesThat().resideInAPackage(library)
                .check(classes);
    }
}
