package io.github.modewatch.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.github.modewatch.io.InvalidInputException;
import io.github.modewatch.metrics.segmentation.FsdReference;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One ONNX Runtime session with one NCHW float32 image input and a chosen float32 output, checked when it is
 * opened; feeds batches of images (cast to float32, resized to a fixed input size, normalised) and hands back
 * each batch's output. Thread-safe (ONNX Runtime sessions are); {@link #close()} once.
 */
final class OnnxModel implements AutoCloseable {
    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String inputName;
    private final long[] inputShape; // -1 = dynamic
    private final String inputShapeText;
    private final String outputName;
    private final long[] outputShape;
    private final String outputShapeText;
    private final Normalization normalization;
    private final int batch;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** One batch's output: {@code shape[0]} images, c-order values. */
    record Output(float[] values, long[] shape) {}

    OnnxModel(Path file, String output, Normalization normalization, int batch, int threads) {
        if (file == null) {
            throw new InvalidInputException("model is null: pass the path of an .onnx file (torch.onnx.export)");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("model file " + file + " does not exist or is not a file: pass the path "
                    + "of an .onnx file (exported with torch.onnx.export)");
        }
        this.file = file;
        this.env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        OrtSession s;
        try {
            if (threads > 0) {
                opts.setIntraOpNumThreads(threads);
            }
            s = env.createSession(file.toString(), opts);
        } catch (OrtException e) {
            opts.close();
            throw new InvalidInputException(
                    "model file " + file + " is not an ONNX model ONNX Runtime can load (" + firstLine(e.getMessage())
                            + "); export the model with torch.onnx.export",
                    e);
        }
        this.options = opts;
        this.session = s;
        try {
            Map<String, NodeInfo> inputs = s.getInputInfo();
            if (inputs.size() != 1) {
                throw new InvalidInputException("model " + file + " has " + inputs.size() + " inputs "
                        + describe(inputs) + ": expected exactly one, an image batch [N, C, H, W] (float32)");
            }
            NodeInfo in = inputs.values().iterator().next();
            this.inputName = in.getName();
            TensorInfo inInfo = tensor(in, "input");
            this.inputShape = inInfo.getShape();
            this.inputShapeText = shapeText(inInfo);
            if (inInfo.type != OnnxJavaType.FLOAT || inputShape.length != 4) {
                throw new InvalidInputException("model " + file + ": input '" + inputName + "' is " + inInfo.type + " "
                        + inputShapeText + ", expected an image batch float32 [N, C, H, W] (NCHW); export the model "
                        + "with an image input");
            }
            Map<String, NodeInfo> outputs = s.getOutputInfo();
            NodeInfo out;
            if (output == null) {
                out = outputs.values().iterator().next();
            } else {
                out = outputs.get(output);
                if (out == null) {
                    throw new InvalidInputException("model " + file + " has no output '" + output
                            + "': its outputs are " + describe(outputs) + "; pass one of these names");
                }
            }
            this.outputName = out.getName();
            TensorInfo outInfo = tensor(out, "output");
            this.outputShape = outInfo.getShape();
            this.outputShapeText = shapeText(outInfo);
            if (outInfo.type != OnnxJavaType.FLOAT) {
                throw new InvalidInputException("model " + file + ": output '" + outputName + "' is " + outInfo.type
                        + " " + outputShapeText + ", expected float32");
            }
            int channels = Math.toIntExact(inputShape[1]);
            if (channels > 0 && normalization.channels() > 0 && normalization.channels() != channels) {
                throw new InvalidInputException("normalization has " + normalization.channels() + " channels but "
                        + "model " + file + " takes " + channels + " (input '" + inputName + "' " + inputShapeText
                        + "): pass one mean and std per input channel");
            }
            this.normalization = normalization;
            this.batch = inputShape[0] > 0 ? Math.toIntExact(inputShape[0]) : batch;
        } catch (RuntimeException | OrtException e) {
            close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new InvalidInputException("model " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    private TensorInfo tensor(NodeInfo node, String what) {
        if (!(node.getInfo() instanceof TensorInfo t)) {
            throw new InvalidInputException("model " + file + ": " + what + " '" + node.getName() + "' is "
                    + node.getInfo() + ", expected a dense float32 tensor");
        }
        return t;
    }

    Path file() {
        return file;
    }

    String inputName() {
        return inputName;
    }

    String outputName() {
        return outputName;
    }

    /** The input's shape, -1 for a dynamic dimension (a copy). */
    long[] inputShape() {
        return inputShape.clone();
    }

    /** The chosen output's declared shape, -1 for a dynamic dimension (a copy). */
    long[] outputShape() {
        return outputShape.clone();
    }

    String inputShapeText() {
        return inputShapeText;
    }

    String outputShapeText() {
        return outputShapeText;
    }

    int batch() {
        return batch;
    }

    Normalization normalization() {
        return normalization;
    }

    /** The fixed height x width images are resized to, or null when the model takes any size. */
    int[] fixedSize() {
        return inputShape[2] > 0 && inputShape[3] > 0
                ? new int[] {Math.toIntExact(inputShape[2]), Math.toIntExact(inputShape[3])}
                : null;
    }

    /** How images reach the model, for labels: e.g. {@code 299x299 bilinear-antialias} or {@code native size}. */
    String resizeText() {
        int[] size = fixedSize();
        return size == null ? "native size" : size[0] + "x" + size[1] + " bilinear-antialias";
    }

    /**
     * Runs every image through the model in batches and hands each batch's output to {@code sink} with the index
     * of its first image.
     *
     * @param images NCHW {@code [n, C, H, W]}, or {@code [n, C*H*W]} rows (channel-major) when the model's input
     *               size is fixed; any numeric data type; not modified
     */
    void run(INDArray images, BatchSink sink) {
        if (closed.get()) {
            throw new IllegalStateException("model " + file + " is closed");
        }
        if (images == null) {
            throw new InvalidInputException("images is null: pass an [n, C, H, W] array");
        }
        long[] shape = images.shape();
        if (images.dataType() == DataType.BOOL || images.dataType() == DataType.UTF8) {
            throw new InvalidInputException("images have data type " + images.dataType() + ": pass numeric pixels");
        }
        int c;
        int h;
        int w;
        if (images.rank() == 4) {
            c = Math.toIntExact(shape[1]);
            h = Math.toIntExact(shape[2]);
            w = Math.toIntExact(shape[3]);
            if (inputShape[1] > 0 && c != inputShape[1]) {
                throw new InvalidInputException("images have shape " + Arrays.toString(shape) + " but model " + file
                        + " takes " + inputShapeText + ": " + inputShape[1] + " channels expected, got " + c
                        + (shape[3] == inputShape[1] ? "; NHWC images must be permuted to NCHW first" : ""));
            }
        } else if (images.rank() == 2 && inputShape[1] > 0 && fixedSize() != null) {
            c = Math.toIntExact(inputShape[1]);
            h = fixedSize()[0];
            w = fixedSize()[1];
            if (shape[1] != (long) c * h * w) {
                throw new InvalidInputException("images have shape " + Arrays.toString(shape) + " but model " + file
                        + " takes " + inputShapeText + ": rows must have " + c + "*" + h + "*" + w + " = "
                        + (long) c * h * w + " values (channel-major), or pass [n, C, H, W] images");
            }
        } else {
            throw new InvalidInputException("images have shape " + Arrays.toString(shape) + " but model " + file
                    + " takes " + inputShapeText + ": pass [n, C, H, W] images (NCHW)"
                    + (images.rank() == 2 ? "; flat rows need a model with a fixed input size" : ""));
        }
        long n = shape[0];
        if (n < 1 || h < 1 || w < 1) {
            throw new InvalidInputException("images have shape " + Arrays.toString(shape) + ": need at least one image "
                    + "of at least 1 x 1 pixels");
        }
        int[] size = fixedSize();
        int outH = size == null ? h : size[0];
        int outW = size == null ? w : size[1];
        int plane = outH * outW;
        // ND4J 1.0.0-M2.1 returns an empty array for an interval reaching the end of a view's first axis
        // (view.get(interval(5, 7), all()...) of a 7-image view), so a view is copied once and sliced as a copy.
        INDArray source = images.isView() ? images.dup('c') : images;
        for (long start = 0; start < n; start += batch) {
            int count = (int) Math.min(batch, n - start);
            INDArray slice = source.get(FsdReference.batchIndex(source.rank(), start, start + count));
            float[] pixels = slice.castTo(DataType.FLOAT).dup('c').data().asFloat();
            if (pixels.length != count * c * h * w) {
                pixels = Arrays.copyOf(pixels, count * c * h * w);
            }
            if (outH != h || outW != w) {
                pixels = AntialiasedBilinear.resize(pixels, count * c, h, w, outH, outW);
            }
            normalization.apply(pixels, count, c, plane);
            int fed = inputShape[0] > 0 ? batch : count; // a fixed batch size: pad the last batch with zeros
            if (fed != count) {
                pixels = Arrays.copyOf(pixels, fed * c * plane);
            }
            sink.accept(start, count, infer(pixels, new long[] {fed, c, outH, outW}, count));
        }
    }

    /** Receives one batch's output. */
    @FunctionalInterface
    interface BatchSink {
        void accept(long firstImage, int images, Output output);
    }

    private Output infer(float[] pixels, long[] shape, int keep) {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), shape);
                OrtSession.Result result = session.run(Map.of(inputName, input), Set.of(outputName))) {
            OnnxValue value = result.get(0);
            if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
                throw new InvalidInputException("model " + file + ": output '" + outputName + "' is " + value.getInfo()
                        + ", expected a float32 tensor");
            }
            long[] outShape = tensor.getInfo().getShape();
            if (outShape.length == 0 || outShape[0] != shape[0]) {
                throw new InvalidInputException("model " + file + ": output '" + outputName + "' has shape "
                        + Arrays.toString(outShape) + " for a batch of " + shape[0] + " images; expected [N, ...] "
                        + "with one row per image");
            }
            FloatBuffer buffer = tensor.getFloatBuffer();
            long per = 1;
            for (int i = 1; i < outShape.length; i++) {
                per *= outShape[i];
            }
            float[] values = new float[Math.toIntExact(per * keep)];
            buffer.get(values);
            long[] kept = outShape.clone();
            kept[0] = keep;
            return new Output(values, kept);
        } catch (OrtException e) {
            throw new InvalidInputException(
                    "model " + file + " failed on a batch of shape " + Arrays.toString(shape) + " (input '" + inputName
                            + "' " + inputShapeText + "): " + firstLine(e.getMessage()),
                    e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("closing the ONNX Runtime session of " + file + " failed", e);
            } finally {
                options.close();
            }
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    static String shapeText(TensorInfo info) {
        long[] shape = info.getShape();
        String[] names = info.getDimensionNames();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (shape[i] >= 0) {
                sb.append(shape[i]);
            } else {
                sb.append(
                        names != null && i < names.length && names[i] != null && !names[i].isEmpty() ? names[i] : "?");
            }
        }
        return sb.append(']').toString();
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        StringBuilder sb = new StringBuilder();
        for (NodeInfo node : nodes.values()) {
            sb.append(sb.length() == 0 ? "" : ", ")
                    .append('\'')
                    .append(node.getName())
                    .append("' ");
            sb.append(
                    node.getInfo() instanceof TensorInfo t
                            ? shapeText(t)
                            : node.getInfo().toString());
        }
        return sb.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.strip();
        int nl = line.indexOf('\n');
        return nl < 0 ? line : line.substring(0, nl);
    }
}
