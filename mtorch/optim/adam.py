"""Adam (Kingma & Ba, 2014), with PyTorch's options: L2 or decoupled weight decay, AMSGrad, maximize."""

import math

import numpy as np

from .optimizer import Optimizer, _check_non_negative, _evaluate, _flush_subnormals, _new_step, _zeros_state


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

    def _init_state(self, param, group):
        state = {"step": _new_step(), "exp_avg": _zeros_state(param), "exp_avg_sq": _zeros_state(param)}
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = _zeros_state(param)
        return state

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns ``closure()``'s loss if one is given."""
        loss = _evaluate(closure)
        for group in self.param_groups:
            lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
            beta1, beta2 = group["betas"]
            amsgrad, decoupled = group["amsgrad"], group["decoupled_weight_decay"]
            for batch in self._batches(group):  # the whole group at once, or one parameter (see flat.py)
                t = batch.advance()
                if decoupled and weight_decay != 0:
                    batch.decay(1 - lr * weight_decay)  # theta = theta - lr * lambda * theta
                grad = batch.grad(0 if decoupled else weight_decay, group["maximize"])
                m, v = batch.state("exp_avg"), batch.state("exp_avg_sq")

                scratch = np.subtract(grad, m, out=batch.scratch())  # the one temporary
                scratch *= 1 - beta1
                m += scratch  # m = m + (1 - beta1)(g - m), PyTorch's lerp
                np.multiply(grad, grad, out=scratch)
                scratch *= 1 - beta2
                v *= beta2
                v += scratch  # v = beta2 v + (1 - beta2) g^2
                _flush_subnormals(t, m, v)
                if amsgrad:
                    v_max = batch.state("max_exp_avg_sq")
                    np.maximum(v_max, v, out=v_max)
                    v = v_max

                # the same update with sqrt(1 - beta2^t) multiplied through, one pass fewer:
                # theta = theta - lr sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps sqrt(1 - beta2^t))
                bias_correction2_sqrt = math.sqrt(1 - beta2**t)
                np.sqrt(v, out=scratch)
                scratch += eps * bias_correction2_sqrt
                np.divide(m, scratch, out=scratch)
                scratch *= lr * bias_correction2_sqrt / (1 - beta1**t)
                batch.subtract(scratch)
        return loss
