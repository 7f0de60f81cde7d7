"""Nearest-neighbour resampling of (N, C, *spatial) tensors: interpolate / upsample."""

import math

import numpy as np

from ...autograd import NumpyFunction


def _nearest_source(in_size, out_size, scale_factor):
    """Input index read by each output index, as PyTorch's 'nearest': floor(out_index * scale), with
    scale = 1 / scale_factor when one was given, else in_size / out_size (computed in float32)."""
    scale = np.float32(1.0 / scale_factor if scale_factor else in_size / out_size)
    index = np.floor(np.arange(out_size, dtype=np.float32) * scale).astype(np.int64)
    return np.minimum(index, in_size - 1)


class UpsampleNearest(NumpyFunction):
    """y[..., i, j] = x[..., src_h[i], src_w[j]]: each output pixel copies its nearest input pixel."""

    @staticmethod
    def forward(ctx, x, sources):
        ctx.shape, ctx.sources = x.shape, sources
        y = x
        for axis, src in enumerate(sources, start=2):
            y = np.take(y, src, axis=axis)
        return y

    @staticmethod
    def backward(ctx, grad):
        # each input pixel gathers the gradients of the output pixels that copied it; sources are sorted,
        # so the copies of one input index are a contiguous run: sum each run with add.reduceat
        for axis, src in enumerate(ctx.sources, start=2):
            used, first = np.unique(src, return_index=True)
            summed = np.add.reduceat(grad, first, axis=axis)
            shape = list(grad.shape)
            shape[axis] = ctx.shape[axis]
            grad_in = np.zeros(shape, dtype=grad.dtype)
            index = [slice(None)] * grad.ndim
            index[axis] = used
            grad_in[tuple(index)] = summed
            grad = grad_in
        return grad, None


def _per_dim(value, ndim, name):
    if isinstance(value, (tuple, list)):
        if len(value) != ndim:
            raise ValueError(f"interpolate: {name} {tuple(value)} must have one entry per spatial dim ({ndim})")
        return tuple(value)
    return (value,) * ndim


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize the spatial dims of a (N, C, L), (N, C, H, W) or (N, C, D, H, W) tensor to `size` or by
    `scale_factor` (output size floor(in * scale_factor)). mtorch implements mode='nearest'."""
    if mode != "nearest":
        raise ValueError(f"interpolate: mtorch implements mode='nearest' only, got mode={mode!r}")
    if align_corners is not None:
        raise ValueError("interpolate: align_corners has no meaning for mode='nearest'; leave it None")
    if antialias:
        raise ValueError("interpolate: antialias applies only to bilinear and bicubic modes")
    if input.dim() not in (3, 4, 5):
        raise ValueError(f"interpolate: expected a 3D, 4D or 5D input (N, C, *spatial), got {tuple(input.shape)}")
    if (size is None) == (scale_factor is None):
        raise ValueError("interpolate: give exactly one of size and scale_factor")
    spatial = tuple(input.shape[2:])
    if size is not None:
        out_sizes, scales = _per_dim(size, len(spatial), "size"), (None,) * len(spatial)
    else:
        factors = _per_dim(scale_factor, len(spatial), "scale_factor")
        out_sizes = tuple(int(math.floor(n * f)) for n, f in zip(spatial, factors))
        scales = (None,) * len(spatial) if recompute_scale_factor else factors
    if min(out_sizes) <= 0:
        raise ValueError(f"interpolate: output size {out_sizes} must be positive (input {tuple(input.shape)})")
    sources = tuple(_nearest_source(n, m, s) for n, m, s in zip(spatial, out_sizes, scales))
    return UpsampleNearest.apply(input, sources)
