"""Stochastic gradient descent, with momentum, dampening, Nesterov momentum and weight decay."""

from .optimizer import ElementwiseOptimizer, _check_non_negative, _regularized_grad


class SGD(ElementwiseOptimizer):
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

    _counts_steps = False

    def _state_names(self, group):
        return ["momentum_buffer"] if group["momentum"] != 0 else []

    def _update(self, group, param, grad, state, t, fresh):
        momentum = group["momentum"]
        grad = _regularized_grad(param, grad, group["weight_decay"], group["maximize"])
        if momentum != 0:
            buf = state["momentum_buffer"]
            if fresh:
                buf[...] = grad  # b = g at the first step
            else:
                buf *= momentum
                buf += (1 - group["dampening"]) * grad  # b = mu b + (1 - tau) g
            grad = grad + momentum * buf if group["nesterov"] else buf
        param -= group["lr"] * grad
