"""The layer types the editor offers: groups, arguments, descriptions, formulas, shapes and parameter counts.

Plain Python (no Qt, no mtorch import). The editor validates the stack on every edit, so each layer's
output shape and parameter count come from the formulas PyTorch documents rather than from running the
layer. Shapes here are per sample, without the batch dimension: (1, 28, 28) for an MNIST image,
(50, 1) for a sin-to-cos sequence.

A layer type's arguments are split three ways:
- ``args``: what the user sets in the property editor (out_features, kernel_size, ...);
- ``derived``: what follows from the previous layer (in_features, in_channels, input_size,
  num_features, ...), computed by ``infer`` and never typed by the user;
- ``fixed``: what the editor always passes (``batch_first=True`` for recurrent layers).

Every mtorch.nn layer is here except the recurrent cells (RNNCell, LSTMCell, GRUCell: one time step, for
hand-written loops), the losses (chosen in the training panel) and the containers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from .text import Text

GROUPS = ("Core", "Convolution", "Pooling", "Normalisation", "Recurrent", "Activation", "Regularisation",
          "Reshape")


class ShapeError(Exception):
    """A layer cannot take the shape it receives; the message is written for a learner."""


class SpecError(ValueError):
    """A model description that cannot be used (bad JSON, unknown layer, wrong argument type, ...)."""


def short_repr(value) -> str:
    """``repr(value)`` cut to a length that fits in a message (a file may hold a megabyte where a number goes)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def format_shape(shape) -> str:
    """(16, 14, 14) -> '(16, 14, 14)', (784,) -> '(784)'."""
    return "(" + ", ".join(str(n) for n in shape) + ")"


@dataclass(frozen=True)
class Arg:
    """One constructor argument the user sets.

    kind: "int", "float", "bool", "choice", "size" (an int or a tuple of ``dims`` ints), "optional_size"
    (None or a size; None means "same as kernel_size"), "padding" (a size or "same"/"valid"), "ints" (a
    tuple of ints of any length).
    """

    name: str
    kind: str
    default: object
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple = ()
    dims: int = 1
    required: bool = False   # PyTorch has no default for it: always written out in files and code

    def check(self, value, layer: str):
        """Return ``value`` normalised (lists to tuples, ints to floats) or raise SpecError."""
        where = Text("catalog", "{layer}'s {name}").format(layer=layer, name=self.name)

        def whole(v, lo):
            if isinstance(v, bool) or not isinstance(v, int):
                raise SpecError(Text("catalog", "{where} must be a whole number, got {value}").format(
                    where=where, value=short_repr(v)))
            if lo is not None and v < lo:
                raise SpecError(Text("catalog", "{where} must be at least {low:g}, got {value}").format(
                    where=where, low=lo, value=v))
            if self.maximum is not None and v > self.maximum:
                raise SpecError(Text("catalog", "{where} must be at most {high:g}, got {value}").format(
                    where=where, high=self.maximum, value=v))
            return v

        def size(v):
            if isinstance(v, (list, tuple)):
                if len(v) != self.dims:
                    raise SpecError(Text("catalog", "{where} needs 1 or {dims} numbers, got {value}").format(
                        where=where, dims=self.dims, value=list(v)))
                return tuple(whole(x, self.minimum) for x in v)
            return whole(v, self.minimum)

        kind = self.kind
        if kind == "int":
            return whole(value, self.minimum)
        if kind == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise SpecError(Text("catalog", "{where} must be a number, got {value}").format(
                    where=where, value=short_repr(value)))
            if self.minimum is not None and value < self.minimum:
                raise SpecError(Text("catalog", "{where} must be at least {low:g}, got {value}").format(
                    where=where, low=self.minimum, value=value))
            if self.maximum is not None and value > self.maximum:
                raise SpecError(Text("catalog", "{where} must be at most {high:g}, got {value}").format(
                    where=where, high=self.maximum, value=value))
            return float(value)
        if kind == "bool":
            if not isinstance(value, bool):
                raise SpecError(Text("catalog", "{where} must be true or false, got {value}").format(
                    where=where, value=short_repr(value)))
            return value
        if kind == "choice":
            if value not in self.choices:
                raise SpecError(Text("catalog", "{where} must be one of {choices}, got {value}").format(
                    where=where, choices=", ".join(map(repr, self.choices)), value=short_repr(value)))
            return value
        if kind == "size":
            return size(value)
        if kind == "optional_size":
            return None if value is None else size(value)
        if kind == "padding":
            return value if value in ("same", "valid") else size(value)
        if kind == "ints":
            if not isinstance(value, (list, tuple)) or not value:
                raise SpecError(Text("catalog", "{where} must be a list of whole numbers, got {value}").format(
                    where=where, value=short_repr(value)))
            return tuple(whole(x, -1) for x in value)
        raise AssertionError(kind)


