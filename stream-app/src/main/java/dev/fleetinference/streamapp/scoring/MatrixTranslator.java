package dev.fleetinference.streamapp.scoring;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;

/** Turns a batch of feature rows (already in the model's input order) into the input tensor, and the score column back. */
public final class MatrixTranslator implements NoBatchifyTranslator<float[][], float[]> {

    private final int width;

    public MatrixTranslator(int width) {
        this.width = width;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[][] rows) {
        FloatBuffer buffer = FloatBuffer.allocate(rows.length * width);
        for (float[] row : rows) {
            if (row.length != width) {
                throw new IllegalArgumentException("a row has " + row.length + " features; the model takes " + width);
            }
            buffer.put(row);
        }
        buffer.flip();
        NDArray input = ctx.getNDManager().create(buffer, new Shape(rows.length, width), DataType.FLOAT32);
        return new NDList(input);
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList outputs) {
        return outputs.get(0).toType(DataType.FLOAT32, false).toFloatArray();
    }
}
