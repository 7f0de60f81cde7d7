"""Convolutions (conv1d, conv2d, conv_transpose2d) and pad.

How Conv2d runs, forward and backward (matrix multiplies, no Python loop over images or pixels):

- forward, im2col: for each image, the receptive fields of its output pixels are the columns of a matrix
  `cols` (C*KH*KW rows, ordered like the weight's (channel, kernel row, kernel column); OH*OW columns),
  copied once from a strided view of the padded input. Then y = W @ cols, with W the weight as a
  (C_out, C*KH*KW) matrix: numpy's matmul runs it for every image in one call, and the result is
  already (N, C_out, OH*OW), no transpose needed.
- dL/dW = sum over images of g @ cols^T: the same patches, weighted by the output gradient g.
- dL/dx is a full convolution of g with the kernel: cols_g = W^T @ g (col2im's input), and kernel offset
  (i, j) read input pixel (oh*s + i*d, ow*s + j*d), so row (c, i, j) of cols_g is added back there
  (KH*KW whole-array adds, no scatter of single pixels).

A transposed convolution is exactly that input gradient used as a forward pass, so ConvTranspose2d
reuses the three pieces with their roles swapped. Groups split the channels: every matrix above gets a
group axis and the matmuls broadcast over it.
"""

import functools
import math

import numpy as np

from ...autograd import NumpyFunction
from ..errors import ShapeError, c_type, scalar_type


def _tuple(value, n, name):
    """An int or an n-sequence of ints as an n-tuple of ints."""
    values = tuple(value) if isinstance(value, (tuple, list)) else (value,) * n
    if len(values) != n or not all(isinstance(v, (int, np.integer)) for v in values):
        raise ValueError(f"{name} must be an int or a tuple of {n} ints, got {value!r}")
    return tuple(int(v) for v in values)


def _out_size(size, pad, kernel, stride, dilation):
    """Output length of a convolution or pooling along one axis: floor((L + pads - d*(k-1) - 1) / s) + 1."""
    return (size + pad - dilation * (kernel - 1) - 1) // stride + 1


