"""Adagrad (Duchi et al., 2011), with learning-rate decay and weight decay as in PyTorch."""

import numpy as np

from ..creation import from_numpy
from .optimizer import Optimizer, _check_non_negative, _evaluate, _flush_subnormals, _new_step


class Adagrad(Optimizer):
    """Adagrad, as ``torch.optim.Adagrad``. For each parameter theta with gradient g, at step t::

        g     = g + lambda * theta                      (weight_decay)
        lr_t  = lr / (1 + (t - 1) * lr_decay)
        s     = s + g^2                                 (sum, starting at initial_accumulator_value)
        theta = theta - lr_t * g / (sqrt(s) + eps)
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, *,
                 maximize=False):
        _check_non_negative(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                            initial_accumulator_value=initial_accumulator_value, eps=eps)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, maximize=maximize)
        super().__init__(params, defaults)
        for group in self.param_groups:  # PyTorch creates Adagrad's state up front
            for p in group["params"]:
                self.state[p].update(self._init_state(p.numpy(), group))
            self._hold_flat(group)

    def _init_state(self, param, group):
        return {"step": _new_step(), "sum": from_numpy(np.full_like(param, group["initial_accumulator_value"]))}

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns ``closure()``'s loss if one is given."""
        loss = _evaluate(closure)
        for group in self.param_groups:
            lr, lr_decay, eps = group["lr"], group["lr_decay"], group["eps"]
            for batch in self._batches(group):  # the whole group at once, or one parameter (see flat.py)
                t = batch.advance()
                grad = batch.grad(group["weight_decay"], group["maximize"])
                s = batch.state("sum")

                std = np.multiply(grad, grad, out=batch.scratch())  # the one temporary
                s += std  # s = s + g^2
                _flush_subnormals(t, s)
                np.sqrt(s, out=std)
                std += eps
                np.divide(grad, std, out=std)
                std *= lr / (1 + (t - 1) * lr_decay)
                batch.subtract(std)  # theta = theta - lr_t g / (sqrt(s) + eps)
        return loss
