#!/usr/bin/env python3
"""Writes the small ONNX models (known weights) and the reference values the modewatch-onnx tests use.

Needs Debian's python3-onnx, python3-numpy and python3-pil (PIL is the resize oracle). Run from anywhere:
    /usr/bin/python3 onnx/scripts/make_fixtures.py
Everything goes to onnx/src/test/resources/onnx/ and is committed, so the tests do not need Python.
Deterministic: the same numbers on every run (numpy's PCG64 with fixed seeds).

With --cnn OUT.onnx it instead writes a random-weight CNN of about Inception v3's cost (~5.7 G multiply-adds
per 299 x 299 image) for bench/onnx/run.sh; that one is not committed.
"""
import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "test", "resources", "onnx")

# core's internal.data.Scenes class colours (Scenes.classColours(), RGB in [0, 1]); OnnxSegmenterTest checks that
# the conv built from them labels Scenes images exactly as the PaletteSegmenter does.
SCENE_CLASSES = ["sky", "ground", "building", "tree", "person", "car"]
SCENE_COLOURS = np.array([
    [0.55, 0.78, 0.95],
    [0.55, 0.42, 0.22],
    [0.52, 0.52, 0.56],
    [0.12, 0.50, 0.16],
    [0.95, 0.20, 0.55],
    [0.12, 0.16, 0.60],
], dtype=np.float64)


def save(model, name):
    model.producer_name = "modewatch onnx/scripts/make_fixtures.py"
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name))


def npy(name, array):
    np.save(os.path.join(OUT, name), array)


def image_input(name, c, h, w):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", c, h, w])


def gemm_relu():
    """images [batch, 3, 4, 4] -> Flatten -> Gemm (W 5 x 48, transB) -> 'pre' -> Relu -> 'features' (first output)."""
    rng = np.random.default_rng(15)
    weight = rng.normal(0.0, 0.3, size=(5, 48)).astype(np.float32)
    bias = rng.normal(0.0, 0.5, size=(5,)).astype(np.float32)
    nodes = [
        helper.make_node("Flatten", ["images"], ["flat"], axis=1),
        helper.make_node("Gemm", ["flat", "weight", "bias"], ["pre"], transB=1),
        helper.make_node("Relu", ["pre"], ["features"]),
    ]
    graph = helper.make_graph(
        nodes, "gemm_relu", [image_input("images", 3, 4, 4)],
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", 5]),
         helper.make_tensor_value_info("pre", TensorProto.FLOAT, ["batch", 5])],
        [numpy_helper.from_array(weight, "weight"), numpy_helper.from_array(bias, "bias")])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "gemm_relu.onnx")
    npy("gemm_relu_weight.npy", weight)
    npy("gemm_relu_bias.npy", bias)


def conv_gap():
    """images [batch, 3, H, W] (any size) -> 1x1 Conv 3 -> 4 -> GlobalAveragePool -> [batch, 4, 1, 1]."""
    rng = np.random.default_rng(16)
    weight = rng.normal(0.0, 1.0, size=(4, 3, 1, 1)).astype(np.float32)
    bias = rng.normal(0.0, 1.0, size=(4,)).astype(np.float32)
    nodes = [
        helper.make_node("Conv", ["images", "weight", "bias"], ["mapped"], kernel_shape=[1, 1]),
        helper.make_node("GlobalAveragePool", ["mapped"], ["pooled"]),
    ]
    graph = helper.make_graph(
        nodes, "conv_gap",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, "height", "width"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", 4, 1, 1])],
        [numpy_helper.from_array(weight, "weight"), numpy_helper.from_array(bias, "bias")])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "conv_gap.onnx")
    npy("conv_gap_weight.npy", weight.reshape(4, 3))
    npy("conv_gap_bias.npy", bias)


def grey_gap():
    """Grey images [batch, 1, H, W] (any size; e.g. IDX/MNIST) -> 1x1 Conv 1 -> 2 -> GlobalAveragePool -> [batch, 2, 1, 1]:
    feature o of an image = weight[o] * mean pixel + bias[o]."""
    weight = np.array([[[[2.0]]], [[[-3.0]]]], dtype=np.float32)
    bias = np.array([0.5, 1.0], dtype=np.float32)
    nodes = [
        helper.make_node("Conv", ["images", "weight", "bias"], ["mapped"], kernel_shape=[1, 1]),
        helper.make_node("GlobalAveragePool", ["mapped"], ["pooled"]),
    ]
    graph = helper.make_graph(
        nodes, "grey_gap",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 1, "height", "width"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", 2, 1, 1])],
        [numpy_helper.from_array(weight, "weight"), numpy_helper.from_array(bias, "bias")])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "grey_gap.onnx")


def palette_segmenter(name, height, width):
    """Nearest palette colour as a 1x1 conv: argmin_c |x - p_c|^2 = argmax_c (2 p_c . x - |p_c|^2)."""
    weight = (2.0 * SCENE_COLOURS).astype(np.float32).reshape(6, 3, 1, 1)
    bias = (-(SCENE_COLOURS ** 2).sum(axis=1)).astype(np.float32)
    node = helper.make_node("Conv", ["images", "weight", "bias"], ["logits"], kernel_shape=[1, 1])
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("images", TensorProto.FLOAT, ["batch", 3, height, width])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 6, height, width])],
        [numpy_helper.from_array(weight, "weight"), numpy_helper.from_array(bias, "bias")])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), name + ".onnx")


