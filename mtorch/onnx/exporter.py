"""mtorch modules to an ONNX graph, one converter per layer type.

The exporter walks the model (a layer, or Sequential containers of layers) in evaluation mode, running
``example_input`` through it layer by layer with mtorch, so every converter knows the shapes it reads and
writes. Each converter emits the ONNX nodes (opset ``OPSET_VERSION``) that compute what the layer's forward
computes, with the layer's parameters as initializers. The batch dimension stays free ("batch") unless a
layer folds it into another dimension (``Flatten(start_dim=0)``), where the graph keeps the example's size.
"""

from __future__ import annotations

import math
import os

import numpy as np

from .. import nn
from ..autograd.grad_mode import no_grad
from ..tensor import Tensor

OPSET_VERSION = 17
MISSING = "mtorch.onnx needs the onnx package: pip install onnx (or pip install 'mtorch[onnx]')"


def _onnx():
    try:
        import onnx
    except ImportError:
        raise ModuleNotFoundError(MISSING) from None
    return onnx


def export(model, example_input, path, input_names=("input",), output_names=("output",)) -> None:
    """Write ``model`` (a Module) as an ONNX file at ``path`` (a path or a binary file object).

    ``example_input`` is one Tensor (or numpy array) of the shape and dtype the model reads; the model runs
    on it in eval mode (its training mode is restored afterwards). Raises TypeError naming the layer the
    exporter does not know, and ModuleNotFoundError when onnx is not installed.
    """
    onnx = _onnx()
    from onnx import helper

    x = example_input if isinstance(example_input, Tensor) else Tensor(np.asarray(example_input))
    graph = _Graph(onnx)
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            out_name, out = graph.convert(model, type(model).__name__, input_names[0], x)
    finally:
        model.train(was_training)
    graph.nodes.append(helper.make_node("Identity", [out_name], [output_names[0]]))

    def value_info(name, value):
        dims = list(value.shape)
        if graph.batch_free and len(dims) > graph.batch_axis:
            dims[graph.batch_axis] = "batch"
        return helper.make_tensor_value_info(name, helper.np_dtype_to_tensor_dtype(value.numpy().dtype), dims)

    onnx_graph = helper.make_graph(graph.nodes, type(model).__name__, [value_info(input_names[0], x)],
                                   [value_info(output_names[0], out)], graph.initializers)
    onnx_model = helper.make_model(onnx_graph, producer_name="mtorch",
                                   opset_imports=[helper.make_opsetid("", OPSET_VERSION)])
    onnx.checker.check_model(onnx_model, full_check=True)
    data = onnx_model.SerializeToString()
    if hasattr(path, "write"):
        path.write(data)
    else:
        from ..serialization import write_bytes_atomic

        write_bytes_atomic(os.fspath(path), data)