def _conv_padding(padding, kernel, stride, dilation, layer):
    """Padding as ((top, bottom), (left, right)) from an int, a tuple, 'valid' or 'same'.

    'same' pads d*(k-1) in total per axis, the odd one on the bottom/right, as PyTorch does.
    """
    n = len(kernel)
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * n
        if padding != "same":
            raise ValueError(f"{layer}: padding must be an int, a tuple, 'valid' or 'same', got {padding!r}")
        if any(s != 1 for s in stride):
            raise ValueError(f"{layer}: padding='same' is not supported for strided convolutions")
        totals = [d * (k - 1) for k, d in zip(kernel, dilation)]
        return tuple((t // 2, t - t // 2) for t in totals)
    return tuple((p, p) for p in _tuple(padding, n, "padding"))


def _check_input(layer, input_shape, weight_shape, pads, dilation, groups, transposed=False):
    """Raise ShapeError (naming the layer and both shapes) unless an input of `input_shape` (batched) fits
    the weight."""
    spatial = len(weight_shape) - 2
    dims = ("L",) if spatial == 1 else ("H", "W")
    channels = weight_shape[0] if transposed else weight_shape[1] * groups
    expected = f"(N, {channels}, {', '.join(dims)})"
    if len(input_shape) != spatial + 2 or input_shape[1] != channels:
        raise ShapeError(layer, expected, input_shape)
    kernel = tuple(d * (k - 1) + 1 for k, d in zip(weight_shape[2:], dilation))  # the dilated kernel
    if not transposed and any(n + a + b < k for n, (a, b), k in zip(input_shape[2:], pads, kernel)):
        padding = tuple(a if a == b else (a, b) for a, b in pads)
        with_padding = f" with padding {padding}" if any(a or b for a, b in pads) else ""
        raise ShapeError(layer, f"{expected} at least as large as the kernel {kernel}{with_padding}", input_shape)


# ---- the three numpy pieces of a convolution ------------------------------------------------------

# im2col builds the patches, and the input gradient its columns W^T @ g, at most this many bytes at once
# (one image at least): far below glibc's largest mmap threshold (32 MB; a bigger block is mapped afresh and
# page-faulted on every call: the example CNN's 40 MB of patches took 8.9 ms to build, 4.4-5.5 ms in
# chunks), and small enough for the input gradient's adds to find the columns in cache (24 -> 21 ms there).
_PATCH_BYTES = 4 * 2**20


def _padded(x, pads, value=0.0):
    """(N, C, H, W) padded with `value` to (N, C, H + top + bottom, W + left + right)."""
    (top, bottom), (left, right) = pads
    if top == bottom == left == right == 0:
        return x
    N, C, H, W = x.shape
    shape = (N, C, H + top + bottom, W + left + right)
    xp = np.zeros(shape, x.dtype) if value == 0 else np.full(shape, value, x.dtype)
    xp[:, :, top : top + H, left : left + W] = x
    return xp


def _strided(a, shape, strides):
    """numpy's as_strided (a view of `a` with these strides, nothing copied) for a C-contiguous `a`,
    without as_strided's Python overhead (5 us a call, as much as the copy of a small image's patches)."""
    return np.ndarray(shape, a.dtype, a, 0, strides)


def _im2col(xp, kernel, stride, dilation, out_hw, groups):
    """Every output pixel's receptive field as a column: (N, G, C/G*KH*KW, OH*OW) from the padded input."""
    xp = np.ascontiguousarray(xp)
    N, C, Hp, Wp = xp.shape
    (KH, KW), (sh, sw), (dh, dw), (OH, OW) = kernel, stride, dilation, out_hw
    sN, sC, sH, sW = xp.strides
    Cg = C // groups
    # windows[n, g, c, i, j, oh, ow] = xp[n, g*Cg + c, oh*sh + i*dh, ow*sw + j*dw]: a view, nothing copied
    windows = _strided(xp, (N, groups, Cg, KH, KW, OH, OW), (sN, Cg * sC, sC, sH * dh, sW * dw, sH * sh, sW * sw))
    return np.ascontiguousarray(windows).reshape(N, groups, Cg * KH * KW, OH * OW)


def _conv_from_cols(cols, weight, bias, out_hw, out=None):
    """y = W @ cols (+ b) for every image and group: (N, C_out, OH, OW), written into `out` if given."""
    N, G = cols.shape[:2]
    O = weight.shape[0]
    y = np.matmul(weight.reshape(G, O // G, -1), cols, out=None if out is None else _per_group(out, G))
    y = y.reshape(N, O, *out_hw)  # (N, G, O/G, OH*OW) as (N, C_out, OH, OW)
    if bias is not None:
        y += bias.reshape(-1, 1, 1)
    return y


def _weight_grad(g, cols, weight_shape):
    """dL/dW = sum over images of g @ cols^T, per group. g: (N, G, O/G, OH*OW)."""
    return np.matmul(g, cols.transpose(0, 1, 3, 2)).sum(axis=0).reshape(weight_shape)


def _input_grad(g, weight, x_shape, out_hw, stride, pads, dilation):
    """dL/dx = the full convolution of g (N, G, O/G, OH*OW) with W: cols_g = W^T @ g, one matmul per image
    and group, holds in row (c, i, j) what kernel offset (i, j) sends back to input pixel
    (oh*sh + i*dh, ow*sw + j*dw) of channel c (col2im: KH*KW whole-array adds). A large batch is done a few
    images at a time, so that cols_g stays in cache for the adds (measured 10-15% faster than one matmul per
    kernel offset over the whole batch on the example CNN's second layer, as fast on the small CNN's).

    With stride 1 the adds are contiguous: g is widened to the padded input's row length Wp (zeros in the
    extra columns), so each offset's part is a run of whole rows of the padded gradient, added as one flat
    slice at i*dh*Wp + j*dw (its zero columns land on the next row's first pixels and add nothing)."""
    N, G = g.shape[:2]
    O, Cg, KH, KW = weight.shape
    _, C, H, W = x_shape
    (OH, OW), (sh, sw), (dh, dw) = out_hw, stride, dilation
    (top, bottom), (left, right) = pads
    Hp, Wp = H + top + bottom, W + left + right
    w_t = weight.reshape(G, O // G, Cg * KH * KW).transpose(0, 2, 1)  # W^T per group, a view
    dtype = np.result_type(g, weight)
    gx = np.empty((N, C, H, W), dtype)
    step = max(1, _PATCH_BYTES // (dtype.itemsize * C * KH * KW * OH * Wp))
    for first in range(0, N, step):
        n = min(step, N - first)
        g_n = g[first : first + step]
        if sh == sw == 1:
            wide = np.zeros((n, G, O // G, OH, Wp), dtype)  # g with rows as long as the padded input's
            wide[..., :OW] = g_n.reshape(n, G, O // G, OH, OW)
            cols = np.matmul(w_t, wide.reshape(n, G, O // G, OH * Wp)).reshape(n, C, KH, KW, OH * Wp)
            flat = np.zeros((n, C, Hp * Wp + (KW - 1) * dw), dtype)  # room for the last offset's zero tail
            for i in range(KH):
                for j in range(KW):
                    start = i * dh * Wp + j * dw
                    flat[:, :, start : start + OH * Wp] += cols[:, :, i, j]
            gxp = flat[:, :, : Hp * Wp].reshape(n, C, Hp, Wp)
        else:
            cols = np.matmul(w_t, g_n).reshape(n, C, KH, KW, OH, OW)
            gxp = np.zeros((n, C, Hp, Wp), dtype=dtype)
            for i in range(KH):
                for j in range(KW):
                    gxp[:, :, i * dh : i * dh + sh * (OH - 1) + 1 : sh, j * dw : j * dw + sw * (OW - 1) + 1 : sw] += (
                        cols[:, :, i, j])
        gx[first : first + step] = gxp[:, :, top : top + H, left : left + W]
    return gx


def _per_group(y, groups):
    """(N, C, H, W) -> (N, G, C/G, H*W), the layout of g in the pieces above."""
    N, C = y.shape[:2]
    return y.reshape(N, groups, C // groups, math.prod(y.shape[2:]))  # no -1: N may be 0


class Conv2d(NumpyFunction):
    """y[n, o] = b[o] + sum over c, i, j of W[o, c, i, j] * x_padded[n, c, oh*s + i*d, ow*s + j*d]."""

    @staticmethod
    def forward(ctx, x, weight, bias, stride, pads, dilation, groups):
        N, _, H, W = x.shape
        kernel = weight.shape[2:]
        out_hw = (_out_size(H, sum(pads[0]), kernel[0], stride[0], dilation[0]),
                  _out_size(W, sum(pads[1]), kernel[1], stride[1], dilation[1]))
        xp = _padded(x, pads)
        # the patches are kept for dL/dW; a large batch is done a few images at a time so that only one
        # chunk of patches exists at once when they are not kept (inference: no_grad, frozen weights)
        ctx.step = max(1, _PATCH_BYTES // (x.itemsize * x.shape[1] * kernel[0] * kernel[1] * out_hw[0] * out_hw[1]))
        ctx.x_shape, ctx.conv, ctx.groups = x.shape, (stride, pads, dilation), groups
        keep = ctx.needs_input_grad[1]
        if N <= ctx.step:  # one chunk (an empty batch too)
            cols = _im2col(xp, kernel, stride, dilation, out_hw, groups)
            ctx.save_for_backward(weight, *((cols,) if keep else ()))
            return _conv_from_cols(cols, weight, bias, out_hw)
        chunks, y = [], np.empty((N, weight.shape[0], *out_hw), np.result_type(x, weight))
        for start in range(0, N, ctx.step):
            cols = _im2col(xp[start : start + ctx.step], kernel, stride, dilation, out_hw, groups)
            _conv_from_cols(cols, weight, bias, out_hw, out=y[start : start + ctx.step])
            chunks += [cols] if keep else []
        ctx.save_for_backward(weight, *chunks)
        return y

    @staticmethod
    def backward(ctx, grad):
        weight, *chunks = ctx.saved_tensors
        stride, pads, dilation = ctx.conv
        g = _per_group(grad, ctx.groups)
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        gx = _input_grad(g, weight, ctx.x_shape, grad.shape[2:], stride, pads, dilation) if need_x else None
        # dL/dW = sum over images of g @ cols^T
        gw = sum(_weight_grad(g[k * ctx.step : (k + 1) * ctx.step], cols, weight.shape)
                 for k, cols in enumerate(chunks)) if need_w else None
        gb = grad.sum(axis=(0, 2, 3)) if need_b else None  # dL/db = sum of g over images and pixels
        return gx, gw, gb, None, None, None, None


class ConvTranspose2d(NumpyFunction):
    """The input gradient of Conv2d used as a forward pass: y = conv2d's dL/dx with g = x, plus b.

    Its own backward is therefore a plain convolution: dL/dx = conv2d(g, W), dL/dW = sum_n x @ im2col(g)^T.
    """

    @staticmethod
    def forward(ctx, x, weight, bias, stride, pads, dilation, groups, out_hw):
        y_shape = (x.shape[0], weight.shape[1] * groups, *out_hw)
        y = _input_grad(_per_group(x, groups), weight, y_shape, x.shape[2:], stride, pads, dilation)
        if bias is not None:
            y += bias.reshape(-1, 1, 1)
        ctx.save_for_backward(x, weight)
        ctx.conv, ctx.groups = (stride, pads, dilation), groups
        return y

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        (stride, pads, dilation), groups = ctx.conv, ctx.groups
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        cols = _im2col(_padded(grad, pads), weight.shape[2:], stride, dilation, x.shape[2:], groups)
        gx = _conv_from_cols(cols, weight, None, x.shape[2:]) if need_x else None
        gw = _weight_grad(_per_group(x, groups), cols, weight.shape) if need_w else None
        gb = grad.sum(axis=(0, 2, 3)) if need_b else None
        return gx, gw, gb, None, None, None, None, None


def _check_dtypes(input_dtype, weight_dtype, bias_dtype, transposed):
    """PyTorch's RuntimeErrors for an input whose dtype is not the layer's (e.g. float64 into float32);
    bias_dtype is None without a bias."""
    if bias_dtype is not None and bias_dtype != input_dtype and not transposed:
        raise RuntimeError(f"Input type ({c_type(input_dtype)}) and bias type ({c_type(bias_dtype)}) should be "
                           "the same")
    if weight_dtype != input_dtype or (bias_dtype is not None and bias_dtype != input_dtype):
        found = weight_dtype if weight_dtype != input_dtype else bias_dtype
        raise RuntimeError(f"expected scalar type {scalar_type(input_dtype)} but found {scalar_type(found)}")


def _hashable(value):
    """A list argument (stride=[1, 1]) as a tuple, so the checked arguments can be cached."""
    return tuple(value) if isinstance(value, list) else value


@functools.lru_cache(maxsize=512)
def _conv_arguments(name, input_shape, weight_shape, dtypes, stride, padding, dilation, groups):
    """Check a convolution's arguments against its input's and weight's shapes and dtypes and return
    (stride, pads, dilation) as conv2d applies them. Cached: a layer called again on the same shapes
    skips every check (a failing call raises and caches nothing)."""
    n = len(weight_shape) - 2
    if n not in (1, 2):
        raise ShapeError(name, "(out_channels, in_channels/groups, *kernel) with 1 or 2 kernel dims",
                         weight_shape, what="weight")
    if weight_shape[0] % groups:
        raise ValueError(f"{name}: out_channels ({weight_shape[0]}) must be divisible by groups ({groups})")
    stride, dilation = _tuple(stride, n, "stride"), _tuple(dilation, n, "dilation")
    pads = _conv_padding(padding, weight_shape[2:], stride, dilation, name)
    _check_input(name, input_shape if len(input_shape) != n + 1 else (1, *input_shape), weight_shape, pads,
                 dilation, groups)
    _check_dtypes(*dtypes, transposed=False)
    if n == 1:
        return (1, *stride), ((0, 0), *pads), (1, *dilation)
    return stride, pads, dilation


def _convnd(input, weight, bias, stride, padding, dilation, groups, name):
    """conv1d and conv2d, named `name` in their errors. A 1-d convolution runs as a 2-d one over an image
    one pixel high."""
    dtypes = (input.dtype, weight.dtype, None if bias is None else bias.dtype)
    stride, pads, dilation = _conv_arguments(name, input.shape, weight.shape, dtypes, _hashable(stride),
                                             _hashable(padding), _hashable(dilation), groups)
    n = weight.ndim - 2
    unbatched = input.ndim == n + 1
    if unbatched:
        input = input.unsqueeze(0)
    if n == 1:
        input, weight = input.unsqueeze(2), weight.unsqueeze(2)
    y = Conv2d.apply(input, weight, bias, stride, pads, dilation, groups)
    if n == 1:
        y = y.squeeze(2)
    return y.squeeze(0) if unbatched else y


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-d convolution (a cross-correlation, as in PyTorch) of (N, C_in, L) by weight (C_out, C_in/groups, K).

    padding: an int, a 1-tuple, 'valid' (none) or 'same' (output as long as the input, stride 1 only).
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups, "conv1d")


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-d convolution (a cross-correlation, as in PyTorch) of (N, C_in, H, W) by weight
    (C_out, C_in/groups, KH, KW): output (N, C_out, OH, OW) with OH = (H + 2p - d*(KH-1) - 1) // s + 1.

    stride, dilation: int or (h, w); padding: int, (h, w), 'valid' or 'same' (stride 1 only).
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups, "conv2d")


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    """Transposed 2-d convolution (the gradient of conv2d with respect to its input) of (N, C_in, H, W) by
    weight (C_in, C_out/groups, KH, KW): output (N, C_out, (H-1)*s - 2p + d*(KH-1) + output_padding + 1, ...)."""
    name = "conv_transpose2d"
    stride, dilation = _tuple(stride, 2, "stride"), _tuple(dilation, 2, "dilation")
    padding, output_padding = _tuple(padding, 2, "padding"), _tuple(output_padding, 2, "output_padding")
    if any(op >= s and op >= d for op, s, d in zip(output_padding, stride, dilation)):
        raise ValueError(f"{name}: output_padding {output_padding} must be smaller than either "
                         f"stride {stride} or dilation {dilation}")
    pads = tuple((p, p) for p in padding)
    unbatched = input.ndim == 3
    if unbatched:
        input = input.unsqueeze(0)
    _check_input(name, input.shape, weight.shape, pads, dilation, groups, transposed=True)
    _check_dtypes(input.dtype, weight.dtype, None if bias is None else bias.dtype, transposed=True)
    # H_out = (H - 1) * s - 2p + d * (k - 1) + output_padding + 1
    out_hw = tuple((n - 1) * s - 2 * p + d * (k - 1) + op + 1
                   for n, s, p, d, k, op in zip(input.shape[2:], stride, padding, dilation, weight.shape[2:],
                                                output_padding))
    if min(out_hw) < 1:
        raise ShapeError(name, f"(N, {weight.shape[0]}, H, W) giving an output of at least 1x1", input.shape)
    y = ConvTranspose2d.apply(input, weight, bias, stride, pads, dilation, groups, out_hw)
    return y.squeeze(0) if unbatched else y


# ---- pad ----------------------------------------------------------------------------------------

_NUMPY_PAD_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def _pad_sources(n, before, after, mode):
    """For each position along a padded axis, the input index it copies; -1 where it holds the constant.
    Negative padding crops."""
    if mode == "constant":
        kept = np.arange(max(-before, 0), n - max(-after, 0))
        return np.concatenate([np.full(max(before, 0), -1), kept, np.full(max(after, 0), -1)])
    if min(before, after) < 0 or (mode == "reflect" and max(before, after) >= n) or max(before, after) > n:
        raise ValueError(f"pad: padding ({before}, {after}) is too large (or negative) for mode={mode!r} "
                         f"on a dimension of size {n}")
    return np.pad(np.arange(n), (before, after), mode=_NUMPY_PAD_MODES[mode])


class Pad(NumpyFunction):
    """y[..., k] = x[..., source[k]] along each padded axis (or `value` where source[k] = -1)."""

    @staticmethod
    def forward(ctx, x, pads, mode, value):
        ctx.shape, ctx.sources = x.shape, {}
        y = x
        for axis, (before, after) in pads.items():
            src = ctx.sources[axis] = _pad_sources(x.shape[axis], before, after, mode)
            y = np.take(y, np.maximum(src, 0), axis=axis)
            if mode == "constant":
                y[(slice(None),) * axis + (src < 0,)] = value
        ctx.pads = pads
        return y

    @staticmethod
    def backward(ctx, grad):
        # each input element gets the sum of the gradients of its copies: the unpadded run in one slice,
        # then the padding positions one at a time (a loop over the padding width, not over pixels)
        for axis, (before, after) in reversed(ctx.pads.items()):
            src, g = ctx.sources[axis], np.moveaxis(grad, axis, -1)
            gx = np.zeros(g.shape[:-1] + (ctx.shape[axis],), grad.dtype)
            lo, hi, start = max(before, 0), len(src) - max(after, 0), max(-before, 0)
            gx[..., start : start + hi - lo] = g[..., lo:hi]
            for k in [*range(lo), *range(hi, len(src))]:
                if src[k] >= 0:
                    gx[..., src[k]] += g[..., k]
            grad = np.moveaxis(gx, -1, axis)
        return grad, None, None, None


def pad(input, pad, mode="constant", value=None):
    """Pad the last len(pad) // 2 dims: pad = (left, right) for the last dim, then (top, bottom) for the
    one before, ... as in PyTorch. mode: 'constant' (with `value`, default 0; negative pads crop),
    'reflect', 'replicate' or 'circular'."""
    if len(pad) % 2 or len(pad) // 2 > input.ndim:
        raise ValueError(f"pad: padding length must be even and cover at most {input.ndim} dims, got {tuple(pad)}")
    if mode != "constant" and mode not in _NUMPY_PAD_MODES:
        raise ValueError(f"pad: mode must be 'constant', 'reflect', 'replicate' or 'circular', got {mode!r}")
    if mode != "constant" and value:
        raise ValueError(f"pad: padding mode {mode!r} doesn't take in value argument")
    pads = {input.ndim - 1 - k: (int(pad[2 * k]), int(pad[2 * k + 1])) for k in range(len(pad) // 2)}
    return Pad.apply(input, pads, mode, 0.0 if value is None else value)
