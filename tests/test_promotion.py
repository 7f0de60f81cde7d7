"""Type promotion: one function, `mtorch.result_type`, with PyTorch's rules (not numpy's), for every
binary op."""

import itertools
import operator

import numpy as np
import pytest

import mtorch

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
SCALARS = [True, 2, 2.5, np.float64(2.5), np.float32(1.5), np.int64(3)]


def _ours(name, dims):
    return mtorch.Tensor(np.ones(2, dtype=name) if dims else np.array(1, dtype=name))


def test_the_rules_users_meet():
    f32, i64 = mtorch.ones(2), mtorch.tensor([1, 2])
    assert (f32 * i64).dtype == mtorch.float32  # numpy would say float64
    assert (i64 * 2.5).dtype == mtorch.float32  # a Python float never promotes to float64
    assert (i64 / i64).dtype == mtorch.float32 and (i64 / i64).tolist() == [1.0, 1.0]  # true division
    assert (i64 * 2).dtype == mtorch.int64
    assert (mtorch.tensor([True]) + 2).dtype == mtorch.int64
    assert (f32 * mtorch.tensor(2.0, dtype=mtorch.float64)).dtype == mtorch.float32  # 0-dim: same category
    assert (i64 * mtorch.tensor(2.0, dtype=mtorch.float64)).dtype == mtorch.float64  # 0-dim: higher category
    assert (f32 * np.float64(2)).dtype == mtorch.float32  # numpy scalars count as scalars
    assert mtorch.where(mtorch.tensor([True, False]), 1.0, 0).dtype == mtorch.float32


def test_result_type_and_promote_types_match_pytorch_on_a_grid():
    torch = pytest.importorskip("torch")

    def theirs(name, dims):
        dtype = getattr(torch, name)
        return torch.ones(2, dtype=dtype) if dims else torch.tensor(1, dtype=dtype)

    def name(dtype):
        return str(dtype).replace("torch.", "")

    for a, b in itertools.product(DTYPES, DTYPES):
        assert name(torch.promote_types(getattr(torch, a), getattr(torch, b))) == str(mtorch.promote_types(a, b))
        for da, db in itertools.product((True, False), repeat=2):
            expected = name(torch.result_type(theirs(a, da), theirs(b, db)))
            assert str(mtorch.result_type(_ours(a, da), _ours(b, db))) == expected, (a, da, b, db)
    for a, dims, s in itertools.product(DTYPES, (True, False), SCALARS):
        assert str(mtorch.result_type(_ours(a, dims), s)) == name(torch.result_type(theirs(a, dims), s)), (a, s)


OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "**": operator.pow}


@pytest.mark.parametrize("op", list(OPERATORS))
def test_every_binary_operator_promotes_like_pytorch(op):
    torch = pytest.importorskip("torch")
    fn, names = OPERATORS[op], ["bool", "uint8", "int32", "int64", "float32", "float64"]

    def same(ours, theirs):
        return str(ours.dtype) == str(theirs.dtype).replace("torch.", "")

    for a, b in itertools.product(names, names):
        if op in ("**", "-") and "bool" in (a, b):
            continue  # PyTorch refuses subtraction with bool tensors; ** of bools is not worth matching
        x, y = _ours(a, True), _ours(b, True)
        tx, ty = torch.ones(2, dtype=getattr(torch, a)), torch.ones(2, dtype=getattr(torch, b))
        assert same(fn(x, y), fn(tx, ty)), (a, op, b)
        for s in (2, 2.5):
            assert same(fn(x, s), fn(tx, s)), (a, op, s)
            assert same(fn(s, x), fn(s, tx)), (s, op, a)


def test_promotion_is_differentiable():
    x = mtorch.ones(3, requires_grad=True)
    (x * mtorch.tensor([1, 2, 3])).sum().backward()
    assert x.grad.dtype == mtorch.float32 and x.grad.tolist() == [1, 2, 3]


def test_subtracting_bools_is_pytorchs_error():
    with pytest.raises(RuntimeError, match="Subtraction, the `-` operator, with a bool tensor is not supported"):
        mtorch.tensor([True]) - mtorch.tensor([1.0])
    with pytest.raises(RuntimeError, match="Negation"):
        -mtorch.tensor([True])


def test_matmul_of_different_float_dtypes_is_pytorchs_error():
    with pytest.raises(RuntimeError, match="expected m1 and m2 to have the same dtype, but got: float != double"):
        mtorch.ones(2, 2) @ mtorch.ones(2, 2, dtype=mtorch.float64)


def test_float_functions_reductions_cat_and_clamp_of_integers_follow_pytorch():
    i = mtorch.tensor([1, 4])
    for fn in ("exp", "log", "sqrt", "tanh", "sigmoid", "sin", "log10", "erf", "rsqrt"):
        assert getattr(i, fn)().dtype == mtorch.float32, fn
    assert mtorch.cat([mtorch.tensor([1]), mtorch.tensor([2.5])]).dtype == mtorch.float32
    assert mtorch.stack([mtorch.tensor([1, 2]), mtorch.ones(2)]).dtype == mtorch.float32
    assert i.clamp(max=2.5).dtype == mtorch.float32 and i.clamp(max=2).dtype == mtorch.int64
    assert mtorch.tensor([200, 100], dtype=mtorch.uint8).sum().dtype == mtorch.int64
    assert mtorch.tensor([True, True]).sum().item() == 2
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        2 // mtorch.tensor([0, 1])
    with pytest.raises(RuntimeError, match="Subtraction"):
        i - True
    with pytest.raises(RuntimeError, match="std and var only support floating point"):
        i.std()
    with pytest.raises(RuntimeError, match="not implemented for 'Long'"):
        i.softmax(0)
