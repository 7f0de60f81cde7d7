"""Every differentiable Tensor op against central finite differences (float64)."""

import numpy as np
import pytest

import mtorch
from mtorch.autograd import gradcheck


def r(*shape, positive=False, seed=0):
    x = np.random.default_rng(seed + sum(shape)).standard_normal(shape)
    if positive:
        x = np.abs(x) + 0.5
    return mtorch.tensor(x, dtype=mtorch.float64, requires_grad=True)


CASES = {
    "add broadcast": (lambda a, b: a + b, (r(3, 4), r(4))),
    "sub broadcast": (lambda a, b: a - b, (r(3, 1), r(1, 4))),
    "mul broadcast": (lambda a, b: a * b, (r(2, 3, 4), r(3, 1))),
    "div": (lambda a, b: a / b, (r(3, 4), r(3, 4, positive=True))),
    "rdiv scalar": (lambda a: 2.0 / a, (r(3, positive=True),)),
    "pow scalar": (lambda a: a**3, (r(3, 4),)),
    "pow tensor": (lambda a, b: a**b, (r(3, positive=True), r(3))),
    "neg": (lambda a: -a, (r(5),)),
    "matmul 2d": (lambda a, b: a @ b, (r(3, 4), r(4, 2))),
    "matmul batched": (lambda a, b: a @ b, (r(2, 3, 4), r(4, 5))),
    "matmul vec-mat": (lambda a, b: a @ b, (r(4), r(4, 3))),
    "matmul mat-vec": (lambda a, b: a @ b, (r(3, 4), r(4))),
    "matmul vec-vec": (lambda a, b: a @ b, (r(4), r(4, seed=1))),
    "sum all": (lambda a: a.sum(), (r(3, 4),)),
    "sum dim keepdim": (lambda a: a.sum(dim=(0, 2), keepdim=True), (r(2, 3, 4),)),
    "mean dim": (lambda a: a.mean(1), (r(3, 4),)),
    "max all": (lambda a: a.max(), (r(3, 4),)),
    "max dim": (lambda a: a.max(dim=1).values, (r(3, 4),)),
    "min dim keepdim": (lambda a: a.min(dim=0, keepdim=True)[0], (r(3, 4),)),
    "var": (lambda a: a.var(dim=1), (r(3, 4),)),
    "var biased": (lambda a: a.var(unbiased=False), (r(3, 4),)),
    "std": (lambda a: a.std(dim=0, keepdim=True), (r(3, 4),)),
    "reshape/view": (lambda a: a.reshape(4, 3).view(2, 6), (r(3, 4),)),
    "flatten": (lambda a: a.flatten(1), (r(2, 3, 4),)),
    "squeeze/unsqueeze": (lambda a: a.unsqueeze(0).squeeze(), (r(3, 1, 4),)),
    "transpose": (lambda a: a.transpose(0, 2), (r(2, 3, 4),)),
    "permute": (lambda a: a.permute(2, 0, 1), (r(2, 3, 4),)),
    "T": (lambda a: a.T, (r(3, 4),)),
    "expand": (lambda a: a.expand(2, 3, 4), (r(3, 1),)),
    "repeat": (lambda a: a.repeat(2, 3), (r(2, 2),)),
    "getitem slice": (lambda a: a[1:, ::2], (r(3, 4),)),
    "getitem int array (repeats)": (lambda a: a[[0, 0, 2]], (r(3, 4),)),
    "getitem mask": (lambda a: a[a > 0], (r(3, 4),)),
    "getitem tensor index": (lambda a: a[mtorch.tensor([2, 0])], (r(3, 4),)),
    "cat": (lambda a, b: mtorch.cat([a, b], dim=1), (r(2, 3), r(2, 4))),
    "stack": (lambda a, b: mtorch.stack([a, b], dim=-1), (r(2, 3), r(2, 3, seed=1))),
    "split": (lambda a: a.split(2, dim=1)[1], (r(2, 5),)),
    "exp": (lambda a: a.exp(), (r(3, 4),)),
    "log": (lambda a: a.log(), (r(3, 4, positive=True),)),
    "sqrt": (lambda a: a.sqrt(), (r(3, 4, positive=True),)),
    "abs": (lambda a: a.abs(), (r(3, 4),)),
    "clamp": (lambda a: a.clamp(-0.5, 0.5), (r(3, 4),)),
    "clamp min only": (lambda a: a.clamp(min=0.1), (r(3, 4),)),
    "tanh": (lambda a: a.tanh(), (r(3, 4),)),
    "sigmoid": (lambda a: a.sigmoid(), (r(3, 4),)),
    "relu": (lambda a: a.relu(), (r(3, 4),)),
    "where": (lambda a, b: mtorch.where(a > 0, a, b), (r(3, 4), r(4))),
    "masked_fill": (lambda a: a.masked_fill(a < 0, 0.0), (r(3, 4),)),
    "maximum": (lambda a, b: mtorch.maximum(a, b), (r(3, 4), r(3, 4, seed=2))),
    "clone": (lambda a: a.clone() * 2, (r(3),)),
    "to float64 (no-op)": (lambda a: a.to(mtorch.float64) * 2, (r(3),)),
}


@pytest.mark.parametrize("name", list(CASES))
def test_gradcheck(name):
    fn, inputs = CASES[name]
    assert gradcheck(fn, inputs)


def test_gradcheck_catches_a_wrong_backward():
    class WrongSquare(mtorch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * x  # should be 2x

    with pytest.raises(AssertionError, match="analytic and numerical"):
        gradcheck(WrongSquare.apply, (r(3),))
    assert gradcheck(WrongSquare.apply, (r(3),), raise_exception=False) is False


def test_gradcheck_refuses_float32():
    with pytest.raises(ValueError, match="float64"):
        gradcheck(lambda a: a * 2, (mtorch.randn(3, requires_grad=True),))
