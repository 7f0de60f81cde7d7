"""Loss functions, each one Function whose backward is written out (cross_entropy fuses log-softmax in).

``reduction`` is ``'mean'`` (default), ``'sum'`` or ``'none'`` (the per-element losses), as in PyTorch.
"""

import warnings

import numpy as np

from ...autograd import NumpyFunction
from ...autograd.function import unbroadcast
from ...ops.reduction import log_softmax_array
from ..errors import ShapeError, scalar_type

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


class PointwiseLoss(NumpyFunction):
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
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn(
            f"Using a target size {tuple(target.shape)} that is different to the input size "
            f"{tuple(input.shape)}. This will likely lead to incorrect results due to broadcasting. "
            "Please ensure they have the same size.",
            stacklevel=3,
        )
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
# Inputs (C,) or (N, C, d1, ...) are handled as rows (M, C) of class scores, one row per sample and
# position. Both losses are loss[m] = -sum_c q[m, c] * logp[m, c] with coefficients q: weight[y] on the
# target class y (plus weight / C spread over all classes under label smoothing), or the (smoothed,
# weighted) target probabilities. Then dL/dx = softmax(x) * sum_c q - q: softmax - one_hot in the plain case.


def _to_rows(x):
    """(C,) or (N, C, d1, ...) -> (M, C), the class axis last."""
    if x.ndim <= 2:
        return x.reshape(-1, x.shape[-1])
    return np.moveaxis(x, 1, -1).reshape(-1, x.shape[1])


def _from_rows(rows, shape):
    """(M, C) -> ``shape``, the inverse of ``_to_rows``."""
    if len(shape) <= 2:
        return rows.reshape(shape)
    return np.moveaxis(rows.reshape(shape[:1] + shape[2:] + shape[1:2]), -1, 1)


def _loss_shape(shape):
    """The shape of the per-sample losses: the input's without its class axis."""
    return shape[:1] + shape[2:] if len(shape) > 1 else ()


def _target_weights(target, n_classes, dtype, weight, ignore_index):
    """For class indices (M,): the indices (ignored ones set to 0), a float mask of the rows not ignored,
    and each row's weight weight[y] (1 without class weights, 0 where ignored)."""
    valid = target != ignore_index
    if not valid.all():
        target = np.where(valid, target, 0)
    if target.size and (target.min() < 0 or target.max() >= n_classes):
        raise IndexError(f"Target {target[(target < 0) | (target >= n_classes)][0]} is out of bounds.")
    mask = valid.astype(dtype)
    return target, mask, mask if weight is None else weight.astype(dtype, copy=False)[target] * mask


def _plain_targets(target, n_classes, weight, eps, ignore_index):
    """Whether every row counts once with weight 1: no class weights, no smoothing, and every target a
    class index in range (so none equals an ignore_index outside the classes, like the default -100)."""
    return (weight is None and not eps and target.size > 0 and not 0 <= ignore_index < n_classes
            and target.min() >= 0 and target.max() < n_classes)


def _per_row(grad, reduction, denominator):
    """The gradient of each row's loss: one per row for 'none', one scalar for 'mean' and 'sum'."""
    return grad.reshape(-1) if reduction == "none" else _spread(grad, reduction, denominator)


class CrossEntropy(NumpyFunction):
    @staticmethod
    def forward(ctx, input, target, weight, ignore_index, label_smoothing, reduction):
        eps, n_classes = label_smoothing, input.shape[0 if input.ndim == 1 else 1]
        logp = log_softmax_array(_to_rows(input), 1)
        ctx.indices = target.dtype.kind in "iu"
        ctx.plain = ctx.indices and _plain_targets(target, n_classes, weight, eps, ignore_index)
        if ctx.plain:  # q = one_hot(y): loss = -logp[m, y], the usual case in a few numpy calls
            target = target.reshape(-1)
            loss = -logp[np.arange(len(logp)), target]
            denominator = input.dtype.type(len(logp))
            ctx.save_for_backward(logp, target)
        elif ctx.indices:  # q = (1 - eps) weight[y] one_hot(y) + (eps / C) weight
            target, mask, row_weight = _target_weights(target.reshape(-1), n_classes, input.dtype, weight,
                                                       ignore_index)
            loss = -(1 - eps) * row_weight * logp[np.arange(len(logp)), target]
            if eps:
                loss -= (eps / n_classes) * mask * (logp.sum(1) if weight is None else logp @ weight)
            denominator = row_weight.sum()
            ctx.save_for_backward(logp, target, mask, row_weight)
        else:  # q = ((1 - eps) p + eps / C) weight
            q = _to_rows(target)
            if eps:
                q = q * (1 - eps) + eps / n_classes
            if weight is not None:
                q = q * weight
            loss = -(q * logp).sum(1)
            denominator = input.dtype.type(len(logp))
            ctx.save_for_backward(logp, q)
        ctx.shape, ctx.weight, ctx.eps = input.shape, weight, eps
        ctx.denominator, ctx.reduction = denominator, reduction
        return _reduce(loss.reshape(_loss_shape(input.shape)), reduction, denominator)

    @staticmethod
    def backward(ctx, grad):
        g = _per_row(grad, ctx.reduction, ctx.denominator)
        g = g[:, None] if g.ndim else g
        eps, weight = ctx.eps, ctx.weight
        dinput = dtarget = None
        if ctx.plain:
            logp, target = ctx.saved_tensors
            dx = np.exp(logp)
            dx[np.arange(len(dx)), target] -= 1  # softmax - one_hot
        elif ctx.indices:
            logp, target, mask, row_weight = ctx.saved_tensors
            n_classes = logp.shape[1]
            q_sum = (1 - eps) * row_weight  # sum_c q[m, c]
            if eps:
                q_sum = q_sum + (eps / n_classes) * mask * (n_classes if weight is None else weight.sum())
            dx = np.exp(logp) * q_sum[:, None]
            dx[np.arange(len(dx)), target] -= (1 - eps) * row_weight
            if eps:
                dx -= (eps / n_classes) * mask[:, None] * (1 if weight is None else weight)
        else:
            logp, q = ctx.saved_tensors
            dx = np.exp(logp) * q.sum(1, keepdims=True) - q
            if ctx.needs_input_grad[1]:  # dL/dp = -(1 - eps) * weight * logp
                dt = -(1 - eps) * g * logp
                dtarget = _from_rows(dt if weight is None else dt * weight, ctx.shape)
        if ctx.needs_input_grad[0]:
            dx *= g
            dinput = _from_rows(dx, ctx.shape)
        return dinput, dtarget, None, None, None, None