@dataclass(frozen=True)
class LayerType:
    """One mtorch.nn layer class as the editor knows it."""

    name: str                      # the mtorch.nn (and torch.nn) class name
    group: str
    description: str               # one line, shown in the palette
    formula: str                   # shown as a tooltip
    args: tuple[Arg, ...] = ()
    derived: tuple[str, ...] = ()
    fixed: dict = field(default_factory=dict)
    # (input shape, args) -> (output shape, derived values); raises ShapeError
    infer: Callable[[tuple, dict], tuple[tuple, dict]] | None = None
    # (args with derived values) -> number of parameters
    count: Callable[[dict], int] = lambda a: 0
    # (args with derived values) -> the arguments in short for a stack row
    brief: Callable[[dict], str] | None = None

    def arg(self, name: str) -> Arg:
        return next(a for a in self.args if a.name == name)

    def required_args(self) -> dict:
        """The arguments a new layer of this type starts with: those PyTorch has no default for."""
        return {a.name: a.default for a in self.args if a.required}

    def check_args(self, args: dict) -> dict:
        """The full argument dict (defaults filled in) with every value checked; raises SpecError."""
        if not isinstance(args, dict):
            raise SpecError(Text("catalog", "{layer}'s arguments must be a JSON object, got {value}").format(
                layer=self.name, value=short_repr(args)))
        known = {a.name for a in self.args}
        for name in args:
            if name not in known:
                message = (Text("catalog", "{layer} has no argument {name} to set (it follows from the previous "
                                "layer)") if name in self.derived else
                           Text("catalog", "{layer} has no argument {name} to set"))
                raise SpecError(message.format(layer=self.name, name=short_repr(name)))
        return {a.name: a.check(args.get(a.name, a.default), self.name) for a in self.args}

    def short(self, values: dict) -> str:
        """The arguments in short for a stack row; ``values`` holds args and derived values (when known)."""
        if self.brief is not None and all(d in values for d in self.derived):
            return self.brief(values)
        changed = [a for a in self.args if a.required or values[a.name] != a.default]
        return ", ".join(f"{a.name}={_text(values[a.name])}" for a in changed)

def _text(v) -> str:
    if isinstance(v, tuple):
        return "×".join(map(str, v))
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _tuple(v, n: int) -> tuple:
    return tuple(v) if isinstance(v, tuple) else (v,) * n


_USUAL = {"stride": 1, "padding": 0, "dilation": 1, "groups": 1}


def _unusual(values: dict, *names) -> str:
    """', stride=2, padding=1' for the named arguments that are not at their do-nothing value."""
    out = ""
    for n in names:
        v = values[n]
        if v is not None and v != _USUAL[n] and not (isinstance(v, tuple) and set(v) == {_USUAL[n]}):
            out += f", {n}={_text(v)}"
    return out


# ---- shapes -------------------------------------------------------------------------------------------

def _same(shape: tuple, a: dict) -> tuple[tuple, dict]:
    return shape, {}


def _need_image(name: str, shape: tuple, n: int) -> None:
    """Convolution and pooling take (channels, length) for n=1 and (channels, height, width) for n=2."""
    want = Text("catalog", "(channels, length)") if n == 1 else Text("catalog", "(channels, height, width)")
    if len(shape) == n + 1:
        return
    if len(shape) < n + 1:
        fix = (Text("catalog", "remove the Flatten before it") if len(shape) == 1 else
               Text("catalog", "add an Unflatten before it to give it a channel dimension"))
        raise ShapeError(Text("catalog", "{name} needs {want} but receives {shape}: {fix}").format(
            name=name, want=want, shape=format_shape(shape), fix=fix))
    raise ShapeError(_receives(name, want, shape))


def _receives(name: str, want: Text, shape: tuple) -> Text:
    return Text("catalog", "{name} needs {want} but receives {shape}").format(name=name, want=want,
                                                                             shape=format_shape(shape))


def _groups_error(name: str, groups: int, channels: int, out_channels: int) -> Text:
    return Text("catalog", "{name}: groups={groups} must divide both the {channels} input channels and "
                "out_channels={out_channels}").format(name=name, groups=groups, channels=channels,
                                                      out_channels=out_channels)


