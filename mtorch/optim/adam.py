"""Adam (Kingma & Ba, 2014), with PyTorch's options: L2 or decoupled weight decay, AMSGrad, maximize."""

import math

import numpy as np

from .optimizer import (
    Optimizer,
    _check_non_negative,
    _evaluate,
    _flush_subnormals,
    _increment_step,
    _new_step,
    _regularized_grad,
    _zeros_state,
)


class Adam(Optimizer):
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

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns ``closure()``'s loss if one is given."""
        loss = _evaluate(closure)
        for group in self.param_groups:
            lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
            beta1, beta2 = group["betas"]
            amsgrad, decoupled = group["amsgrad"], group["decoupled_weight_decay"]
            for p, param, grad in self._params_with_grad(group):
                state = self.state[p]
                if not state:
                    state["step"] = _new_step()
                    state["exp_avg"] = _zeros_state(param)
                    state["exp_avg_sq"] = _zeros_state(param)
                    if amsgrad:
                        state["max_exp_avg_sq"] = _zeros_state(param)
                t = _increment_step(state)
                if decoupled and weight_decay != 0:
                    param *= 1 - lr * weight_decay  # theta = theta - lr * lambda * theta
                grad = _regularized_grad(param, grad, 0 if decoupled else weight_decay, group["maximize"])
                m, v = state["exp_avg"].numpy(), state["exp_avg_sq"].numpy()

                scratch = np.subtract(grad, m, out=np.empty_like(m))  # the one temporary (an array for 0-d)
                scratch *= 1 - beta1
                m += scratch  # m = m + (1 - beta1)(g - m), PyTorch's lerp
                np.multiply(grad, grad, out=scratch)
                scratch *= 1 - beta2
                v *= beta2
                v += scratch  # v = beta2 v + (1 - beta2) g^2
                _flush_subnormals(t, m, v)
                if amsgrad:
                    v_max = state["max_exp_avg_sq"].numpy()
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
        return loss
