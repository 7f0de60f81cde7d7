"""Check a backward against central finite differences, in float64."""

import numpy as np

from .function import tensor_class
from .grad_mode import no_grad


def _outputs(fn, inputs):
    out = fn(*inputs)
    return out if isinstance(out, (tuple, list)) else (out,)


def numerical_gradient(loss, x, eps=1e-6, indices=None):
    """d loss() / d x by central differences, (loss(x + eps) - loss(x - eps)) / (2 eps) per entry: `x` is the
    array `loss` reads, changed in place and restored; every entry, or only those at `indices` (index tuples;
    the others stay 0)."""
    numeric = np.zeros_like(x)
    for i in np.ndindex(x.shape) if indices is None else indices:
        old = x[i]
        x[i] = old + eps
        up = loss()
        x[i] = old - eps
        down = loss()
        x[i] = old
        numeric[i] = (up - down) / (2 * eps)
    return numeric


def gradcheck(fn, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, seed=0):
    """True when every input's analytic gradient matches (f(x + eps) - f(x - eps)) / (2 eps).

    `fn` takes the Tensors in `inputs` (float64 ones that require grad are checked) and returns a
    Tensor or a tuple of Tensors. The outputs are projected on fixed random weights so one backward
    checks the whole Jacobian-vector product: L = sum_k sum(w_k * out_k).
    """
    Tensor = tensor_class()
    inputs = tuple(inputs) if isinstance(inputs, (tuple, list)) else (inputs,)
    checked = [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]
    for t in checked:
        if t.dtype != np.float64:
            raise ValueError(f"gradcheck needs float64 inputs for accurate finite differences, got {t.dtype}")
    rng = np.random.default_rng(seed)
    outs = _outputs(fn, inputs)
    weights = [rng.standard_normal(o.shape) for o in outs]

    def loss():
        with no_grad():
            return sum(float((w * o.numpy()).sum()) for w, o in zip(weights, _outputs(fn, inputs)))

    for t in checked:
        t.grad = None
    total = None
    for w, o in zip(weights, outs):
        if o.requires_grad:
            term = (o * Tensor(w)).sum()
            total = term if total is None else total + term
    if total is not None:
        total.backward()

    for n, t in enumerate(checked):
        x = t.numpy()
        numeric = numerical_gradient(loss, x, eps)
        analytic = np.zeros_like(x) if t.grad is None else t.grad.numpy()
        if not np.allclose(analytic, numeric, atol=atol, rtol=rtol):
            if not raise_exception:
                return False
            worst = np.unravel_index(np.argmax(np.abs(analytic - numeric)), x.shape) if x.shape else ()
            raise AssertionError(
                f"gradcheck: input {n} (shape {tuple(x.shape)}): analytic and numerical gradients differ; "
                f"largest gap at {worst}: analytic {analytic[worst]:.6g}, numerical {numeric[worst]:.6g}"
            )
    return True
