"""Loss functions, each one Function whose backward is written out (cross_entropy fuses log-softmax in).

``reduction`` is ``'mean'`` (default), ``'sum'`` or ``'none'`` (the per-element losses), as in PyTorch.
"""

import numpy as np

from ...autograd import Function
from ...autograd.function import unbroadcast
from ..modules.module import ShapeError
from .activation import log_softmax_array

_REDUCTIONS = ("none", "mean", "sum")


def _check_reduction(reduction):
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _reduce(loss, reduction, denominator=None):
    """Sum or average the per-element losses; 'mean' divides by ``denominator`` (default: their count)."""
    if reduction == "none":
        return loss
    total = loss.sum()
    if reduction == "sum":
        return np.asarray(total)
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty or fully ignored batch gives nan
        return np.asarray(total / (loss.size if denominator is None else denominator))


def _spread(grad, reduction, count):
    """The gradient of each per-element loss, given the gradient of the reduced loss."""
    return grad / count if reduction == "mean" else grad


# ---- pointwise losses of d = input - target: (value, derivative) --------------------------------------


def _mse(d, _):
    return d * d, 2 * d


def _l1(d, _):
    return np.abs(d), np.sign(d)


def _smooth_l1(d, beta):
    # 0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere (beta = 0 is L1)
    if beta == 0:
        return _l1(d, beta)
    ad = np.abs(d)
    small = ad < beta
    return np.where(small, 0.5 * d * d / beta, ad - 0.5 * beta), np.where(small, d / beta, np.sign(d))


def _huber(d, delta):
    # 0.5 d^2 where |d| < delta, delta (|d| - 0.5 delta) elsewhere: delta * smooth_l1 with beta = delta
    value, derivative = _smooth_l1(d, delta)
    return delta * value, delta * derivative


_POINTWISE = {"mse": _mse, "l1": _l1, "smooth_l1": _smooth_l1, "huber": _huber}


class PointwiseLoss(Function):
    @staticmethod
    def forward(ctx, input, target, kind, param, reduction):
        d = input - target
        value, derivative = _POINTWISE[kind](d, param)
        ctx.save_for_backward(derivative)
        ctx.shapes = input.shape, target.shape
        ctx.reduction = reduction
        return _reduce(value, reduction)

    @staticmethod
    def backward(ctx, grad):
        (derivative,) = ctx.saved_tensors
        g = _spread(grad, ctx.reduction, derivative.size) * derivative  # dL/d input; dL/d target is its negative
        input_shape, target_shape = ctx.shapes
        dinput = unbroadcast(g, input_shape) if ctx.needs_input_grad[0] else None
        dtarget = unbroadcast(-g, target_shape) if ctx.needs_input_grad[1] else None
        return dinput, dtarget, None, None, None


def _pointwise(input, target, kind, param, reduction):
    _check_reduction(reduction)
    return PointwiseLoss.apply(input, target, kind, param, reduction)


def mse_loss(input, target, reduction="mean"):
    """(input - target)^2: the "square loss"."""
    return _pointwise(input, target, "mse", None, reduction)


def l1_loss(input, target, reduction="mean"):
    """|input - target|."""
    return _pointwise(input, target, "l1", None, reduction)


def smooth_l1_loss(input, target, reduction="mean", beta=1.0):
    """0.5 d^2 / beta for |d| < beta, |d| - 0.5 beta otherwise, with d = input - target."""
    if beta < 0:
        raise ValueError("smooth_l1_loss does not support negative values for beta.")
    return _pointwise(input, target, "smooth_l1", float(beta), reduction)


def huber_loss(input, target, reduction="mean", delta=1.0):
    """0.5 d^2 for |d| < delta, delta (|d| - 0.5 delta) otherwise, with d = input - target."""
    if delta <= 0:
        raise ValueError("huber_loss does not support non-positive values for delta.")
    return _pointwise(input, target, "huber", float(delta), reduction)


# ---- classification losses ----------------------------------------------------------------------------
# Both cross_entropy and nll_loss are written as loss[n] = -sum_c q[n, c] * logp[n, c] with one coefficient
# array q per batch: q = weight[y] * one_hot(y) for class indices y, blended with weight / C under label
# smoothing, or the (smoothed, weighted) probabilities when the target is a distribution.


