package dev.fleetinference.trainer;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * TF Java 0.5.0's Adam with the order of each step fixed, so that the same seed trains the same weights.
 *
 * <p>Two races in the library made every run differ: each variable's update started as soon as its own gradient was
 * ready, while the backward pass could still be reading that variable for another gradient; and {@code finish}
 * advanced {@code beta1_power} and {@code beta2_power} with no dependency on the updates that read them. Here no
 * update starts before the loss and every gradient are computed, and the powers advance after every update.
 */
final class OrderedAdam extends Adam {

    // the names Adam 0.5.0 gives its bias-correction accumulators; one Adam per graph, so no suffixes
    private static final String BETA_ONE_POWER = "beta1_power";
    private static final String BETA_TWO_POWER = "beta2_power";

    private final Graph graph;

    OrderedAdam(Graph graph, float learningRate) {
        super(graph, learningRate);
        this.graph = graph;
    }

    @Override
    public Op minimize(Operand<?> loss, String name) {
        List<GradAndVar<?>> gradients = computeGradients(loss);
        List<Op> computed = new ArrayList<>();
        computed.add(identity(getTF(), loss));
        gradients.forEach(pair -> computed.add(identity(getTF(), pair.getGradient())));
        Ops afterAllGradients = getTF().withControlDependencies(computed);
        List<GradAndVar<? extends TType>> gated = new ArrayList<>();
        gradients.forEach(pair -> gated.add(gate(afterAllGradients, pair)));
        return applyGradients(gated, name);
    }

    // replaces Adam's own finish, whose power updates race with the variable updates
    @Override
    protected Op finish(List<Op> updateOperations, String name) {
        Ops afterUpdates = getTF().withControlDependencies(updateOperations);
        List<Op> step = new ArrayList<>(updateOperations);
        step.add(advance(afterUpdates, BETA_ONE_POWER, BETA_ONE_DEFAULT));
        step.add(advance(afterUpdates, BETA_TWO_POWER, BETA_TWO_DEFAULT));
        return getTF().withControlDependencies(step).withName(name).noOp();
    }

    private Op advance(Ops afterUpdates, String powerName, float beta) {
        Output<TFloat32> power = graph.operation(powerName).output(0);
        return afterUpdates.assign(power, afterUpdates.math.mul(power, afterUpdates.constant(beta)));
    }

    private static <T extends TType> Op identity(Ops tf, Operand<T> operand) {
        return tf.identity(operand);
    }

    private static <T extends TType> GradAndVar<T> gate(Ops afterAllGradients, GradAndVar<T> pair) {
        return new GradAndVar<>(afterAllGradients.identity(pair.getGradient()).output(), pair.getVariable());
    }
}
