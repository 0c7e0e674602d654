package dev.fleetinference.trainer;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Conversions between flat Java arrays and the [rows, columns] float tensors the graphs take. */
final class FeatureTensors {

    private FeatureTensors() {
    }

    /** A [rows, columns] tensor holding {@code values} row by row. The caller closes it. */
    static TFloat32 matrix(float[] values, int rows, int columns) {
        if (values.length != rows * columns) {
            throw new IllegalArgumentException(values.length + " values cannot fill a [" + rows + ", " + columns
                    + "] tensor");
        }
        return TFloat32.tensorOf(Shape.of(rows, columns), DataBuffers.of(values, true, false));
    }

    /** The values of a [rows, 1] tensor. */
    static float[] column(TFloat32 tensor) {
        float[] values = new float[(int) tensor.shape().get(0)];
        tensor.read(DataBuffers.of(values, false, false));
        return values;
    }
}
