"""Normalisation: batch_norm, layer_norm, group_norm.

All three compute x̂ = (x - mean) / sqrt(var + eps) over some axes and then y = x̂ w + b per channel (or per
normalised element). Their backward shares one formula, in `_normalized_grad`.
"""

import numpy as np

from ...autograd import NumpyFunction
from ..errors import check_same_dtype


def _normalized_grad(dxhat, xhat, invstd, axes):
    """d(loss)/dx for x̂ = (x - mean(x)) * invstd with mean and biased var taken over `axes`:
    dx = invstd * (dx̂ - mean(dx̂) - x̂ mean(dx̂ x̂))."""
    return invstd * (dxhat - dxhat.mean(axes, keepdims=True)
                     - xhat * (dxhat * xhat).mean(axes, keepdims=True))


def _affine_grads(ctx, grad, xhat, w_index, param_shape, axes):
    """Gradients of y = x̂ w + b for (w, b); w and b have shape `param_shape`, broadcast over `axes`."""
    need_w, need_b = ctx.needs_input_grad[w_index], ctx.needs_input_grad[w_index + 1]
    dw = (grad * xhat).sum(axes).reshape(param_shape) if need_w else None
    db = grad.sum(axes).reshape(param_shape) if need_b else None
    return dw, db


def _channel_shape(x):
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)  # (1, C, 1, ...): broadcasts per channel


class BatchNorm(NumpyFunction):
    """y = (x - mean) / sqrt(var + eps) * w + b per channel (dim 1), statistics over every other dim.

    Training: mean and biased var of this batch, and the running statistics (if given) move towards
    them in place: running = (1 - momentum) running + momentum batch_stat, with the unbiased var.
    Evaluation: the given running mean and var, which then are constants.
    """

    @staticmethod
    def forward(ctx, x, weight, bias, running_mean, running_var, training, momentum, eps):
        axes = (0,) + tuple(range(2, x.ndim))
        shape = _channel_shape(x)
        if training:
            mean = x.mean(axes, keepdims=True)
            centred = x - mean
            var = (centred * centred).mean(axes, keepdims=True)
            if running_mean is not None:
                n = x.size // x.shape[1]
                running_mean *= 1.0 - momentum
                running_mean += momentum * mean.reshape(-1)
                running_var *= 1.0 - momentum
                running_var += momentum * n / max(n - 1, 1) * var.reshape(-1)
        else:
            centred = x - running_mean.reshape(shape)
            var = running_var.reshape(shape)
        invstd = 1.0 / np.sqrt(var + eps)
        xhat = centred * invstd
        y = xhat if weight is None else xhat * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        ctx.save_for_backward(xhat, invstd, weight)
        ctx.training, ctx.axes, ctx.shape = training, axes, shape
        return y

    @staticmethod
    def backward(ctx, grad):
        xhat, invstd, weight = ctx.saved_tensors
        dx = None
        if ctx.needs_input_grad[0]:
            dxhat = grad if weight is None else grad * weight.reshape(ctx.shape)
            # in evaluation mean and var are constants: dx = dx̂ * invstd
            dx = _normalized_grad(dxhat, xhat, invstd, ctx.axes) if ctx.training else dxhat * invstd
        dw, db = _affine_grads(ctx, grad, xhat, 1, (-1,), ctx.axes)
        return dx, dw, db, None, None, None, None, None


