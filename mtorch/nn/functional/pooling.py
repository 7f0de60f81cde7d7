"""Pooling: max_pool1d, max_pool2d, avg_pool2d, adaptive_avg_pool2d.

A KH x KW window is reduced in two separable steps: first over the kernel's columns (one strided slice
of the input per column offset), then over its rows. Each step is KW (or KH) whole-array numpy ops, so
there is no loop over pixels, and each backward is the same slices in reverse.
"""

import functools

import numpy as np

from ...autograd import NumpyFunction
from ..errors import ShapeError
from .conv import _hashable, _padded, _tuple


def _pool_geometry(size, kernel, stride, padding, dilation, ceil_mode):
    """Output length along one axis, and the padding to add after the input (the padding plus, in
    ceil_mode, what the last window reaches past it). PyTorch's rule: a window may not start in the
    right padding, so ceil_mode drops a last window that would."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1
    after = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size - padding, padding)
    return out, after


@functools.lru_cache(maxsize=256)
def _slices(axis, kernel, stride, dilation, out):
    """For each kernel offset k along `axis`, the index of the input positions it reads in the `out`
    windows: k*dilation, k*dilation + stride, ... (cached: the same few layers ask again and again)"""
    return tuple((slice(None),) * axis + (slice(k * dilation, k * dilation + stride * (out - 1) + 1, stride),)
                 for k in range(kernel))


def _max_of(arrays):
    """Elementwise max over equally shaped arrays (np.maximum.reduce would first stack them: a copy)."""
    best = arrays[0]
    for a in arrays[1:]:
        best = np.maximum(best, a)
    return best


def _first_max(arrays):
    """Elementwise max over equally shaped arrays, and the index of the first array holding it (a tie keeps
    the earlier one, so the gradient goes to a single element, as in PyTorch)."""
    best, index = arrays[0], None
    for k, a in enumerate(arrays[1:], 1):
        better = a > best
        # the index becomes k where `a` is strictly greater; after the second array it is `better` itself
        index = better.view(np.uint8) if k == 1 else np.where(better, np.uint8(k), index)
        best = np.maximum(best, a)
    return best, np.zeros(best.shape, np.uint8) if index is None else index


def _route(grad, mask, out, index, overlap):
    """out[index] += grad * mask; written in place when windows do not overlap (each cell gets one value)."""
    if overlap:
        out[index] += grad * mask
    else:
        np.multiply(grad, mask, out=out[index])


class MaxPool2d(NumpyFunction):
    """y[n, c, oh, ow] = max of x over the window at (oh*s - p, ow*s - p); the gradient goes to the first
    maximum of each window (first in row-major order): max over the window's columns, then over its rows
    finds the smallest row holding the max and, in it, the smallest column."""

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation, ceil_mode, return_indices):
        N, C, H, W = x.shape
        (OH, bottom), (OW, right) = (_pool_geometry(n, k, s, p, d, ceil_mode)
                                     for n, k, s, p, d in zip((H, W), kernel, stride, padding, dilation))
        (ph, pw), (sh, sw), (dh, dw) = padding, stride, dilation
        xp = _padded(x, ((ph, bottom), (pw, right)), -np.inf)
        columns, rows = _slices(3, kernel[1], sw, dw, OW), _slices(2, kernel[0], sh, dh, OH)
        if not (ctx.needs_input_grad[0] or return_indices):  # no gradient wanted: the max, no index work
            return _max_of([_max_of([xp[c] for c in columns])[r] for r in rows])
        row_max, col_index = _first_max([xp[c] for c in columns])  # (N, C, Hp, OW): max over columns
        out, row_index = _first_max([row_max[r] for r in rows])  # (N, C, OH, OW): then over rows
        ctx.save_for_backward(row_index, col_index)
        overlap = tuple(s < d * (k - 1) + 1 for k, s, d in zip(kernel, stride, dilation))
        ctx.geometry, ctx.stride = (x.shape, xp.shape, padding, rows, columns, overlap), (sh, sw)
        if not return_indices:
            return out
        # flat index into each (H, W) plane of the input, as PyTorch's return_indices
        h = np.arange(OH).reshape(-1, 1) * sh + row_index * dh  # padded row of each max
        w = np.arange(OW) * sw + np.take_along_axis(col_index, h, axis=2) * dw  # and its column
        indices = ((h - ph) * W + (w - pw)).astype(np.int64)
        ctx.mark_non_differentiable(indices)
        return out, indices

    @staticmethod
    def backward(ctx, grad, grad_indices=None):
        row_index, col_index = ctx.saved_tensors
        shape, padded_shape, (ph, pw), rows, columns, overlap = ctx.geometry
        # route each gradient back to the row, then the column, that held its window's max
        # windows that tile an axis write every cell of it: those buffers need no zeros first
        tiles = [not over and s == len(k) and s * o == n for over, s, k, o, n
                 in zip(overlap, ctx.stride, (rows, columns), grad.shape[2:], padded_shape[2:])]
        g_rows = (np.empty if tiles[0] else np.zeros)(col_index.shape, grad.dtype)
        for k, r in enumerate(rows):
            _route(grad, row_index == k, g_rows, r, overlap[0])
        g = (np.empty if all(tiles) else np.zeros)(padded_shape, grad.dtype)
        for k, c in enumerate(columns):
            _route(g_rows, col_index == k, g, c, overlap[1])
        return _cropped(g, shape, ph, pw), None, None, None, None, None, None


class AvgPool2d(NumpyFunction):
    """y[n, c, oh, ow] = sum of x over the window / divisor: sum over the window's columns, then its rows.
    The gradient is grad / divisor, sent back to every element of the window."""

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
        N, C, H, W = x.shape
        (OH, bottom), (OW, right) = (_pool_geometry(n, k, s, p, 1, ceil_mode)
                                     for n, k, s, p in zip((H, W), kernel, stride, padding))
        (ph, pw), (sh, sw) = padding, stride
        xp = _padded(x, ((ph, bottom), (pw, right)))
        columns, rows = _slices(3, kernel[1], sw, 1, OW), _slices(2, kernel[0], sh, 1, OH)
        row_sum = sum(xp[c] for c in columns)
        total = sum(row_sum[r] for r in rows)
        if divisor_override:
            divisor = np.asarray(divisor_override, dtype=x.dtype)
        else:
            counts = [_window_counts(n, p, extra, s, k, out, count_include_pad)
                      for n, p, extra, s, k, out in zip((H, W), padding, (bottom, right), stride, kernel, (OH, OW))]
            divisor = np.outer(*counts).astype(x.dtype)
        ctx.divisor = divisor
        ctx.geometry = (x.shape, xp.shape, padding, rows, columns, row_sum.shape)
        return total / divisor

    @staticmethod
    def backward(ctx, grad):
        shape, padded_shape, (ph, pw), rows, columns, rows_shape = ctx.geometry
        g = grad / ctx.divisor
        g_rows = np.zeros(rows_shape, grad.dtype)
        for r in rows:
            g_rows[r] += g
        g = np.zeros(padded_shape, grad.dtype)
        for c in columns:
            g[c] += g_rows
        return _cropped(g, shape, ph, pw), None, None, None, None, None, None


def _window_counts(size, padding, extra, stride, kernel, out, count_include_pad):
    """How many cells each window divides by along one axis: the window sums over a mask of the cells
    that count (the input, plus the zero padding when count_include_pad; never the ceil_mode overhang)."""
    mask = np.zeros(padding + size + extra)
    if count_include_pad:
        mask[: size + 2 * padding] = 1
    else:
        mask[padding : padding + size] = 1
    return sum(mask[k : k + stride * (out - 1) + 1 : stride] for k in range(kernel))


def _adaptive_matrix(n, out, dtype):
    """(out, n) matrix whose row i averages input cells floor(i*n/out) .. ceil((i+1)*n/out) - 1."""
    i = np.arange(out)
    start, end = (i * n) // out, -((-(i + 1) * n) // out)
    cells = np.arange(n)
    inside = (cells >= start[:, None]) & (cells < end[:, None])
    return (inside / (end - start)[:, None]).astype(dtype)


class AdaptiveAvgPool2d(NumpyFunction):
    """Adaptive average pooling is separable: y = A_h @ x @ A_w^T with A_h (OH, H) and A_w (OW, W) averaging
    matrices, so dL/dx = A_h^T @ g @ A_w."""

    @staticmethod
    def forward(ctx, x, out_hw):
        ctx.a_h = _adaptive_matrix(x.shape[2], out_hw[0], x.dtype)
        ctx.a_w = _adaptive_matrix(x.shape[3], out_hw[1], x.dtype)
        return np.matmul(np.matmul(ctx.a_h, x), ctx.a_w.T)

    @staticmethod
    def backward(ctx, grad):
        return np.matmul(np.matmul(ctx.a_h.T, grad), ctx.a_w), None


def _cropped(g, shape, top, left):
    return np.ascontiguousarray(g[:, :, top : top + shape[2], left : left + shape[3]])


# ---- the functions ------------------------------------------------------------------------------


def _batched(input, n, name, expected):
    """input with a batch dim (unbatched (C, *spatial) gets one), and whether one was added."""
    if input.ndim == n + 1:
        return input.unsqueeze(0), True
    if input.ndim != n + 2:
        raise ShapeError(name, expected, input.shape)
    return input, False


def _window(kernel_size, stride, padding, dilation, n):
    kernel = _tuple(kernel_size, n, "kernel_size")
    stride = kernel if stride is None or stride == [] else _tuple(stride, n, "stride")
    return kernel, stride, _tuple(padding, n, "padding"), _tuple(dilation, n, "dilation")


def _check_window(name, input_shape, kernel, stride, padding, dilation, ceil_mode, expected):
    if any(p > k // 2 for k, p in zip(kernel, padding)):
        raise ValueError(f"{name}: padding {padding} should be at most half of the kernel size {kernel}")
    out = [_pool_geometry(n, k, s, p, d, ceil_mode)[0]
           for n, k, s, p, d in zip(input_shape[-len(kernel):], kernel, stride, padding, dilation)]
    if min(out) < 1:
        effective = tuple(d * (k - 1) + 1 for k, d in zip(kernel, dilation))
        padded = f" with padding {padding}" if any(padding) else ""
        raise ShapeError(name, f"{expected} at least as large as the kernel {effective}{padded}", tuple(input_shape))


@functools.lru_cache(maxsize=512)
def _max_pool_arguments(name, n, input_shape, kernel_size, stride, padding, dilation, ceil_mode):
    """Check a max pool's arguments against its input's shape; (kernel, stride, padding, dilation) as
    the 2-d pool applies them. Cached: a layer called again on the same shape skips every check."""
    expected = "(N, C, L)" if n == 1 else "(N, C, H, W)"
    if len(input_shape) not in (n + 1, n + 2):
        raise ShapeError(name, expected, input_shape)
    kernel, stride, padding, dilation = _window(kernel_size, stride, padding, dilation, n)
    _check_window(name, input_shape, kernel, stride, padding, dilation, ceil_mode, expected)
    if n == 1:  # a 1-d pool is a 2-d one over an image one pixel high
        return (1, *kernel), (1, *stride), (0, *padding), (1, *dilation)
    return kernel, stride, padding, dilation


def _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, n, name):
    """max_pool1d and max_pool2d, named `name` in their errors."""
    kernel, stride, padding, dilation = _max_pool_arguments(name, n, input.shape, _hashable(kernel_size),
                                                            _hashable(stride), _hashable(padding),
                                                            _hashable(dilation), ceil_mode)
    unbatched = input.ndim == n + 1
    x = input.unsqueeze(0) if unbatched else input
    if n == 1:
        x = x.unsqueeze(2)
    out = MaxPool2d.apply(x, kernel, stride, padding, dilation, ceil_mode, return_indices)
    outs = out if return_indices else (out,)
    if n == 1:
        outs = tuple(o.squeeze(2) for o in outs)
    if unbatched:
        outs = tuple(o.squeeze(0) for o in outs)
    return outs if return_indices else outs[0]


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Max over windows of (N, C, L); with return_indices, also each max's index along L."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 1, "max_pool1d")


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Max over windows of (N, C, H, W) (stride defaults to kernel_size; padding counts as -inf); with
    return_indices, also each max's flat index h * W + w in its input plane."""
    return _max_pool(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, 2, "max_pool2d")


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    """Mean over windows of (N, C, H, W); count_include_pad=False leaves the zero padding out of the
    divisor, divisor_override replaces it."""
    name = "avg_pool2d"
    x, unbatched = _batched(input, 2, name, "(N, C, H, W)")
    kernel, stride, padding, _ = _window(kernel_size, stride, padding, 1, 2)
    _check_window(name, x.shape, kernel, stride, padding, (1, 1), ceil_mode, "(N, C, H, W)")
    out = AvgPool2d.apply(x, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
    return out.squeeze(0) if unbatched else out


def adaptive_avg_pool2d(input, output_size):
    """Average (N, C, H, W) down to output_size (int or (h, w); None keeps that input size): output cell i
    averages input cells floor(i * H / h) .. ceil((i + 1) * H / h) - 1."""
    name = "adaptive_avg_pool2d"
    x, unbatched = _batched(input, 2, name, "(N, C, H, W)")
    size = output_size if isinstance(output_size, (tuple, list)) else (output_size, output_size)
    out_hw = tuple(int(n if s is None else s) for s, n in zip(size, x.shape[2:]))
    if len(size) != 2 or min(out_hw) < 1:
        raise ValueError(f"{name}: output_size must be a positive int or (h, w), got {output_size!r}")
    out = AdaptiveAvgPool2d.apply(x, out_hw)
    return out.squeeze(0) if unbatched else out