def _window_out(name: str, size: int, k: int, s: int, p: int, d: int, ceil_mode: bool = False) -> int:
    """L_out = floor((L + 2p - d(k-1) - 1) / s) + 1 (ceil with ceil_mode, as PyTorch)."""
    span = size + 2 * p - d * (k - 1) - 1
    if span < 0:
        raise ShapeError(Text("catalog", "{name}'s window of {window} does not fit the input size {size} "
                              "(padding {padding}): use a smaller kernel_size or less downsampling before it").format(
            name=name, window=d * (k - 1) + 1, size=size, padding=p))
    out = (-(-span // s) if ceil_mode else span // s) + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1                # the last window must start inside the input or its left padding
    return out


def _conv(name: str, n: int):
    def infer(shape, a):
        _need_image(name, shape, n)
        c = shape[0]
        g = a["groups"]
        if c % g or a["out_channels"] % g:
            raise ShapeError(_groups_error(name, g, c, a["out_channels"]))
        k, s, d = _tuple(a["kernel_size"], n), _tuple(a["stride"], n), _tuple(a["dilation"], n)
        pad = a["padding"]
        if pad == "same":
            if any(x != 1 for x in s):
                raise ShapeError(Text("catalog", "{name}: padding='same' only works with stride 1").format(name=name))
            out = shape[1:]
        else:
            p = (0,) * n if pad == "valid" else _tuple(pad, n)
            out = tuple(_window_out(name, shape[1 + i], k[i], s[i], p[i], d[i]) for i in range(n))
        return (a["out_channels"], *out), {"in_channels": c}

    return infer


def _conv_count(n: int):
    """weight (out, in/groups, *kernel) + bias (out)."""
    def count(a):
        kernel = math.prod(_tuple(a["kernel_size"], n))
        weight = a["out_channels"] * (a["in_channels"] // a["groups"]) * kernel
        return weight + (a["out_channels"] if a["bias"] else 0)

    return count


def _conv_transpose(shape, a):
    name = "ConvTranspose2d"
    _need_image(name, shape, 2)
    c = shape[0]
    g = a["groups"]
    if c % g or a["out_channels"] % g:
        raise ShapeError(_groups_error(name, g, c, a["out_channels"]))
    names = ("kernel_size", "stride", "padding", "output_padding", "dilation")
    k, s, p, op, d = (_tuple(a[x], 2) for x in names)
    out = []
    for i in range(2):
        if op[i] >= max(s[i], d[i]):
            raise ShapeError(Text("catalog", "{name}: output_padding must be smaller than stride or dilation").format(
                name=name))
        # L_out = (L - 1) s - 2p + d (k - 1) + output_padding + 1
        size = (shape[1 + i] - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op[i] + 1
        if size < 1:
            raise ShapeError(Text("catalog", "{name}: padding={padding} is too large for the input size {size}").format(
                name=name, padding=p[i], size=shape[1 + i]))
        out.append(size)
    return (a["out_channels"], *out), {"in_channels": c}


def _conv_transpose_count(a: dict) -> int:
    """weight (in, out/groups, kh, kw) + bias (out)."""
    k = math.prod(_tuple(a["kernel_size"], 2))
    return a["in_channels"] * (a["out_channels"] // a["groups"]) * k + (a["out_channels"] if a["bias"] else 0)


def _pool(name: str, n: int, dilation: bool):
    def infer(shape, a):
        _need_image(name, shape, n)
        k = _tuple(a["kernel_size"], n)
        s = _tuple(a["stride"] if a["stride"] is not None else a["kernel_size"], n)
        p = _tuple(a["padding"], n)
        d = _tuple(a["dilation"], n) if dilation else (1,) * n
        if any(p[i] > k[i] // 2 for i in range(n)):          # PyTorch's rule, whatever the dilation
            raise ShapeError(Text("catalog", "{name}: padding={padding} must be at most half the kernel_size "
                                  "{kernel_size}").format(name=name, padding=a["padding"],
                                                          kernel_size=a["kernel_size"]))
        out = tuple(_window_out(name, shape[1 + i], k[i], s[i], p[i], d[i], a["ceil_mode"]) for i in range(n))
        return (shape[0], *out), {}

    return infer


def _adaptive_pool(shape, a):
    _need_image("AdaptiveAvgPool2d", shape, 2)
    return (shape[0], *_tuple(a["output_size"], 2)), {}


def _pool_brief(n: int):
    return lambda a: _text(_tuple(a["kernel_size"], n)) + _unusual(a, "stride", "padding")


def _batch_norm(name: str, ranks: tuple[int, ...], want: str):
    def infer(shape, a):
        if len(shape) not in ranks:
            raise ShapeError(_receives(name, want, shape))
        return shape, {"num_features": shape[0]}

    return infer


def _affine_count(features: str, flag: str):
    """weight (gamma) and bias (beta), one each per normalised feature when affine."""
    return lambda a: 2 * math.prod(_tuple(a[features], 1)) if a[flag] else 0


def _layer_norm(shape, a):
    # a (C, H, W) image is normalised as a whole, flat and sequence inputs over their last dimension
    return shape, {"normalized_shape": tuple(shape) if len(shape) == 3 else (shape[-1],)}


def _group_norm(shape, a):
    c = shape[0]
    if c % a["num_groups"]:
        raise ShapeError(Text("catalog", "GroupNorm: num_groups={groups} must divide the {channels} channels it "
                              "receives").format(groups=a["num_groups"], channels=c))
    return shape, {"num_channels": c}


def _recurrent(name: str):
    def infer(shape, a):
        if len(shape) != 2:
            want = Text("catalog", "a sequence (steps, features)")
            if len(shape) == 3 and shape[0] == 1:
                raise ShapeError(Text("catalog", "{name} needs {want} but receives {shape}: add "
                                      "Flatten(start_dim=1, end_dim=2) before it to read the rows as steps").format(
                    name=name, want=want, shape=format_shape(shape)))
            raise ShapeError(_receives(name, want, shape))
        directions = 2 if a["bidirectional"] else 1
        return (shape[0], a["hidden_size"] * directions), {"input_size": shape[1]}

    return infer


def _recurrent_count(gates: int):
    """Per layer and direction: weight_ih (gH, in), weight_hh (gH, H), bias_ih and bias_hh (gH)."""

    def count(a):
        h, directions = a["hidden_size"], 2 if a["bidirectional"] else 1
        total = 0
        for layer in range(a["num_layers"]):
            n_in = a["input_size"] if layer == 0 else h * directions
            total += directions * (gates * h * (n_in + h) + (2 * gates * h if a["bias"] else 0))
        return total

    return count


def _recurrent_brief(a: dict) -> str:
    out = f"{a['input_size']} → {a['hidden_size']}"
    if a["num_layers"] > 1:
        out = Text("catalog", "{args}, {n} layers").format(args=out, n=a["num_layers"])
    if a["bidirectional"]:
        out = Text("catalog", "{args}, bidirectional").format(args=out)
    if a.get("nonlinearity", "tanh") != "tanh":
        out = Text("catalog", "{args}, {nonlinearity}").format(args=out, nonlinearity=a["nonlinearity"])
    return out


def _no_bias(args: str, a: dict) -> str:
    return args if a["bias"] else Text("catalog", "{args}, no bias").format(args=args)


def _linear(shape, a):
    if len(shape) > 2:
        raise ShapeError(Text("catalog", "Linear needs a flat input but receives {shape}: add a Flatten before "
                              "it").format(shape=format_shape(shape)))
    return (*shape[:-1], a["out_features"]), {"in_features": shape[-1]}


def _full_dim(name: str, arg: str, dim: int, rank: int) -> int:
    """A dimension index of the batched input (the batch is dimension 0) made non-negative."""
    if not -rank <= dim < rank:
        raise ShapeError(Text("catalog", "{name}: {arg}={dim} is out of range for an input with {rank} dimensions "
                              "(batch included), choose {low}..{high}").format(
            name=name, arg=arg, dim=dim, rank=rank, low=-rank, high=rank - 1))
    return dim % rank


def _softmax(name: str):
    def infer(shape, a):
        if _full_dim(name, "dim", a["dim"], len(shape) + 1) == 0:
            raise ShapeError(Text("catalog", "{name}: dim=0 runs across the samples of a batch; use dim=-1 for "
                                  "each sample's values").format(name=name))
        return shape, {}

    return infer


def _flatten(shape, a):
    rank = len(shape) + 1
    start = _full_dim("Flatten", "start_dim", a["start_dim"], rank)
    end = _full_dim("Flatten", "end_dim", a["end_dim"], rank)
    if start == 0:
        raise ShapeError(Text("catalog", "Flatten: start_dim=0 would merge the batch into the features; use "
                              "start_dim=1"))
    if start > end:
        raise ShapeError(Text("catalog", "Flatten: start_dim={start} comes after end_dim={end}").format(
            start=a["start_dim"], end=a["end_dim"]))
    full = (None, *shape)
    return (*shape[: start - 1], math.prod(full[start: end + 1]), *shape[end:]), {}


def _unflatten(shape, a):
    dim = _full_dim("Unflatten", "dim", a["dim"], len(shape) + 1)
    if dim == 0:
        raise ShapeError(Text("catalog", "Unflatten: dim=0 is the batch; use dim=1 for each sample's values"))
    sizes = list(a["unflattened_size"])
    n = shape[dim - 1]
    known = math.prod(s for s in sizes if s != -1)
    if sizes.count(-1) > 1 or any(s == 0 or s < -1 for s in sizes):
        raise ShapeError(Text("catalog", "Unflatten: unflattened_size takes positive sizes and at most one -1"))
    if -1 in sizes:
        if n % known:
            raise ShapeError(Text("catalog", "Unflatten: {n} values cannot be split into {sizes}").format(
                n=n, sizes=format_shape(a["unflattened_size"])))
        sizes[sizes.index(-1)] = n // known
    elif known != n:
        raise ShapeError(Text("catalog", "Unflatten: {sizes} holds {known} values but dimension {dim} has {n}").format(
            sizes=format_shape(sizes), known=known, dim=dim, n=n))
    return (*shape[: dim - 1], *sizes, *shape[dim:]), {}


def _upsample(shape, a):
    if len(shape) not in (2, 3):
        raise ShapeError(_receives("Upsample", Text("catalog", "(channels, length) or (channels, height, width)"),
                                   shape))
    return (shape[0], *(int(math.floor(n * a["scale_factor"])) for n in shape[1:])), {}


def _dropout2d(shape, a):
    if len(shape) != 3:
        raise ShapeError(Text("catalog", "Dropout2d drops whole channels of (channels, height, width) but "
                              "receives {shape}: use Dropout").format(shape=format_shape(shape)))
    return shape, {}


def _embedding(shape, a):
    raise ShapeError(Text("catalog", "Embedding looks up whole-number token ids, but this model's input holds "
                          "real numbers (pixels or sine values): use Linear instead"))


# ---- the catalogue ------------------------------------------------------------------------------------

def _size(name, default, help, dims, minimum=1, required=False):
    return Arg(name, "size", default, help, minimum=minimum, dims=dims, required=required)


def _conv_args(dims: int) -> tuple[Arg, ...]:
    return (
        Arg("out_channels", "int", 16, "number of filters, each giving one output channel", 1, 4096,
            required=True),
        _size("kernel_size", 3, "size of each filter", dims, required=True),
        _size("stride", 1, "step between neighbouring windows", dims),
        Arg("padding", "padding", 0, "zeros added on each side ('same' keeps the size)", 0, dims=dims),
        _size("dilation", 1, "spacing between the filter's taps", dims),
        Arg("groups", "int", 1, "split the channels into independent groups", 1, 4096),
        Arg("bias", "bool", True, "add a learnable bias per output channel"),
    )


def _conv_brief(n: int):
    return lambda a: _no_bias(f"{a['in_channels']} → {a['out_channels']}, {_text(_tuple(a['kernel_size'], n))}"
                              + _unusual(a, "stride", "padding", "dilation", "groups"), a)


def _pool_args(dims: int, dilation: bool, avg: bool = False) -> tuple[Arg, ...]:
    args = [
        _size("kernel_size", 2, "size of each window", dims, required=True),
        Arg("stride", "optional_size", None, "step between windows (empty: the kernel size)", 1, dims=dims),
        _size("padding", 0, "implicit padding on each side", dims, minimum=0),
    ]
    if dilation:
        args.append(_size("dilation", 1, "spacing between the window's elements", dims))
    args.append(Arg("ceil_mode", "bool", False, "round the output size up instead of down"))
    if avg:
        args.append(Arg("count_include_pad", "bool", True, "count padded zeros in the average"))
    return tuple(args)


_EPS = Arg("eps", "float", 1e-5, "added to the variance to avoid dividing by zero", 0.0, 1.0)
_BATCH_NORM_ARGS = (
    _EPS,
    Arg("momentum", "float", 0.1, "weight of a batch in the running statistics", 0.0, 1.0),
    Arg("affine", "bool", True, "learnable scale γ and shift β"),
    Arg("track_running_stats", "bool", True, "keep running statistics for evaluation"),
)
_RNN_ARGS = (
    Arg("hidden_size", "int", 32, "number of features in the hidden state", 1, 4096, required=True),
    Arg("num_layers", "int", 1, "recurrent layers stacked on each other", 1, 16),
    Arg("bias", "bool", True, "learnable biases b_ih and b_hh"),
    Arg("dropout", "float", 0.0, "dropout between stacked layers (needs num_layers > 1)", 0.0, 0.99),
    Arg("bidirectional", "bool", False, "also read the sequence backwards; doubles the output features"),
)

_TYPES = [
    # Core
    LayerType("Linear", "Core", "Fully connected: every output is a weighted sum of all inputs",
              "y = x Wᵀ + b,  W: (out_features, in_features)",
              (Arg("out_features", "int", 64, "number of outputs", 1, 65536, required=True),
               Arg("bias", "bool", True, "add a learnable bias b")),
              ("in_features",), infer=_linear,
              count=lambda a: a["in_features"] * a["out_features"] + (a["out_features"] if a["bias"] else 0),
              brief=lambda a: _no_bias(f"{a['in_features']} → {a['out_features']}", a)),
    LayerType("Identity", "Core", "Passes its input through unchanged", "y = x", infer=_same),
    LayerType("Embedding", "Core", "Looks up a learned vector for each whole-number token id",
              "y[i] = W[x[i]],  W: (num_embeddings, embedding_dim)",
              (Arg("num_embeddings", "int", 100, "number of distinct token ids", 1, 10 ** 6, required=True),
               Arg("embedding_dim", "int", 16, "length of each vector", 1, 65536, required=True)),
              infer=_embedding, count=lambda a: a["num_embeddings"] * a["embedding_dim"]),
    # Convolution
    LayerType("Conv1d", "Convolution", "Slides learned filters along a sequence",
              "out[c] = b[c] + Σₖ W[c, k] ⋆ x[k];  L_out = ⌊(L + 2p − d(k−1) − 1)/s⌋ + 1",
              _conv_args(1), ("in_channels",), infer=_conv("Conv1d", 1), count=_conv_count(1),
              brief=_conv_brief(1)),
    LayerType("Conv2d", "Convolution", "Slides learned filters over an image, one output channel per filter",
              "out[c] = b[c] + Σₖ W[c, k] ⋆ x[k];  H_out = ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1",
              _conv_args(2), ("in_channels",), infer=_conv("Conv2d", 2), count=_conv_count(2),
              brief=_conv_brief(2)),
    LayerType("ConvTranspose2d", "Convolution", "Enlarges an image with learned filters",
              "H_out = (H − 1)s − 2p + d(k−1) + output_padding + 1",
              (*_conv_args(2)[:3],
               _size("padding", 0, "trimmed from each side of the output", 2, minimum=0),
               _size("output_padding", 0, "extra size added to one side of the output", 2, minimum=0),
               *_conv_args(2)[4:]),
              ("in_channels",), infer=_conv_transpose, count=_conv_transpose_count, brief=_conv_brief(2)),
    # Pooling
    LayerType("MaxPool1d", "Pooling", "Keeps the largest value of each window along a sequence",
              "y[c, i] = max over the window at i·s of x[c, ·]", _pool_args(1, True),
              infer=_pool("MaxPool1d", 1, True), brief=_pool_brief(1)),
    LayerType("MaxPool2d", "Pooling", "Keeps the largest value of each window, shrinking the image",
              "y[c, i, j] = max over the k×k window at (i·s, j·s);  H_out = ⌊(H + 2p − d(k−1) − 1)/s⌋ + 1",
              _pool_args(2, True), infer=_pool("MaxPool2d", 2, True), brief=_pool_brief(2)),
    LayerType("AvgPool2d", "Pooling", "Averages each window, shrinking the image",
              "y[c, i, j] = mean over the k×k window at (i·s, j·s);  H_out = ⌊(H + 2p − k)/s⌋ + 1",
              _pool_args(2, False, avg=True), infer=_pool("AvgPool2d", 2, False), brief=_pool_brief(2)),
    LayerType("AdaptiveAvgPool2d", "Pooling", "Averages into a fixed output size whatever the input size",
              "y[c, i, j] = mean of x[c] over the (i, j)-th of output_size evenly spread regions",
              (_size("output_size", 1, "height and width of the output", 2, required=True),), infer=_adaptive_pool,
              brief=lambda a: _text(a["output_size"])),
    # Normalisation
    LayerType("BatchNorm1d", "Normalisation", "Normalises each feature over the batch, then scales, shifts",
              "y = (x − E[x]) / √(Var[x] + ε) · γ + β,  statistics per feature over the batch",
              _BATCH_NORM_ARGS,
              ("num_features",),
              infer=_batch_norm("BatchNorm1d", (1, 2), Text("catalog", "(features) or (channels, length)")),
              count=_affine_count("num_features", "affine"), brief=lambda a: str(a["num_features"])),
    LayerType("BatchNorm2d", "Normalisation", "Normalises each channel over the batch and the image",
              "y = (x − E[x]) / √(Var[x] + ε) · γ + β,  statistics per channel over (N, H, W)",
              _BATCH_NORM_ARGS,
              ("num_features",), infer=_batch_norm("BatchNorm2d", (3,), Text("catalog", "(channels, height, width)")),
              count=_affine_count("num_features", "affine"), brief=lambda a: str(a["num_features"])),
    LayerType("BatchNorm3d", "Normalisation", "Normalises each channel over the batch and the volume",
              "y = (x − E[x]) / √(Var[x] + ε) · γ + β,  statistics per channel over (N, D, H, W)",
              _BATCH_NORM_ARGS,
              ("num_features",),
              infer=_batch_norm("BatchNorm3d", (4,), Text("catalog", "(channels, depth, height, width)")),
              count=_affine_count("num_features", "affine"), brief=lambda a: str(a["num_features"])),
    LayerType("LayerNorm", "Normalisation",
              "Normalises each sample on its own (a whole image, else the last dimension)",
              "y = (x − E[x]) / √(Var[x] + ε) · γ + β,  statistics per sample",
              (_EPS, Arg("elementwise_affine", "bool", True, "learnable scale γ and shift β")),
              ("normalized_shape",), infer=_layer_norm,
              count=_affine_count("normalized_shape", "elementwise_affine"),
              brief=lambda a: _text(a["normalized_shape"])),
    LayerType("GroupNorm", "Normalisation", "Normalises groups of channels within each sample",
              "y = (x − E[x]) / √(Var[x] + ε) · γ + β,  statistics per sample and group of channels",
              (Arg("num_groups", "int", 4, "groups the channels are split into", 1, 4096, required=True), _EPS,
               Arg("affine", "bool", True, "learnable scale γ and shift β per channel")),
              ("num_channels",), infer=_group_norm, count=_affine_count("num_channels", "affine"),
              brief=lambda a: Text("catalog", "{groups} groups of {size}").format(
                  groups=a["num_groups"], size=a["num_channels"] // a["num_groups"])),
    # Recurrent
    LayerType("RNN", "Recurrent", "Reads a sequence step by step, carrying a hidden state",
              "hₜ = tanh(W_ih xₜ + b_ih + W_hh hₜ₋₁ + b_hh)",
              (_RNN_ARGS[0], _RNN_ARGS[1],
               Arg("nonlinearity", "choice", "tanh", "activation of the state", choices=("tanh", "relu")),
               *_RNN_ARGS[2:]),
              ("input_size",), {"batch_first": True}, infer=_recurrent("RNN"), count=_recurrent_count(1),
              brief=_recurrent_brief),
    LayerType("LSTM", "Recurrent", "A recurrent layer with gates and a cell state that remembers for long",
              "cₜ = fₜ⊙cₜ₋₁ + iₜ⊙gₜ,  hₜ = oₜ⊙tanh(cₜ);  i, f, o = σ(…), g = tanh(…)",
              _RNN_ARGS, ("input_size",), {"batch_first": True}, infer=_recurrent("LSTM"),
              count=_recurrent_count(4), brief=_recurrent_brief),
    LayerType("GRU", "Recurrent", "A gated recurrent layer, lighter than an LSTM",
              "hₜ = (1 − zₜ)⊙nₜ + zₜ⊙hₜ₋₁,  nₜ = tanh(W_in xₜ + rₜ⊙(W_hn hₜ₋₁ + b_hn))",
              _RNN_ARGS, ("input_size",), {"batch_first": True}, infer=_recurrent("GRU"),
              count=_recurrent_count(3), brief=_recurrent_brief),
    # Activation
    LayerType("ReLU", "Activation", "Keeps positive values, zeroes the rest", "y = max(0, x)", infer=_same),
    LayerType("LeakyReLU", "Activation", "Like ReLU but lets a small slope through for negatives",
              "y = x if x > 0 else negative_slope · x",
              (Arg("negative_slope", "float", 0.01, "slope for negative inputs", 0.0, 1.0),), infer=_same),
    LayerType("ELU", "Activation", "Smooth for negatives, tending to −α", "y = x if x > 0 else α(eˣ − 1)",
              (Arg("alpha", "float", 1.0, "negative inputs tend to −alpha", 0.0, 100.0),), infer=_same),
    LayerType("GELU", "Activation", "A smooth ReLU weighted by the Gaussian's cumulative distribution",
              "y = x · Φ(x)",
              (Arg("approximate", "choice", "none", "exact or tanh approximation", choices=("none", "tanh")),),
              infer=_same),
    LayerType("Sigmoid", "Activation", "Squashes values into (0, 1)", "y = 1 / (1 + e⁻ˣ)", infer=_same),
    LayerType("Tanh", "Activation", "Squashes values into (−1, 1)", "y = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)",
              infer=_same),
    LayerType("Softmax", "Activation", "Turns scores into probabilities that sum to 1",
              "yᵢ = e^{xᵢ} / Σⱼ e^{xⱼ}", (Arg("dim", "int", -1, "the dimension that sums to 1", -5, 4, required=True),),
              infer=_softmax("Softmax"), brief=lambda a: f"dim={a['dim']}"),
    LayerType("LogSoftmax", "Activation", "The logarithm of softmax, computed stably (pair with NLLLoss)",
              "yᵢ = xᵢ − log Σⱼ e^{xⱼ}", (Arg("dim", "int", -1, "the dimension it runs over", -5, 4, required=True),),
              infer=_softmax("LogSoftmax"), brief=lambda a: f"dim={a['dim']}"),
    LayerType("Softplus", "Activation", "A smooth ReLU", "y = log(1 + e^{βx}) / β",
              (Arg("beta", "float", 1.0, "sharpness of the bend", 0.01, 100.0),
               Arg("threshold", "float", 20.0, "above β·x > threshold the layer is linear", 0.0, 1000.0)),
              infer=_same),
    # Regularisation
    LayerType("Dropout", "Regularisation", "While training, zeroes random values and rescales the rest",
              "y = x · m / (1 − p),  m ~ Bernoulli(1 − p); y = x in eval mode",
              (Arg("p", "float", 0.5, "probability of zeroing each value", 0.0, 0.99),), infer=_same,
              brief=lambda a: f"p={a['p']:g}"),
    LayerType("Dropout2d", "Regularisation", "While training, zeroes whole random channels",
              "y[c] = x[c] · m_c / (1 − p),  m_c ~ Bernoulli(1 − p)",
              (Arg("p", "float", 0.5, "probability of zeroing each channel", 0.0, 0.99),), infer=_dropout2d,
              brief=lambda a: f"p={a['p']:g}"),
    # Reshape
    LayerType("Flatten", "Reshape", "Joins dimensions into one, e.g. an image into a vector",
              "(C, H, W) → (C·H·W)",
              (Arg("start_dim", "int", 1, "first dimension to join (0 is the batch)", -5, 4),
               Arg("end_dim", "int", -1, "last dimension to join", -5, 4)), infer=_flatten),
    LayerType("Unflatten", "Reshape", "Splits one dimension into several, e.g. a vector into an image",
              "(C·H·W) → (C, H, W)",
              (Arg("dim", "int", 1, "the dimension to split (0 is the batch)", -5, 4, required=True),
               Arg("unflattened_size", "ints", (1, 28, 28), "the sizes it is split into; one may be -1",
                   required=True)),
              infer=_unflatten, brief=lambda a: f"dim {a['dim']} → {format_shape(a['unflattened_size'])}"),
    LayerType("Upsample", "Reshape", "Enlarges an image or sequence by repeating values",
              "y[c, i, j] = x[c, ⌊i / s⌋, ⌊j / s⌋]",
              (Arg("scale_factor", "float", 2.0, "how many times larger", 1.0, 16.0),
               Arg("mode", "choice", "nearest", "how new values are filled in", choices=("nearest",))),
              infer=_upsample, brief=lambda a: f"×{a['scale_factor']:g}"),
]

CATALOG: dict[str, LayerType] = {t.name: t for t in _TYPES}


# Words people search the palette with besides a layer's name, group and description: {word: the layer types
# or groups it finds}. Plain data, so the search is tested without Qt.
SEARCH_ALIASES: dict[str, tuple[str, ...]] = {
    "dense": ("Linear",), "fc": ("Linear",), "fully connected": ("Linear",), "affine": ("Linear",),
    "mlp": ("Linear",), "perceptron": ("Linear",),
    "conv": ("Convolution",), "filter": ("Convolution",), "kernel": ("Convolution",),
    "deconv": ("ConvTranspose2d",), "transposed": ("ConvTranspose2d",),
    "pool": ("Pooling",), "subsample": ("Pooling",), "downsample": ("Pooling",), "gap": ("AdaptiveAvgPool2d",),
    "norm": ("Normalisation",), "normalization": ("Normalisation",), "bn": ("BatchNorm1d", "BatchNorm2d",
                                                                          "BatchNorm3d"),
    "batchnorm": ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d"), "ln": ("LayerNorm",), "gn": ("GroupNorm",),
    "rnn": ("Recurrent",), "recurrent": ("Recurrent",), "sequence": ("Recurrent",), "memory": ("LSTM", "GRU"),
    "act": ("Activation",), "activation": ("Activation",), "nonlinearity": ("Activation",),
    "drop": ("Regularisation",), "dropout": ("Regularisation",), "regularization": ("Regularisation",),
    "embed": ("Embedding",), "lookup": ("Embedding",), "token": ("Embedding",), "word": ("Embedding",),
    "reshape": ("Reshape",), "view": ("Flatten", "Unflatten"), "resize": ("Upsample",),
    "interpolate": ("Upsample",), "probability": ("Softmax", "LogSoftmax"), "skip": ("Identity",),
}


def _aliases_of(t: LayerType) -> str:
    return " ".join(word for word, targets in SEARCH_ALIASES.items() if t.name in targets or t.group in targets)


def find_layers(query: str, also: Callable[[LayerType], str] = lambda t: "") -> list[str]:
    """The layer types a palette search shows, in palette order: those where every word of ``query`` is part of
    the name, group, description, an alias (SEARCH_ALIASES) or ``also(t)`` (e.g. their translations)."""
    words = query.lower().split()
    found = []
    for t in (t for types in by_group().values() for t in types):
        haystack = f"{t.name} {t.group} {t.description} {_aliases_of(t)} {also(t)}".lower()
        if all(w in haystack for w in words):
            found.append(t.name)
    return found


def by_group() -> dict[str, list[LayerType]]:
    """The catalogue in palette order: {group: [layer types]}."""
    return {g: [t for t in _TYPES if t.group == g] for g in GROUPS}


def layer_type(name: str) -> LayerType:
    try:
        return CATALOG[name]
    except KeyError:
        raise SpecError(Text("catalog", "unknown layer type {name}; the editor knows {known}").format(
            name=short_repr(name), known=", ".join(CATALOG))) from None
