"""RMSprop (Hinton's lecture 6e), with PyTorch's centred variant, momentum and weight decay."""

import numpy as np

from .optimizer import Optimizer, _check_non_negative, _evaluate, _flush_subnormals, _new_step, _zeros_state


class RMSprop(Optimizer):
    """RMSprop, as ``torch.optim.RMSprop``. For each parameter theta with gradient g::

        g     = g + lambda * theta                      (weight_decay)
        v     = alpha * v + (1 - alpha) * g^2           (square_avg)
        a     = sqrt(v) + eps, or with centered:        (grad_avg: g_avg = alpha * g_avg + (1 - alpha) * g)
        a     = sqrt(v - g_avg^2) + eps
        b     = mu * b + g / a                          (momentum_buffer, only with momentum mu > 0)
        theta = theta - lr * b  if mu > 0 else  theta - lr * g / a
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, *,
                 maximize=False):
        _check_non_negative(lr=lr, eps=eps, momentum=momentum, weight_decay=weight_decay, alpha=alpha)
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _init_state(self, param, group):
        state = {"step": _new_step(), "square_avg": _zeros_state(param)}
        if group["momentum"] > 0:
            state["momentum_buffer"] = _zeros_state(param)
        if group["centered"]:
            state["grad_avg"] = _zeros_state(param)
        return state

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns ``closure()``'s loss if one is given."""
        loss = _evaluate(closure)
        for group in self.param_groups:
            lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
            momentum, centered = group["momentum"], group["centered"]
            for batch in self._batches(group):  # the whole group at once, or one parameter (see flat.py)
                t = batch.advance()
                grad = batch.grad(group["weight_decay"], group["maximize"])
                v = batch.state("square_avg")

                avg = np.multiply(grad, grad, out=batch.scratch())  # the one temporary
                avg *= 1 - alpha
                v *= alpha
                v += avg  # v = alpha v + (1 - alpha) g^2
                _flush_subnormals(t, v)
                if centered:
                    g_avg = batch.state("grad_avg")
                    np.subtract(grad, g_avg, out=avg)
                    avg *= 1 - alpha
                    g_avg += avg  # g_avg = g_avg + (1 - alpha)(g - g_avg), PyTorch's lerp
                    _flush_subnormals(t, g_avg)
                    np.multiply(g_avg, g_avg, out=avg)
                    np.subtract(v, avg, out=avg)
                    np.sqrt(avg, out=avg)  # sqrt(v - g_avg^2)
                else:
                    np.sqrt(v, out=avg)
                avg += eps
                np.divide(grad, avg, out=avg)  # g / a
                if momentum > 0:
                    buf = batch.state("momentum_buffer")
                    buf *= momentum
                    buf += avg  # b = mu b + g / a
                    _flush_subnormals(t, buf)
                    np.multiply(buf, lr, out=avg)
                else:
                    avg *= lr
                batch.subtract(avg)
        return loss
