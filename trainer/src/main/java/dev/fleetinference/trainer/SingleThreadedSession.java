package dev.fleetinference.trainer;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.framework.ConfigProto;

/** Opens TensorFlow sessions that run on one thread. */
final class SingleThreadedSession {

    // the network is tiny, so more threads buy little, and one thread keeps the order of float sums, and so the
    // trained weights, the same from run to run
    private static final ConfigProto ONE_THREAD = ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(1)
            .setInterOpParallelismThreads(1)
            .build();

    private SingleThreadedSession() {
    }

    /** A session on {@code graph}; the caller closes it. */
    static Session open(Graph graph) {
        return new Session(graph, ONE_THREAD);
    }
}
