"""Element-wise maths against PyTorch: values, dtypes and gradients, and finite differences."""

import numpy as np
import pytest

import mtorch


def a(*shape, low=-2.0, high=2.0, seed=0):
    return np.random.default_rng(seed).uniform(low, high, shape)


UNARY = {  # name: inputs inside the function's domain (away from its kinks)
    "sin": a(3, 4), "cos": a(3, 4), "tan": a(3, 4, low=-1.2, high=1.2), "asin": a(3, 4, low=-0.9, high=0.9),
    "acos": a(3, 4, low=-0.9, high=0.9), "atan": a(3, 4), "sinh": a(3, 4), "cosh": a(3, 4), "asinh": a(3, 4),
    "acosh": a(3, 4, low=1.1, high=4), "atanh": a(3, 4, low=-0.9, high=0.9), "log2": a(3, 4, low=0.1),
    "log10": a(3, 4, low=0.1), "log1p": a(3, 4, low=-0.9), "expm1": a(3, 4), "erf": a(3, 4, low=-3, high=3),
    "erfc": a(3, 4, low=-3, high=3), "reciprocal": a(3, 4, low=0.2), "rsqrt": a(3, 4, low=0.2),
    "square": a(3, 4), "frac": a(3, 4, low=-3, high=3), "sign": a(3, 4), "floor": a(3, 4, low=-3, high=3),
    "ceil": a(3, 4, low=-3, high=3), "trunc": a(3, 4, low=-3, high=3), "round": a(3, 4, low=-3, high=3),
    "arcsin": a(3, low=-0.9, high=0.9), "arctanh": a(3, low=-0.9, high=0.9), "fix": a(3, low=-3, high=3),
}


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_function_and_method(check, name):
    check(lambda T, x: getattr(T, name)(x), UNARY[name])
    check(lambda T, x: getattr(x, name)(), UNARY[name], gradcheck_inputs=False)


@pytest.mark.parametrize("name", ["sin", "cos", "log2", "erf", "rsqrt", "sign", "floor", "square", "round"])
def test_float32_and_integer_inputs_give_pytorchs_dtypes(check, name):
    check(lambda T, x: getattr(T, name)(x), a(5, low=0.5).astype(np.float32), atol=1e-6, grad=False)
    check(lambda T, x: getattr(T, name)(x), np.array([1, 2, 3]), grad=False)


def test_edge_values_match_pytorch(check):
    x = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e-300, 2.5, -2.5, 0.5])
    for name in ["sin", "tan", "asin", "acosh", "atanh", "log2", "log1p", "expm1", "erf", "erfc", "reciprocal",
                 "rsqrt", "sign", "floor", "ceil", "trunc", "frac", "round"]:
        check(lambda T, t, name=name: getattr(T, name)(t), x, grad=False)


def test_round_decimals(check):
    check(lambda T, x: T.round(x, decimals=2), a(3, 4) * 10, gradcheck_inputs=False)  # steps: no finite differences
    check(lambda T, x: x.round(decimals=-1), a(3, 4) * 100, gradcheck_inputs=False)
    check(lambda T, x: T.round(x), np.array([0.5, 1.5, 2.5, -0.5, -1.5]), grad=False)  # half to even


def test_nan_to_num(check):
    x = np.array([np.nan, np.inf, -np.inf, 1.5, -2.0])
    check(lambda T, t: T.nan_to_num(t), x, gradcheck_inputs=False)
    check(lambda T, t: t.nan_to_num(nan=1.0, posinf=9.0, neginf=-9.0), x, gradcheck_inputs=False)
    check(lambda T, t: T.nan_to_num(t), x.astype(np.float32), grad=False)


BINARY = {
    "atan2": (a(3, 4), a(4, seed=1)), "fmod": (a(3, 4) * 3, a(3, 1, low=0.7, seed=1)),
    "remainder": (a(3, 4) * 3, a(4, low=0.7, seed=1)), "maximum": (a(3, 4), a(3, 4, seed=1)),
    "minimum": (a(3, 4), a(1, 4, seed=1)), "hypot": (a(3, 4), a(3, 4, seed=1)),
    "pow": (a(3, 4, low=0.5), a(3, 4, seed=1)),
}


@pytest.mark.parametrize("name", list(BINARY))
def test_binary_function_and_method(check, name):
    check(lambda T, x, y: getattr(T, name)(x, y), *BINARY[name])
    check(lambda T, x, y: getattr(x, name)(y), *BINARY[name], gradcheck_inputs=False)