def tie_segmenter():
    """Zero weights, biases (1, 1, 0.5): every pixel ties between classes 0 and 1 (argmax must pick the first)."""
    weight = np.zeros((3, 3, 1, 1), dtype=np.float32)
    bias = np.array([1.0, 1.0, 0.5], dtype=np.float32)
    node = helper.make_node("Conv", ["images", "weight", "bias"], ["logits"], kernel_shape=[1, 1])
    graph = helper.make_graph(
        [node], "tie_segmenter", [image_input("images", 3, "height", "width")],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3, "height", "width"])],
        [numpy_helper.from_array(weight, "weight"), numpy_helper.from_array(bias, "bias")])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "tie_segmenter.onnx")


def flat_input():
    """A model whose input is not an image batch: x [batch, 12] -> Gemm -> [batch, 2] (for the error tests)."""
    weight = np.arange(24, dtype=np.float32).reshape(2, 12) / 24
    node = helper.make_node("Gemm", ["x", "weight"], ["y"], transB=1)
    graph = helper.make_graph(
        [node], "flat_input", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 12])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 2])],
        [numpy_helper.from_array(weight, "weight")])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "flat_input.onnx")


def pil_resize(images, height, width):
    """Oracle: PIL's antialiased bilinear resize (Image.BILINEAR) of each channel as a 32-bit float ('F') image."""
    from PIL import Image
    n, c = images.shape[:2]
    out = np.empty((n, c, height, width), dtype=np.float32)
    for i in range(n):
        for k in range(c):
            img = Image.fromarray(images[i, k].astype(np.float32), mode="F")
            out[i, k] = np.asarray(img.resize((width, height), resample=Image.BILINEAR), dtype=np.float32)
    return out


def resize_oracle():
    """Images of several sizes and PIL's resize of each to the 4 x 4 input of gemm_relu.onnx."""
    rng = np.random.default_rng(17)
    for h, w in [(8, 8), (11, 7), (3, 5), (4, 9)]:
        images = rng.uniform(0.0, 1.0, size=(2, 3, h, w)).astype(np.float32)
        npy(f"resize_{h}x{w}.npy", images)
        npy(f"resize_{h}x{w}_to_4x4.npy", pil_resize(images, 4, 4))


def inception_sized_cnn(path):
    """Random He-initialised VGG-style CNN, 299 x 299 x 3 -> 2048 features; prints its multiply-adds per image."""
    rng = np.random.default_rng(0)
    # (out channels, kernel, stride) per conv; 'pool' = 2 x 2 max pool, stride 2
    layers = [(32, 3, 2), (64, 3, 1), "pool", (128, 3, 1), (128, 3, 1), "pool", (256, 3, 1), (256, 3, 1),
              (256, 3, 1), "pool", (512, 3, 1), (512, 3, 1), (384, 3, 1), (2048, 1, 1)]
    nodes, inits = [], []
    x, c, size, macs = "images", 3, 299, 0
    for i, layer in enumerate(layers):
        if layer == "pool":
            nodes.append(helper.make_node("MaxPool", [x], [f"p{i}"], kernel_shape=[2, 2], strides=[2, 2]))
            x, size = f"p{i}", size // 2
            continue
        out, k, stride = layer
        w = (rng.standard_normal((out, c, k, k)) * np.sqrt(2.0 / (c * k * k))).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(np.zeros(out, np.float32), f"b{i}")]
        pad = k // 2
        nodes.append(helper.make_node("Conv", [x, f"w{i}", f"b{i}"], [f"c{i}"], kernel_shape=[k, k],
                                      strides=[stride, stride], pads=[pad] * 4))
        nodes.append(helper.make_node("Relu", [f"c{i}"], [f"r{i}"]))
        size = (size + 2 * pad - k) // stride + 1
        macs += size * size * out * c * k * k
        x, c = f"r{i}", out
    nodes.append(helper.make_node("GlobalAveragePool", [x], ["pool3"]))
    graph = helper.make_graph(nodes, "inception_sized_cnn", [image_input("images", 3, 299, 299)],
                              [helper.make_tensor_value_info("pool3", TensorProto.FLOAT, ["batch", c, 1, 1])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.producer_name = "modewatch onnx/scripts/make_fixtures.py --cnn"
    onnx.checker.check_model(model)
    onnx.save(model, path)
    print(f"{path}: {macs / 1e9:.2f} G multiply-adds per 299x299 image, {c} features", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cnn", metavar="OUT.onnx", help="write the Inception-sized random CNN instead")
    args = parser.parse_args()
    if args.cnn:
        inception_sized_cnn(args.cnn)
        return
    os.makedirs(OUT, exist_ok=True)
    gemm_relu()
    conv_gap()
    grey_gap()
    palette_segmenter("palette_segmenter", "height", "width")
    palette_segmenter("palette_segmenter_8x8", 8, 8)
    tie_segmenter()
    flat_input()
    resize_oracle()


if __name__ == "__main__":
    main()