def _index_coefficients(target, shape, dtype, weight, ignore_index, label_smoothing):
    """q (shaped like the input, classes on axis 1) and the 'mean' denominator: the sum of weight[y_n]
    over the samples not ignored."""
    n_classes = shape[1]
    valid = target != ignore_index
    if not valid.all():
        target = np.where(valid, target, 0)
    bad = (target < 0) | (target >= n_classes)
    if bad.any():
        raise IndexError(f"Target {target[bad].flat[0]} is out of bounds.")
    target = np.expand_dims(target, 1)
    valid = np.expand_dims(valid, 1)
    target_weight = valid.astype(dtype) if weight is None else weight.astype(dtype, copy=False)[target] * valid
    q = np.zeros(shape, dtype)
    np.put_along_axis(q, target, (1 - label_smoothing) * target_weight, axis=1)
    if label_smoothing:
        broadcast = (1, n_classes) + (1,) * (len(shape) - 2)
        spread = valid if weight is None else weight.astype(dtype, copy=False).reshape(broadcast) * valid
        q += (label_smoothing / n_classes) * spread
    return q, target_weight.sum(dtype=dtype)


class CrossEntropy(Function):
    @staticmethod
    def forward(ctx, input, target, weight, ignore_index, label_smoothing, reduction):
        batched = input.ndim > 1
        if not batched:  # a single sample (C,): give it a batch axis
            input, target = input[None], np.asarray(target)[None]
        logp = log_softmax_array(input, 1)
        n_classes = input.shape[1]
        if target.dtype.kind in "iu":  # class indices
            q, denominator = _index_coefficients(target, input.shape, input.dtype, weight, ignore_index,
                                                 label_smoothing)
        else:  # class probabilities
            q = target * (1 - label_smoothing) + label_smoothing / n_classes if label_smoothing else target
            if weight is not None:
                q = q * weight.reshape((1, n_classes) + (1,) * (input.ndim - 2))
            denominator = input.dtype.type(input.size // n_classes)
        loss = -(q * logp).sum(axis=1)
        ctx.save_for_backward(logp, q)
        ctx.denominator, ctx.reduction, ctx.batched = denominator, reduction, batched
        ctx.label_smoothing, ctx.weight = label_smoothing, weight
        return _reduce(loss if batched else loss[0, ...], reduction, denominator)

    @staticmethod
    def backward(ctx, grad):
        logp, q = ctx.saved_tensors
        if ctx.reduction == "none":
            g = (grad if ctx.batched else grad[None])[:, None]
        else:
            g = _spread(grad, ctx.reduction, ctx.denominator)
        # dL/dx = softmax(x) * sum_c q - q; with a one-hot q this is the familiar softmax - one_hot
        dinput = None
        if ctx.needs_input_grad[0]:
            dinput = g * (np.exp(logp) * q.sum(axis=1, keepdims=True) - q)
            dinput = dinput if ctx.batched else dinput[0]
        dtarget = None
        if ctx.needs_input_grad[1]:  # probability targets only: dL/dt = -(1 - eps) * weight * logp
            scale = -(1 - ctx.label_smoothing) * g * logp
            if ctx.weight is not None:
                scale = scale * ctx.weight.reshape((1, -1) + (1,) * (logp.ndim - 2))
            dtarget = scale if ctx.batched else scale[0]
        return dinput, dtarget, None, None, None, None


def _check_class_target(name, input, target):
    """Class indices are shaped like the input without its class axis; probabilities like the input."""
    if input.ndim == 0:
        raise ShapeError(name, "(C,) or (N, C, ...)", input.shape)
    if target.dtype.kind in "iu":
        expected = input.shape[:1] + input.shape[2:] if input.ndim > 1 else ()
    else:
        expected = input.shape
    if tuple(target.shape) != tuple(expected):
        raise ShapeError(name, tuple(expected), target.shape, what="target")


def cross_entropy(input, target, weight=None, *, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Cross entropy of ``input`` logits (C,) or (N, C, d1, ...) against class indices (N, d1, ...) or
    class probabilities shaped like the input. log-softmax is fused in, stable for any logits."""
    _check_reduction(reduction)
    _check_class_target("cross_entropy", input, target)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    return CrossEntropy.apply(input, target, weight, ignore_index, float(label_smoothing), reduction)


class NLLLoss(Function):
    @staticmethod
    def forward(ctx, input, target, weight, ignore_index, reduction):
        batched = input.ndim > 1
        if not batched:
            input, target = input[None], np.asarray(target)[None]
        q, denominator = _index_coefficients(target, input.shape, input.dtype, weight, ignore_index, 0.0)
        loss = -(q * input).sum(axis=1)  # -weight[y] * input[n, y]
        ctx.save_for_backward(q)
        ctx.denominator, ctx.reduction, ctx.batched = denominator, reduction, batched
        return _reduce(loss if batched else loss[0, ...], reduction, denominator)

    @staticmethod
    def backward(ctx, grad):
        (q,) = ctx.saved_tensors
        if ctx.reduction == "none":
            g = (grad if ctx.batched else grad[None])[:, None]
        else:
            g = _spread(grad, ctx.reduction, ctx.denominator)
        dinput = -g * q
        return dinput if ctx.batched else dinput[0], None, None, None, None


def nll_loss(input, target, weight=None, *, ignore_index=-100, reduction="mean"):
    """-input[n, target[n]] (weighted), for log-probabilities ``input`` (C,) or (N, C, d1, ...)."""
    _check_reduction(reduction)
    if target.dtype.kind not in "iu":
        raise TypeError(f"nll_loss expects class indices of an integer dtype, got {target.dtype}")
    _check_class_target("nll_loss", input, target)
    return NLLLoss.apply(input, target, weight, ignore_index, reduction)


class BinaryCrossEntropy(Function):
    @staticmethod
    def forward(ctx, input, target, weight, reduction):
        # logs clamped at -100 as PyTorch does, so that probabilities of exactly 0 or 1 stay finite
        log_p = np.maximum(np.log(input), -100)
        log_1mp = np.maximum(np.log1p(-input), -100)
        loss = -(target * log_p + (1 - target) * log_1mp)
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(input, target, weight, log_p, log_1mp)
        ctx.reduction = reduction
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        input, target, weight, log_p, log_1mp = ctx.saved_tensors
        g = _spread(grad, ctx.reduction, input.size)
        if weight is not None:
            g = g * weight
        dinput = dtarget = None
        if ctx.needs_input_grad[0]:
            # dL/dp = (p - t) / (p (1 - p)), the denominator kept away from 0
            dinput = unbroadcast(g * (input - target) / np.maximum(input * (1 - input), 1e-12), input.shape)
        if ctx.needs_input_grad[1]:
            dtarget = unbroadcast(-g * (log_p - log_1mp), target.shape)  # dL/dt = -(log p - log(1 - p))
        return dinput, dtarget, None, None


def binary_cross_entropy(input, target, weight=None, reduction="mean"):
    """-(t log p + (1 - t) log(1 - p)) for probabilities ``input`` in [0, 1]."""
    _check_reduction(reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ShapeError("binary_cross_entropy", tuple(input.shape), target.shape, what="target")
    p = input.numpy()
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError("all elements of input to binary_cross_entropy should be between 0 and 1")
    return BinaryCrossEntropy.apply(input, target, weight, reduction)


class BinaryCrossEntropyWithLogits(Function):
    @staticmethod
    def forward(ctx, input, target, weight, pos_weight, reduction):
        # with l = 1 + (pos_weight - 1) t:  loss = (1 - t) x + l * log(1 + exp(-x)),
        # and log(1 + exp(-x)) = logaddexp(0, -x) never overflows
        softplus_neg = np.logaddexp(0, -input)
        scale = 1 if pos_weight is None else 1 + (pos_weight - 1) * target
        loss = (1 - target) * input + scale * softplus_neg
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(input, target, weight, pos_weight, softplus_neg)
        ctx.reduction = reduction
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        input, target, weight, pos_weight, softplus_neg = ctx.saved_tensors
        g = _spread(grad, ctx.reduction, input.size)
        if weight is not None:
            g = g * weight
        dinput = dtarget = None
        if ctx.needs_input_grad[0]:
            # dL/dx = (1 - t) - l * sigmoid(-x); without pos_weight that is sigmoid(x) - t
            sigmoid_neg = 0.5 * (1 - np.tanh(0.5 * input))
            scale = 1 if pos_weight is None else 1 + (pos_weight - 1) * target
            dinput = unbroadcast(g * ((1 - target) - scale * sigmoid_neg), input.shape)
        if ctx.needs_input_grad[1]:
            # dL/dt = -x + (pos_weight - 1) log(1 + exp(-x))
            dt = -input if pos_weight is None else -input + (pos_weight - 1) * softplus_neg
            dtarget = unbroadcast(g * dt, target.shape)
        return dinput, dtarget, None, None, None


def binary_cross_entropy_with_logits(input, target, weight=None, reduction="mean", pos_weight=None):
    """binary_cross_entropy(sigmoid(input), target) computed stably from the logits; ``pos_weight``
    (one per class, broadcast along the last axis) weighs the positive term."""
    _check_reduction(reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ShapeError("binary_cross_entropy_with_logits", tuple(input.shape), target.shape, what="target")
    return BinaryCrossEntropyWithLogits.apply(input, target, weight, pos_weight, reduction)
