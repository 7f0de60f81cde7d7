"""Adam (Kingma & Ba, 2014), with PyTorch's options: L2 or decoupled weight decay, AMSGrad, maximize."""

import math

import numpy as np

from .optimizer import ElementwiseOptimizer, _check_non_negative, _flush_subnormals, _regularized_grad


class Adam(ElementwiseOptimizer):
    """Adam, as ``torch.optim.Adam``. For each parameter theta with gradient g, at step t::

        g     = g + lambda * theta                      (weight_decay, unless decoupled: see AdamW)
        m     = beta1 * m + (1 - beta1) * g             (exp_avg)
        v     = beta2 * v + (1 - beta2) * g^2           (exp_avg_sq; amsgrad uses max(v_max, v) below)
        theta = theta - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 maximize=False, decoupled_weight_decay=False):
        _check_non_negative(lr=lr, eps=eps, weight_decay=weight_decay)
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def _state_names(self, group):
        return ["exp_avg", "exp_avg_sq"] + (["max_exp_avg_sq"] if group["amsgrad"] else [])

    def _update(self, group, param, grad, state, t, fresh):
        lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        decoupled = group["decoupled_weight_decay"]
        if decoupled and weight_decay != 0:
            param *= 1 - lr * weight_decay  # theta = theta - lr * lambda * theta
        grad = _regularized_grad(param, grad, 0 if decoupled else weight_decay, group["maximize"])
        m, v = state["exp_avg"], state["exp_avg_sq"]

        scratch = np.subtract(grad, m, out=np.empty_like(m))  # the one temporary (an array for 0-d)
        scratch *= 1 - beta1
        m += scratch  # m = m + (1 - beta1)(g - m), PyTorch's lerp
        np.multiply(grad, grad, out=scratch)
        scratch *= 1 - beta2
        v *= beta2
        v += scratch  # v = beta2 v + (1 - beta2) g^2
        _flush_subnormals(t, m, v)
        if group["amsgrad"]:
            v_max = state["max_exp_avg_sq"]
            np.maximum(v_max, v, out=v_max)
            v = v_max

        # the same update with sqrt(1 - beta2^t) multiplied through, one pass fewer:
        # theta = theta - lr sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps sqrt(1 - beta2^t))
        bias_correction2_sqrt = math.sqrt(1 - beta2**t)
        np.sqrt(v, out=scratch)
        scratch += eps * bias_correction2_sqrt
        np.divide(m, scratch, out=scratch)
        scratch *= lr * bias_correction2_sqrt / (1 - beta1**t)
        param -= scratch
