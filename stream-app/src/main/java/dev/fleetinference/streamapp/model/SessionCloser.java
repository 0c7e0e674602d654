package dev.fleetinference.streamapp.model;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.tensorflow.engine.SavedModelBundle;
import ai.djl.tensorflow.engine.TfSymbolBlock;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;

/**
 * Frees the native TensorFlow session of a SavedModel that DJL 0.28 would leak (STACK.md trap 3).
 *
 * <p>DJL gets the session from {@code TF_LoadSessionFromSavedModel} as a bare javacpp pointer with
 * no deallocator, so its {@code close()} frees nothing; and while the session lives, TensorFlow
 * also keeps the graph DJL asks it to delete: about 1.35 MB per reload. The session is reachable
 * only through a private field of {@link TfSymbolBlock}. If a DJL upgrade moves it, the model
 * still closes (leaking as before) and this warns once; it never fails a swap.
 */
final class SessionCloser {

    private static final Logger log = LoggerFactory.getLogger(SessionCloser.class);
    private static final String BUNDLE_FIELD = "bundle";

    private final AtomicBoolean warned = new AtomicBoolean();

    /**
     * Closes and deletes the session of {@code model}'s SavedModel, then nulls DJL's handle to it so
     * that DJL's own close cannot touch it again. Call it after the last predictor is closed and
     * before {@code model.close()}; returns whether the session was freed.
     */
    boolean closeSession(Model model) {
        try {
            Block block = model.getBlock();
            if (!(block instanceof TfSymbolBlock)) {
                warnOnce("its block is a " + (block == null ? "null" : block.getClass().getName())
                        + ", not DJL 0.28's TfSymbolBlock", null);
                return false;
            }
            Field field = TfSymbolBlock.class.getDeclaredField(BUNDLE_FIELD);
            field.setAccessible(true);
            SavedModelBundle bundle = (SavedModelBundle) field.get(block);
            TF_Session session = bundle == null ? null : bundle.getSession();
            if (session == null || session.isNull()) {
                return false;
            }
            try (TF_Status status = TF_Status.newStatus()) {
                tensorflow.TF_CloseSession(session, status);
                tensorflow.TF_DeleteSession(session, status);
                if (tensorflow.TF_GetCode(status) != tensorflow.TF_OK) {
                    warnOnce("TensorFlow answered " + tensorflow.TF_Message(status).getString(), null);
                }
            }
            // DJL's SavedModelBundle.close() skips a null handle: without this it would close it again
            session.setNull();
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            warnOnce(e.toString(), e);
            return false;
        }
    }

    private void warnOnce(String problem, Throwable cause) {
        if (warned.compareAndSet(false, true)) {
            log.warn("cannot free the TensorFlow session of a closed model ({}); each model swap will leak about "
                    + "1.35 MB of native memory until this is fixed for the DJL version in use", problem, cause);
        }
    }
}