@pytest.mark.parametrize("name", ["atan2", "fmod", "remainder", "maximum", "minimum", "hypot", "pow"])
def test_binary_with_numbers_and_mixed_dtypes(check, name):
    x32 = a(2, 3, low=0.5).astype(np.float32)
    if name in ("fmod", "remainder", "pow"):  # the others take tensors only in PyTorch
        check(lambda T, x: getattr(T, name)(x, 2.5), x32, atol=1e-6, grad=False)
        check(lambda T, x: getattr(x, name)(3), x32, atol=1e-6, grad=False)
    if name != "hypot":  # PyTorch has no integer hypot
        check(lambda T, x, y: getattr(T, name)(x, y), np.array([5, -7, 9]), np.array([2, 3, 4]), grad=False)
    check(lambda T, x, y: getattr(T, name)(x, y), x32, np.array([[2], [3]]), atol=1e-6, grad=False)


def test_maximum_and_minimum_split_the_gradient_of_ties_like_pytorch(check):
    x, y = np.array([1.0, 2.0, 3.0, np.nan]), np.array([1.0, 5.0, 3.0, 0.0])
    check(lambda T, p, q: T.maximum(p, q), x, y, gradcheck_inputs=False)
    check(lambda T, p, q: T.minimum(p, q), x, y, gradcheck_inputs=False)
    check(lambda T, p, q: T.max(p, q), x, y, gradcheck_inputs=False)


def test_remainder_operator_and_fmod_sign_conventions(check):
    x, y = np.array([-7.0, 7.0, -7.5, 7.5]), np.array([3.0, -3.0, 2.0, -2.0])
    check(lambda T, p, q: p % q, x, y)
    check(lambda T, p: 5.0 % p, y, grad=False)  # PyTorch has no gradient for a number % tensor; mtorch does
    assert mtorch.autograd.gradcheck(lambda p: 5.0 % p, (mtorch.tensor(y, requires_grad=True),))
    check(lambda T, p, q: T.fmod(p, q), x, y)


def test_lerp(check):
    check(lambda T, s, e: T.lerp(s, e, 0.3), a(3, 4), a(3, 4, seed=1))
    check(lambda T, s, e, w: s.lerp(e, w), a(3, 4), a(3, 4, seed=1), a(4, low=0, high=1, seed=2))


def test_predicates(check):
    x = np.array([0.0, np.inf, -np.inf, np.nan, -1.0])
    for name in ["isnan", "isinf", "isfinite", "isposinf", "isneginf"]:
        check(lambda T, t, name=name: getattr(T, name)(t), x, grad=False)
    y = x + 1e-6
    check(lambda T, p, q: T.isclose(p, q), x, y, grad=False)
    check(lambda T, p, q: T.isclose(p, q, rtol=0, atol=1e-9, equal_nan=True), x, y, grad=False)
    assert mtorch.allclose(mtorch.tensor(x), mtorch.tensor(x), equal_nan=True)
    assert not mtorch.allclose(mtorch.tensor(x), mtorch.tensor(x))


def test_out_writes_into_the_given_tensor_and_refuses_what_pytorch_refuses():
    x = mtorch.tensor([0.0, 1.0, 2.0])
    out = mtorch.empty(3)
    alias = out
    assert mtorch.sin(x, out=out) is out
    np.testing.assert_allclose(alias.numpy(), np.sin([0.0, 1.0, 2.0]), rtol=1e-6)
    resized = mtorch.empty(0)
    mtorch.atan2(x, x, out=resized)
    assert resized.shape == (3,)
    with pytest.raises(RuntimeError, match="can't be cast"):
        mtorch.sin(x, out=mtorch.zeros(3, dtype=mtorch.int64))
    with pytest.raises(RuntimeError, match="automatic differentiation"):
        mtorch.sin(x.requires_grad_(), out=mtorch.empty(3))


def test_frac_of_an_integer_tensor_is_refused_like_pytorch():
    with pytest.raises(RuntimeError, match="frac"):
        mtorch.tensor([1, 2]).frac()


def test_out_on_the_core_functions():
    a, b = mtorch.ones(2, 3), mtorch.full((3, 2), 2.0)
    y = mtorch.empty(2, 2)
    assert mtorch.matmul(a, b, out=y) is y and y.tolist() == [[6.0, 6.0], [6.0, 6.0]]
    z = mtorch.empty(2, 3)
    mtorch.mul(a, 3, out=z)
    assert z.tolist() == [[3.0] * 3] * 2
    mtorch.add(a, a, alpha=2, out=z)
    assert z.tolist() == [[3.0] * 3] * 2
    s = mtorch.empty(())
    mtorch.sum(a, out=s)
    assert s.item() == 6.0
    c = mtorch.empty(0)
    mtorch.cat([a, a], dim=0, out=c)
    assert c.shape == (4, 3)


@pytest.mark.parametrize("fn", [lambda a, b: a % b, mtorch.fmod, mtorch.remainder])
def test_integer_remainder_by_zero_is_an_error_as_in_pytorch(fn):
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        fn(mtorch.tensor([5, 3]), mtorch.tensor([0, 2]))
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        fn(mtorch.tensor([5, 3]), 0)
    with np.errstate(invalid="ignore"):  # a float remainder by zero is NaN, as in PyTorch
        assert mtorch.isnan(fn(mtorch.tensor([5.0, 3.0]), 0)).all()
