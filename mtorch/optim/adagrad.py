"""Adagrad (Duchi et al., 2011), with learning-rate decay and weight decay as in PyTorch."""

import numpy as np

from ..creation import from_numpy
from .optimizer import (
    Optimizer,
    _check_non_negative,
    _evaluate,
    _flush_subnormals,
    _increment_step,
    _new_step,
    _regularized_grad,
)


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
                self._init_state(p, group)

    def _init_state(self, p, group):
        self.state[p]["step"] = _new_step()
        self.state[p]["sum"] = from_numpy(np.full_like(p.numpy(), group["initial_accumulator_value"]))

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns ``closure()``'s loss if one is given."""
        loss = _evaluate(closure)
        for group in self.param_groups:
            lr, lr_decay, eps = group["lr"], group["lr_decay"], group["eps"]
            for p, param, grad in self._params_with_grad(group):
                state = self.state[p]
                if not state:  # a parameter of a group added later
                    self._init_state(p, group)
                t = _increment_step(state)
                grad = _regularized_grad(param, grad, group["weight_decay"], group["maximize"])
                s = state["sum"].numpy()

                std = np.multiply(grad, grad, out=np.empty_like(grad))  # the one temporary (an array for 0-d)
                s += std  # s = s + g^2
                _flush_subnormals(t, s)
                np.sqrt(s, out=std)
                std += eps
                np.divide(grad, std, out=std)
                std *= lr / (1 + (t - 1) * lr_decay)
                param -= std  # theta = theta - lr_t g / (sqrt(s) + eps)
        return loss