class LayerNorm(NumpyFunction):
    """y = (x - mean) / sqrt(var + eps) * w + b, statistics over the last `ndim` dims; w, b shaped like them."""

    @staticmethod
    def forward(ctx, x, weight, bias, ndim, eps):
        axes = tuple(range(x.ndim - ndim, x.ndim))
        mean = x.mean(axes, keepdims=True)
        centred = x - mean
        invstd = 1.0 / np.sqrt((centred * centred).mean(axes, keepdims=True) + eps)
        xhat = centred * invstd
        y = xhat if weight is None else xhat * weight
        if bias is not None:
            y = y + bias
        ctx.save_for_backward(xhat, invstd, weight)
        ctx.axes = axes
        return y

    @staticmethod
    def backward(ctx, grad):
        xhat, invstd, weight = ctx.saved_tensors
        dx = None
        if ctx.needs_input_grad[0]:
            dxhat = grad if weight is None else grad * weight
            dx = _normalized_grad(dxhat, xhat, invstd, ctx.axes)
        batch_axes = tuple(range(grad.ndim - len(ctx.axes)))
        param_shape = grad.shape[grad.ndim - len(ctx.axes):]
        dw, db = _affine_grads(ctx, grad, xhat, 1, param_shape, batch_axes)
        return dx, dw, db, None, None


class GroupNorm(NumpyFunction):
    """Channels split into `num_groups` groups; each sample's group is normalised over its channels and
    positions; then y = x̂ w + b per channel."""

    @staticmethod
    def forward(ctx, x, num_groups, weight, bias, eps):
        grouped = x.reshape(x.shape[0], num_groups, -1)  # (N, G, C/G * spatial)
        mean = grouped.mean(-1, keepdims=True)
        centred = grouped - mean
        invstd = 1.0 / np.sqrt((centred * centred).mean(-1, keepdims=True) + eps)
        xhat = (centred * invstd).reshape(x.shape)
        shape = _channel_shape(x)
        y = xhat if weight is None else xhat * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        ctx.save_for_backward(xhat, invstd, weight)
        ctx.num_groups, ctx.shape = num_groups, shape
        return y

    @staticmethod
    def backward(ctx, grad):
        xhat, invstd, weight = ctx.saved_tensors
        dx = None
        if ctx.needs_input_grad[0]:
            dxhat = grad if weight is None else grad * weight.reshape(ctx.shape)
            groups = (grad.shape[0], ctx.num_groups, -1)
            dx = _normalized_grad(dxhat.reshape(groups), xhat.reshape(groups), invstd, -1).reshape(grad.shape)
        axes = (0,) + tuple(range(2, grad.ndim))
        dw, db = _affine_grads(ctx, grad, xhat, 2, (-1,), axes)
        return dx, None, dw, db, None


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1,
               eps=1e-5):
    """Batch normalisation over dim 1 of (N, C, *); see `BatchNorm`."""
    if training and input.numel() // input.shape[1] <= 1:
        raise ValueError(f"batch_norm: expected more than 1 value per channel when training, "
                         f"got input of shape {tuple(input.shape)}")
    if not training and (running_mean is None or running_var is None):
        raise ValueError("batch_norm: running_mean and running_var are needed when training=False")
    check_same_dtype(input, weight, bias, running_mean, running_var)
    return BatchNorm.apply(input, weight, bias, running_mean, running_var, training, momentum, eps)


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Layer normalisation over the trailing dims `normalized_shape`; see `LayerNorm`."""
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(input.shape[input.dim() - len(normalized_shape):]) != normalized_shape:
        raise ValueError(f"layer_norm: expected input (*, {', '.join(map(str, normalized_shape))}), "
                         f"got {tuple(input.shape)}")
    check_same_dtype(input, weight, bias)
    return LayerNorm.apply(input, weight, bias, len(normalized_shape), eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Group normalisation of (N, C, *) with C divisible by `num_groups`; see `GroupNorm`."""
    if input.dim() < 2 or input.shape[1] % num_groups:
        raise ValueError(f"group_norm: expected input (N, C, *) with C divisible by num_groups={num_groups}, "
                         f"got {tuple(input.shape)}")
    check_same_dtype(input, weight, bias)
    return GroupNorm.apply(input, num_groups, weight, bias, eps)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p, eps) along ``dim``: unit vectors (rows, by default)."""
    if out is not None:
        raise TypeError("normalize: out= is not supported by mtorch; use the returned tensor")
    return input / input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
