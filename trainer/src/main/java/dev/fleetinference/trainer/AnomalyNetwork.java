package dev.fleetinference.trainer;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The classifier: one ReLU hidden layer and a single logit, as variables in a graph. The training graph and the
 * exported serving graph both build it, so they cannot drift apart.
 */
final class AnomalyNetwork {

    private final Variable<TFloat32> hiddenWeights;
    private final Variable<TFloat32> hiddenBias;
    private final Variable<TFloat32> outputWeights;
    private final Variable<TFloat32> outputBias;

    /** The network's variables in {@code tf}'s graph, initialised to {@code weights}. */
    AnomalyNetwork(Ops tf, NetworkWeights weights) {
        hiddenWeights = tf.withName("hidden_weights").variable(tf.constant(weights.hiddenWeights()));
        hiddenBias = tf.withName("hidden_bias").variable(tf.constant(weights.hiddenBias()));
        outputWeights = tf.withName("output_weights").variable(tf.constant(weights.outputWeights()));
        outputBias = tf.withName("output_bias").variable(tf.constant(weights.outputBias()));
    }

    /** Logits [batch, 1] of standardised features [batch, 8]. */
    Operand<TFloat32> logits(Ops tf, Operand<TFloat32> standardised) {
        Operand<TFloat32> hidden = tf.nn.relu(tf.math.add(tf.linalg.matMul(standardised, hiddenWeights), hiddenBias));
        return tf.math.add(tf.linalg.matMul(hidden, outputWeights), outputBias);
    }

    /** The variables' current values in {@code session}. */
    NetworkWeights read(Session session) {
        try (Result values = session.runner()
                .fetch(hiddenWeights).fetch(hiddenBias).fetch(outputWeights).fetch(outputBias).run()) {
            return new NetworkWeights(
                    StdArrays.array2dCopyOf((TFloat32) values.get(0)),
                    StdArrays.array1dCopyOf((TFloat32) values.get(1)),
                    StdArrays.array2dCopyOf((TFloat32) values.get(2)),
                    StdArrays.array1dCopyOf((TFloat32) values.get(3)));
        }
    }
}
