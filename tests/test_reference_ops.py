"""The plain reference versions of fused ops compute what the fused ones compute."""

import numpy as np
import pytest

import mtorch
from mtorch.autograd import gradcheck
from mtorch.nn import functional as F
from mtorch.nn.functional.reference import cross_entropy_reference, max_pool2d_reference
from mtorch.optim.reference import adam_step_reference


def _values_and_grads(fn, x, *args):
    x = x.detach().requires_grad_()
    out = fn(x, *args)
    (out * mtorch.from_numpy(np.linspace(-1, 1, out.numel()).reshape(out.shape).astype(out.dtype))).sum().backward()
    return out.numpy(), x.grad.numpy()


def test_cross_entropy_reference_equals_the_fused_one():
    mtorch.manual_seed(0)
    x, y = mtorch.randn(7, 5) * 3, mtorch.randint(0, 5, (7,))
    fused, reference = _values_and_grads(F.cross_entropy, x, y), _values_and_grads(cross_entropy_reference, x, y)
    np.testing.assert_allclose(reference[0], fused[0], rtol=1e-6)
    np.testing.assert_allclose(reference[1], fused[1], rtol=1e-5, atol=1e-7)
    assert gradcheck(lambda t: cross_entropy_reference(t, y), [x.double().requires_grad_()])


@pytest.mark.parametrize("kernel, stride", [(2, None), (3, 2), (2, 1)])
def test_max_pool2d_reference_equals_the_fused_one(kernel, stride):
    mtorch.manual_seed(1)
    x = mtorch.randn(2, 3, 7, 8)
    fused = _values_and_grads(lambda t: F.max_pool2d(t, kernel, stride), x)
    reference = _values_and_grads(lambda t: max_pool2d_reference(t, kernel, stride), x)
    np.testing.assert_array_equal(reference[0], fused[0])
    np.testing.assert_allclose(reference[1], fused[1], rtol=1e-6)
    assert gradcheck(lambda t: max_pool2d_reference(t, kernel, stride), [x.double().requires_grad_()])


def test_max_pool2d_reference_sends_a_tie_to_the_first_maximum_as_the_fused_one():
    x = mtorch.ones(1, 1, 4, 4)
    fused = _values_and_grads(lambda t: F.max_pool2d(t, 2), x)
    reference = _values_and_grads(lambda t: max_pool2d_reference(t, 2), x)
    np.testing.assert_array_equal(reference[1], fused[1])


def test_adam_reference_equals_the_optimiser():
    rng = np.random.default_rng(2)
    start = rng.standard_normal((4, 3))
    p = mtorch.nn.Parameter(mtorch.from_numpy(start.copy()))
    adam = mtorch.optim.Adam([p], lr=0.01)
    param, m, v = start.copy(), np.zeros_like(start), np.zeros_like(start)
    for t in range(1, 6):
        grad = rng.standard_normal(start.shape)
        p.grad = mtorch.from_numpy(grad.copy())
        adam.step()
        param, m, v = adam_step_reference(param, grad, m, v, t, lr=0.01)
    np.testing.assert_allclose(p.numpy(), param, rtol=1e-12, atol=1e-14)
