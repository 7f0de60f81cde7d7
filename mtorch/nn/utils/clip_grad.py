"""Gradient clipping, as ``torch.nn.utils``: by the total norm of all gradients, or by value."""

import types
import warnings

import numpy as np

from ...creation import from_numpy
from ...tensor import Tensor


def _parameter_list(parameters):
    """``parameters`` (one Tensor or an iterable of them) as a list."""
    if isinstance(parameters, Tensor):
        return [parameters]
    is_generator = isinstance(parameters, types.GeneratorType)
    parameters = list(parameters)
    if is_generator and not parameters:
        warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.", stacklevel=3)
    return parameters


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False):
    """The ``norm_type``-norm of ``tensors`` taken together as one vector, as a scalar Tensor.

    ``norm_type`` may be ``inf`` (or ``'inf'``) for the largest absolute value. Computed as the norm of
    the per-tensor norms, ||(||g_1||, ..., ||g_n||)||_p, which equals the norm of all entries at once.
    """
    arrays = [t.numpy() for t in ([tensors] if isinstance(tensors, Tensor) else tensors)]
    norm_type = float(norm_type)
    if not arrays:
        return from_numpy(np.zeros((), dtype=np.float32))
    norms = np.array([np.linalg.norm(a.ravel(), norm_type) for a in arrays], dtype=np.result_type(*arrays))
    total_norm = np.linalg.norm(norms, norm_type)
    if error_if_nonfinite and not np.isfinite(total_norm):
        raise RuntimeError(
            f"The total norm of order {norm_type} for gradients from `parameters` is non-finite, so it "
            "cannot be clipped. To disable this error and scale the gradients by the non-finite norm "
            "anyway, set `error_if_nonfinite=False`"
        )
    return from_numpy(np.asarray(total_norm))


def clip_grads_with_norm_(parameters, max_norm, total_norm):
    """Scale the gradients in place by min(max_norm / (total_norm + 1e-6), 1), given their total norm."""
    grads = [p.grad.numpy() for p in _parameter_list(parameters) if p.grad is not None]
    if not grads:
        return
    total = total_norm.numpy() if isinstance(total_norm, Tensor) else np.asarray(total_norm)
    coef = min(float(max_norm) / (total + 1e-6), 1.0)  # in the norm's dtype, as PyTorch computes it
    for g in grads:
        g *= coef


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False):
    """Scale all gradients in place so that their total ``norm_type``-norm is at most ``max_norm``.

    Returns the total norm from before the clipping, as a scalar Tensor.
    """
    parameters = _parameter_list(parameters)
    grads = [p.grad for p in parameters if p.grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite)
    clip_grads_with_norm_(parameters, max_norm, total_norm)
    return total_norm


def clip_grad_value_(parameters, clip_value):
    """Clamp every gradient entry in place to [-clip_value, clip_value]."""
    clip_value = float(clip_value)
    for p in _parameter_list(parameters):
        if p.grad is not None:
            np.clip(p.grad.numpy(), -clip_value, clip_value, out=p.grad.numpy())
