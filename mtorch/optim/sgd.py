"""Stochastic gradient descent, with momentum, dampening, Nesterov momentum and weight decay."""

import numpy as np

from ..creation import from_numpy
from .flat import regularized_grad
from .optimizer import Optimizer, _check_non_negative, _evaluate


class SGD(Optimizer):
    """SGD, as ``torch.optim.SGD``. For each parameter theta with gradient g::

        g     = g + lambda * theta                      (weight_decay)
        b     = mu * b + (1 - tau) * g                  (momentum mu, dampening tau; b = g at the first step)
        g     = g + mu * b if nesterov else b           (only with momentum)
        theta = theta - lr * g
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False):
        _check_non_negative(lr=lr, momentum=momentum, weight_decay=weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """Update every parameter that has a gradient; returns ``closure()``'s loss if one is given."""
        loss = _evaluate(closure)
        for group in self.param_groups:
            lr, momentum, dampening = group["lr"], group["momentum"], group["dampening"]
            for p, param, grad in self._params_with_grad(group):
                grad = regularized_grad(param, grad, group["weight_decay"], group["maximize"])
                if momentum != 0:
                    state = self.state[p]
                    if "momentum_buffer" not in state:
                        # b = g at the first step (an array of the parameter's dtype, also for a 0-d one)
                        state["momentum_buffer"] = from_numpy(np.array(grad, dtype=param.dtype))
                    else:
                        buf = state["momentum_buffer"].numpy()
                        buf *= momentum
                        buf += (1 - dampening) * grad  # b = mu b + (1 - tau) g
                    buf = state["momentum_buffer"].numpy()
                    grad = grad + momentum * buf if group["nesterov"] else buf
                param -= lr * grad
        return loss
