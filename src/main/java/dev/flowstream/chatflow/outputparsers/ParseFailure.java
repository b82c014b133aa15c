package dev.flowstream.chatflow.outputparsers;

/**
 * The model's answer does not parse (LangChain's {@code OutputParserException}): what autofix
 * sends back to the model, and what the failure of the run says when autofix is off or fails too.
 * Thrown and caught on the model thread that parses; immutable.
 */
final class ParseFailure extends Exception {

    ParseFailure(String message) {
        super(message, null, false, false);
    }
}
