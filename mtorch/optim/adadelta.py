"""Adadelta (Zeiler, 2012), with weight decay and a learning rate as in PyTorch."""

import numpy as np

from .optimizer import Optimizer, _check_non_negative, _evaluate, _flush_subnormals, _new_step, _zeros_state


class Adadelta(Optimizer):
    """Adadelta, as ``torch.optim.Adadelta``. For each parameter theta with gradient g::

        g     = g + lambda * theta                      (weight_decay)
        v     = rho * v + (1 - rho) * g^2               (square_avg)
        d     = sqrt(u + eps) / sqrt(v + eps) * g       (the step, from acc_delta u)
        u     = rho * u + (1 - rho) * d^2
        theta = theta - lr * d
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, *, maximize=False):
        _check_non_negative(lr=lr, eps=eps, weight_decay=weight_decay)
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _init_state(self, param, group):
        return {"step": _new_step(), "square_avg": _zeros_state(param), "acc_delta": _zeros_state(param)}

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns ``closure()``'s loss if one is given."""
        loss = _evaluate(closure)
        for group in self.param_groups:
            lr, rho, eps = group["lr"], group["rho"], group["eps"]
            for batch in self._batches(group):  # the whole group at once, or one parameter (see flat.py)
                t = batch.advance()
                grad = batch.grad(group["weight_decay"], group["maximize"])
                v, u = batch.state("square_avg"), batch.state("acc_delta")

                std = np.multiply(grad, grad, out=np.empty_like(grad))  # the 2 temporaries: std, delta
                std *= 1 - rho
                v *= rho
                v += std  # v = rho v + (1 - rho) g^2
                np.add(v, eps, out=std)
                np.sqrt(std, out=std)
                delta = np.add(u, eps, out=batch.scratch())
                np.sqrt(delta, out=delta)
                delta /= std
                delta *= grad  # d = sqrt(u + eps) / sqrt(v + eps) * g
                np.multiply(delta, delta, out=std)
                std *= 1 - rho
                u *= rho
                u += std  # u = rho u + (1 - rho) d^2
                _flush_subnormals(t, v, u)
                delta *= lr
                batch.subtract(delta)
        return loss