class _Graph:
    """The nodes and initializers being built, with unique names."""

    def __init__(self, onnx):
        self.onnx = onnx
        self.nodes, self.initializers = [], []
        self.batch_free = True  # False once a layer folds the batch dimension into another
        self.batch_axis = 0  # 1 for a time-major (steps, batch, features) recurrent model
        self._used = set()

    def name(self, hint: str) -> str:
        name, n = hint, 1
        while name in self._used:
            n += 1
            name = f"{hint}_{n}"
        self._used.add(name)
        return name

    def const(self, array, hint: str) -> str:
        """An initializer holding ``array`` (float32 unless it is an integer array)."""
        array = np.asarray(array)
        if array.dtype.kind == "f":
            array = array.astype(np.float32)
        name = self.name(hint)
        self.initializers.append(self.onnx.numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type: str, inputs, hint: str, **attributes) -> str:
        """One node with one output, named after ``hint``."""
        output = self.name(hint)
        self.nodes.append(self.onnx.helper.make_node(op_type, list(inputs), [output], name=output, **attributes))
        return output

    def reshape(self, x: str, shape_in: tuple, shape_out: tuple, hint: str, keeps_batch: bool) -> str:
        """Reshape to ``shape_out``; the batch dimension stays free when the layer keeps it first."""
        if keeps_batch and shape_in[:1] == shape_out[:1]:
            target = [0, *shape_out[1:]]  # 0: the input's size, whatever the batch
        else:
            self.batch_free = False
            target = list(shape_out)
        return self.op("Reshape", [x, self.const(np.array(target, np.int64), hint + ".shape")], hint)

    def convert(self, module, name: str, x: str, value: Tensor) -> tuple[str, Tensor]:
        """Emit ``module`` applied to the graph value ``x`` (whose mtorch value is ``value``)."""
        if isinstance(module, nn.Sequential):
            for child_name, child in module.named_children():
                x, value = self.convert(child, f"{name}.{child_name}" if name else child_name, x, value)
            return x, value
        converter = next((_CONVERTERS[t] for t in type(module).__mro__ if t in _CONVERTERS), None)
        if converter is None:
            raise TypeError(f"mtorch.onnx.export: {name} ({type(module).__name__}) is not a layer the ONNX exporter "
                            f"knows; it exports {', '.join(sorted(t.__name__ for t in _CONVERTERS))} and "
                            f"Sequential containers of them")
        out = module(value)
        if not isinstance(out, Tensor):
            raise TypeError(f"mtorch.onnx.export: {name} ({type(module).__name__}) returns "
                            f"{type(out).__name__}, not one tensor; export a model whose layers each return one")
        return converter(self, module, name, x, tuple(value.shape), tuple(out.shape)), out


def _n(value, n: int) -> list[int]:
    return list(value) if isinstance(value, (tuple, list)) else [value] * n


# ---- converters: (graph, module, name, input, input shape, output shape) -> output --------------------------

def _identity(g, m, name, x, shape_in, shape_out):
    return g.op("Identity", [x], name)


def _linear(g, m, name, x, shape_in, shape_out):
    y = g.op("MatMul", [x, g.const(m.weight.numpy().T, name + ".weight_t")], name + ".matmul")   # x Wᵀ
    return g.op("Add", [y, g.const(m.bias.numpy(), name + ".bias")], name) if m.bias is not None else y


def _embedding(g, m, name, x, shape_in, shape_out):
    ids = g.op("Cast", [x], name + ".ids", to=g.onnx.TensorProto.INT64)
    return g.op("Gather", [g.const(m.weight.numpy(), name + ".weight"), ids], name, axis=0)


