package dev.flowstream.chatflow.chatmodels;

import dev.flowstream.chatflow.node.NodeInputs;

import java.util.Optional;

/**
 * The model and sampling inputs most providers' nodes share, as Flowise names them:
 * {@code modelName}, {@code temperature}, {@code topP}, {@code topK}. Immutable.
 */
record SamplingInputs(String modelName, Optional<Double> temperature, Optional<Double> topP, Optional<Integer> topK) {

    static SamplingInputs read(NodeInputs in, String defaultModel) {
        return new SamplingInputs(in.text("modelName").map(String::trim).orElse(defaultModel), in.number("temperature"),
                in.number("topP"), in.integer("topK"));
    }
}