def _check_class_target(name, input, target, probabilities_allowed=True):
    """Class indices are int64 (or uint8, as PyTorch accepts) shaped like the input without its class
    axis; class probabilities are floats shaped like the input. Otherwise PyTorch's errors."""
    if input.ndim == 0:
        raise ShapeError(name, "(C,) or (N, C, ...)", input.shape)
    indices_shape, shape = tuple(_loss_shape(input.shape)), tuple(target.shape)
    if target.dtype.kind == "f" and shape != indices_shape:  # class probabilities
        if not probabilities_allowed or shape != tuple(input.shape):
            raise ShapeError(name, tuple(input.shape) if probabilities_allowed else indices_shape, shape,
                             what="target")
        return
    if probabilities_allowed and shape == tuple(input.shape):
        raise RuntimeError("Expected floating point type for target with class probabilities, got "
                           f"{scalar_type(target.dtype)}")
    if shape != indices_shape:
        raise ShapeError(name, indices_shape, shape, what="target")
    if target.dtype not in (np.int64, np.uint8):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {scalar_type(target.dtype)}")


def cross_entropy(input, target, weight=None, *, ignore_index=-100, reduction="mean", label_smoothing=0.0):
    """Cross entropy of ``input`` logits (C,) or (N, C, d1, ...) against class indices (N, d1, ...) or
    class probabilities shaped like the input. log-softmax is fused in, stable for any logits."""
    _check_reduction(reduction)
    _check_class_target("cross_entropy", input, target)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    return CrossEntropy.apply(input, target, weight, ignore_index, float(label_smoothing), reduction)


class NLLLoss(NumpyFunction):
    @staticmethod
    def forward(ctx, input, target, weight, ignore_index, reduction):
        rows = _to_rows(input)
        target, _, row_weight = _target_weights(target.reshape(-1), rows.shape[1], input.dtype, weight,
                                                ignore_index)
        loss = -row_weight * rows[np.arange(len(rows)), target]  # -weight[y] * input[m, y]
        denominator = row_weight.sum()
        ctx.save_for_backward(target, row_weight)
        ctx.shape, ctx.rows_shape, ctx.dtype = input.shape, rows.shape, input.dtype
        ctx.denominator, ctx.reduction = denominator, reduction
        return _reduce(loss.reshape(_loss_shape(input.shape)), reduction, denominator)

    @staticmethod
    def backward(ctx, grad):
        target, row_weight = ctx.saved_tensors
        dx = np.zeros(ctx.rows_shape, ctx.dtype)
        dx[np.arange(len(dx)), target] = -row_weight * _per_row(grad, ctx.reduction, ctx.denominator)
        return _from_rows(dx, ctx.shape), None, None, None, None


def nll_loss(input, target, weight=None, *, ignore_index=-100, reduction="mean"):
    """-input[n, target[n]] (weighted), for log-probabilities ``input`` (C,) or (N, C, d1, ...)."""
    _check_reduction(reduction)
    _check_class_target("nll_loss", input, target, probabilities_allowed=False)
    return NLLLoss.apply(input, target, weight, ignore_index, reduction)


class BinaryCrossEntropy(NumpyFunction):
    @staticmethod
    def forward(ctx, input, target, weight, reduction):
        # logs clamped at -100 as PyTorch does, so that probabilities of exactly 0 or 1 stay finite
        with np.errstate(divide="ignore"):
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


class BinaryCrossEntropyWithLogits(NumpyFunction):
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