def _conv_pads(m, n: int) -> list[int]:
    """ONNX's pads (all begins, then all ends) for a convolution's padding."""
    if m.padding == "valid":
        return [0] * 2 * n
    if m.padding == "same":  # total d(k-1), the odd one on the right, as PyTorch
        total = [d * (k - 1) for d, k in zip(m.dilation, m.kernel_size)]
        return [t // 2 for t in total] + [t - t // 2 for t in total]
    return _n(m.padding, n) * 2


def _conv(g, m, name, x, shape_in, shape_out):
    if m.padding_mode != "zeros":
        raise TypeError(f"mtorch.onnx.export: {name} has padding_mode={m.padding_mode!r}; the exporter writes "
                        f"zero padding only")
    n = len(m.kernel_size)
    inputs = [x, g.const(m.weight.numpy(), name + ".weight")]
    if m.bias is not None:
        inputs.append(g.const(m.bias.numpy(), name + ".bias"))
    attributes = dict(kernel_shape=list(m.kernel_size), strides=list(m.stride), dilations=list(m.dilation),
                      group=m.groups, pads=_conv_pads(m, n))
    if m.transposed:
        return g.op("ConvTranspose", inputs, name, output_padding=list(m.output_padding), **attributes)
    return g.op("Conv", inputs, name, **attributes)


def _max_pool(g, m, name, x, shape_in, shape_out):
    n = len(shape_in) - 2
    return g.op("MaxPool", [x], name, kernel_shape=_n(m.kernel_size, n), strides=_n(m.stride, n),
                pads=_n(m.padding, n) * 2, dilations=_n(m.dilation, n), ceil_mode=int(m.ceil_mode))


def _avg_pool(g, m, name, x, shape_in, shape_out):
    if m.divisor_override is not None:
        raise TypeError(f"mtorch.onnx.export: {name} has divisor_override; ONNX's AveragePool has none")
    return g.op("AveragePool", [x], name, kernel_shape=_n(m.kernel_size, 2), strides=_n(m.stride, 2),
                pads=_n(m.padding, 2) * 2, ceil_mode=int(m.ceil_mode), count_include_pad=int(m.count_include_pad))


def _averaging_matrix(size_in: int, size_out: int) -> np.ndarray:
    """A (size_out, size_in) matrix whose row i averages adaptive pooling's i-th region
    [floor(i L / out), ceil((i + 1) L / out))."""
    a = np.zeros((size_out, size_in), np.float32)
    for i in range(size_out):
        start, end = (i * size_in) // size_out, -(-(i + 1) * size_in // size_out)
        a[i, start:end] = 1.0 / (end - start)
    return a


def _adaptive_avg_pool(g, m, name, x, shape_in, shape_out):
    # the regions are rectangles, so the mean over each is A_h · x · A_wᵀ, two matrix products
    (h, w), (oh, ow) = shape_in[-2:], shape_out[-2:]
    y = g.op("MatMul", [x, g.const(_averaging_matrix(w, ow).T, name + ".columns")], name + ".columns_mean")
    return g.op("MatMul", [g.const(_averaging_matrix(h, oh), name + ".rows"), y], name)


def _affine(g, m, name, y, weight_attr: str, bias_attr: str, shape: tuple) -> str:
    """y * weight + bias, the parameters reshaped to ``shape`` to broadcast (when the layer has them)."""
    weight, bias = getattr(m, weight_attr, None), getattr(m, bias_attr, None)
    if weight is not None:
        y = g.op("Mul", [y, g.const(weight.numpy().reshape(shape), name + ".weight")], name + ".scaled")
    if bias is not None:
        y = g.op("Add", [y, g.const(bias.numpy().reshape(shape), name + ".bias")], name + ".shifted")
    return y


def _normalize(g, name, x, axes, eps) -> str:
    """(x - E[x]) / sqrt(Var[x] + eps), the statistics over ``axes`` (biased variance)."""
    mean = g.op("ReduceMean", [x], name + ".mean", axes=list(axes), keepdims=1)
    centred = g.op("Sub", [x, mean], name + ".centred")
    var = g.op("ReduceMean", [g.op("Mul", [centred, centred], name + ".squares")], name + ".var", axes=list(axes),
               keepdims=1)
    std = g.op("Sqrt", [g.op("Add", [var, g.const(np.float32(eps), name + ".eps")], name + ".var_eps")], name + ".std")
    return g.op("Div", [centred, std], name + ".normalized")


def _batch_norm(g, m, name, x, shape_in, shape_out):
    c = shape_in[1]
    broadcast = (c,) + (1,) * (len(shape_in) - 2)
    if m.running_mean is None:  # no running statistics: even in eval mode the batch's own
        y = _normalize(g, name, x, [0, *range(2, len(shape_in))], m.eps)
        return g.op("Identity", [_affine(g, m, name, y, "weight", "bias", broadcast)], name)
    ones, zeros = np.ones(c, np.float32), np.zeros(c, np.float32)
    scale = m.weight.numpy() if m.weight is not None else ones
    bias = m.bias.numpy() if m.bias is not None else zeros
    inputs = [x, g.const(scale, name + ".weight"), g.const(bias, name + ".bias"),
              g.const(m.running_mean.numpy(), name + ".running_mean"),
              g.const(m.running_var.numpy(), name + ".running_var")]
    return g.op("BatchNormalization", inputs, name, epsilon=float(m.eps))


def _layer_norm(g, m, name, x, shape_in, shape_out):
    k = len(m.normalized_shape)
    y = _normalize(g, name, x, range(len(shape_in) - k, len(shape_in)), m.eps)
    return g.op("Identity", [_affine(g, m, name, y, "weight", "bias", tuple(m.normalized_shape))], name)


def _group_norm(g, m, name, x, shape_in, shape_out):
    grouped_shape = (shape_in[0], m.num_groups, math.prod(shape_in[1:]) // m.num_groups)
    grouped = g.reshape(x, shape_in, grouped_shape, name + ".grouped", keeps_batch=True)
    y = _normalize(g, name, grouped, [2], m.eps)
    y = g.op("Reshape", [y, g.op("Shape", [x], name + ".shape")], name + ".ungrouped")
    broadcast = (shape_in[1],) + (1,) * (len(shape_in) - 2)
    return g.op("Identity", [_affine(g, m, name, y, "weight", "bias", broadcast)], name)


# PyTorch's gate blocks in ONNX's order: LSTM (i, f, g, o) -> (i, o, f, c), GRU (r, z, n) -> (z, r, h)
_GATES = {"LSTM": (0, 3, 1, 2), "GRU": (1, 0, 2), "RNN_TANH": (0,), "RNN_RELU": (0,)}


def _recurrent(g, m, name, x, shape_in, shape_out):
    order = _GATES[m.mode]
    h = m.hidden_size
    directions = ("", "_reverse") if m.bidirectional else ("",)

    def gates(array):  # rows of gate blocks in ONNX's order
        return np.concatenate([array[i * h:(i + 1) * h] for i in order])

    if not m.batch_first:
        g.batch_axis = 1  # (steps, batch, features): the batch is the second axis of the input and the output
    steps_first = g.op("Transpose", [x], name + ".steps_first", perm=[1, 0, 2]) if m.batch_first else x
    attributes = {"hidden_size": h, "direction": "bidirectional" if m.bidirectional else "forward"}
    op_type = {"LSTM": "LSTM", "GRU": "GRU"}.get(m.mode, "RNN")
    if op_type == "GRU":
        attributes["linear_before_reset"] = 1  # PyTorch's n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
    if op_type == "RNN":
        attributes["activations"] = ["Tanh" if m.mode == "RNN_TANH" else "Relu"] * len(directions)
    y = steps_first
    for layer in range(m.num_layers):
        def stacked(kind, layer=layer):
            return np.stack([gates(getattr(m, f"{kind}_l{layer}{d}").numpy()) for d in directions])
        w, r = stacked("weight_ih"), stacked("weight_hh")
        if m.bias:
            b = np.concatenate([stacked("bias_ih"), stacked("bias_hh")], axis=1)
        else:
            b = np.zeros((len(directions), 2 * len(order) * h), np.float32)
        hint = f"{name}.l{layer}"
        out = g.op(op_type, [y, g.const(w, hint + ".W"), g.const(r, hint + ".R"), g.const(b, hint + ".B")], hint,
                   **attributes)
        # Y: (steps, directions, batch, hidden) -> (steps, batch, directions * hidden)
        out = g.op("Transpose", [out], hint + ".directions_last", perm=[0, 2, 1, 3])
        y = g.op("Reshape", [out, g.const(np.array([0, 0, -1], np.int64), hint + ".shape")], hint + ".output")
    return g.op("Transpose", [y], name, perm=[1, 0, 2]) if m.batch_first else g.op("Identity", [y], name)


def _unary(op_type: str, **fixed):
    def convert(g, m, name, x, shape_in, shape_out):
        return g.op(op_type, [x], name, **{k: float(getattr(m, attr)) for k, attr in fixed.items()})

    return convert


def _gelu(g, m, name, x, shape_in, shape_out):
    half = g.op("Mul", [x, g.const(np.float32(0.5), name + ".half")], name + ".half_x")
    if m.approximate == "tanh":  # 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        cube = g.op("Mul", [g.op("Mul", [x, x], name + ".square"), x], name + ".cube")
        inner = g.op("Add", [x, g.op("Mul", [cube, g.const(np.float32(0.044715), name + ".c")], name + ".cx3")],
                     name + ".inner")
        inner = g.op("Mul", [inner, g.const(np.float32(math.sqrt(2 / math.pi)), name + ".k")], name + ".scaled")
        s = g.op("Tanh", [inner], name + ".tanh")
    else:  # 0.5 x (1 + erf(x / sqrt 2))
        s = g.op("Erf", [g.op("Div", [x, g.const(np.float32(math.sqrt(2)), name + ".sqrt2")], name + ".x_s2")],
                 name + ".erf")
    return g.op("Mul", [half, g.op("Add", [s, g.const(np.float32(1), name + ".one")], name + ".one_plus")], name)


def _softplus(g, m, name, x, shape_in, shape_out):
    # log(1 + e^(beta x)) / beta, and x itself where beta x > threshold
    bx = g.op("Mul", [x, g.const(np.float32(m.beta), name + ".beta")], name + ".beta_x")
    soft = g.op("Div", [g.op("Softplus", [bx], name + ".softplus"), g.const(np.float32(m.beta), name + ".beta_d")],
                name + ".smooth")
    linear = g.op("Greater", [bx, g.const(np.float32(m.threshold), name + ".threshold")], name + ".linear")
    return g.op("Where", [linear, x, soft], name)


def _softmax(op_type: str):
    def convert(g, m, name, x, shape_in, shape_out):
        if m.dim is None:
            raise TypeError(f"mtorch.onnx.export: {name} ({op_type}) needs its dim set")
        return g.op(op_type, [x], name, axis=int(m.dim))

    return convert


def _flatten(g, m, name, x, shape_in, shape_out):
    return g.reshape(x, shape_in, shape_out, name, keeps_batch=m.start_dim % len(shape_in) >= 1)


def _unflatten(g, m, name, x, shape_in, shape_out):
    return g.reshape(x, shape_in, shape_out, name, keeps_batch=m.dim % len(shape_in) >= 1)


def _upsample(g, m, name, x, shape_in, shape_out):
    if m.mode != "nearest" or m.scale_factor is None:
        raise TypeError(f"mtorch.onnx.export: {name} is exported for mode='nearest' with a scale_factor")
    n = len(shape_in) - 2
    scales = np.array([1.0, 1.0, *_n(m.scale_factor, n)], np.float32)
    # PyTorch's nearest: source index floor(i / scale)
    return g.op("Resize", [x, "", g.const(scales, name + ".scales")], name, mode="nearest",
                coordinate_transformation_mode="asymmetric", nearest_mode="floor")


_CONVERTERS = {
    nn.Identity: _identity, nn.Dropout: _identity, nn.Dropout2d: _identity,
    nn.Linear: _linear, nn.Embedding: _embedding,
    nn.Conv1d: _conv, nn.Conv2d: _conv, nn.ConvTranspose2d: _conv,
    nn.MaxPool1d: _max_pool, nn.MaxPool2d: _max_pool, nn.AvgPool2d: _avg_pool, nn.AdaptiveAvgPool2d: _adaptive_avg_pool,
    nn.BatchNorm1d: _batch_norm, nn.BatchNorm2d: _batch_norm, nn.BatchNorm3d: _batch_norm,
    nn.LayerNorm: _layer_norm, nn.GroupNorm: _group_norm,
    nn.RNN: _recurrent, nn.LSTM: _recurrent, nn.GRU: _recurrent,
    nn.ReLU: _unary("Relu"), nn.LeakyReLU: _unary("LeakyRelu", alpha="negative_slope"),
    nn.ELU: _unary("Elu", alpha="alpha"), nn.GELU: _gelu, nn.Sigmoid: _unary("Sigmoid"), nn.Tanh: _unary("Tanh"),
    nn.Softplus: _softplus, nn.Softmax: _softmax("Softmax"), nn.LogSoftmax: _softmax("LogSoftmax"),
    nn.Flatten: _flatten, nn.Unflatten: _unflatten, nn.Upsample: _upsample,
}
