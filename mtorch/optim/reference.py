"""Adam as the paper writes it: the reference that ``mtorch.optim.Adam`` (in-place, with its bias
corrections multiplied through) is tested equal to (tests/test_reference_ops.py)."""

import numpy as np


def adam_step_reference(param, grad, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step (step number ``t`` from 1, no weight decay) on numpy arrays: the new (param, m, v)."""
    m = beta1 * m + (1 - beta1) * grad  # moving average of the gradient
    v = beta2 * v + (1 - beta2) * grad * grad  # and of its square
    m_hat = m / (1 - beta1**t)  # both start at 0: correct the bias towards 0 of the first steps
    v_hat = v / (1 - beta2**t)
    return param - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
