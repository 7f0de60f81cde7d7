"""gather, scatter, scatter_add, index_select, masked_fill, narrow, roll, flip, repeat, repeat_interleave,
tile, chunk, split, unbind against PyTorch."""

import numpy as np
import pytest

import mtorch


def a(*shape, seed=0):
    return np.random.default_rng(seed + 7 * len(shape)).standard_normal(shape)


def test_gather(check):
    index = np.array([[0, 0, 2], [1, 2, 1]])
    check(lambda T, x, i: T.gather(x, 1, i), a(2, 4), index)
    check(lambda T, x, i: x.gather(0, i), a(3, 3), index)  # index smaller than the input
    check(lambda T, x, i: x.gather(-1, i), a(2, 4), index)
    with pytest.raises(RuntimeError, match="out of bounds"):
        mtorch.zeros(2, 2).gather(1, mtorch.tensor([[0, 2]]))
    with pytest.raises(RuntimeError, match="int64"):
        mtorch.zeros(2, 2).gather(1, mtorch.tensor([[0, 1]], dtype=mtorch.int32))


def test_scatter_and_scatter_add(check):
    index = np.array([[0, 1, 2], [2, 0, 1]])  # no repeats within a column, so scatter is deterministic
    check(lambda T, x, i, s: T.scatter(x, 0, i, s), a(3, 4), index, a(2, 3, seed=1))
    # src larger than index: PyTorch's backward fails on this case (a shape error), so values only here
    check(lambda T, x, i, s: x.scatter(0, i, s), a(3, 4), index, a(3, 5, seed=1), grad=False)
    src = mtorch.tensor(a(3, 5, seed=1), requires_grad=True)
    assert mtorch.autograd.gradcheck(lambda s: mtorch.zeros(3, 4, dtype=mtorch.float64).scatter(
        0, mtorch.tensor(index), s), (src,))
    check(lambda T, x, i: x.scatter(1, i, 2.5), a(2, 4), index)
    check(lambda T, x, i: T.scatter(x, 1, i, value=-1.0), a(2, 4), index)
    repeats = np.array([[0, 0, 2], [1, 1, 1]])
    check(lambda T, x, i, s: T.scatter_add(x, 1, i, s), a(2, 4), repeats, a(2, 3, seed=1))
    check(lambda T, x, i, s: x.scatter_add(0, i, s), a(3, 3), repeats, a(2, 3, seed=1))


def test_index_select_and_masked_fill(check):
    check(lambda T, x, i: T.index_select(x, 0, i), a(4, 3), np.array([3, 0, 0]))
    check(lambda T, x, i: x.index_select(-1, i), a(4, 3), np.array([2, 1]))
    check(lambda T, x: T.masked_fill(x, x > 0, 0.5), a(3, 4))
    check(lambda T, x: x.masked_fill(T.tensor([True, False, True, False]), -1.0), a(3, 4))
    with pytest.raises(RuntimeError, match="boolean"):
        mtorch.zeros(3).masked_fill(mtorch.tensor([1, 0, 1]), 0)


def test_narrow_roll_flip(check):
    check(lambda T, x: T.narrow(x, 1, 1, 2), a(3, 4))
    check(lambda T, x: x.narrow(-1, -3, 2), a(3, 4))
    check(lambda T, x: T.roll(x, 1), a(3, 4))
    check(lambda T, x: x.roll(-2, 1), a(3, 4))
    check(lambda T, x: T.roll(x, (1, 2), (0, -1)), a(3, 4))
    check(lambda T, x: T.flip(x, (0, 1)), a(3, 4))
    check(lambda T, x: x.flip(-1), a(2, 3, 4))
    check(lambda T, x: x.fliplr(), a(2, 3))
    check(lambda T, x: T.flipud(x), a(2, 3))
    with pytest.raises(IndexError):
        mtorch.zeros(3, 4).narrow(1, 3, 2)


def test_repeat_tile_repeat_interleave(check):
    check(lambda T, x: x.repeat(2, 1, 3), a(2, 3))
    check(lambda T, x: T.tile(x, (2,)), a(2, 3))
    check(lambda T, x: x.tile(2, 1, 2), a(2, 3))
    check(lambda T, x: T.repeat_interleave(x, 2), a(2, 3))
    check(lambda T, x: x.repeat_interleave(3, dim=1), a(2, 3))
    check(lambda T, x, r: x.repeat_interleave(r, dim=0), a(3, 2), np.array([2, 0, 1]))
    check(lambda T, r: T.repeat_interleave(r), np.array([2, 0, 3]), grad=False)


def test_chunk_split_unbind(check):
    check(lambda T, x: T.chunk(x, 3, 1), a(2, 7))
    check(lambda T, x: x.chunk(4), a(6, 2))
    check(lambda T, x: T.split(x, 2, dim=-1), a(2, 5))
    check(lambda T, x: x.split([1, 3, 1], 1), a(2, 5))
    check(lambda T, x: T.unbind(x, 1), a(2, 3))
    check(lambda T, x: x.unbind(), a(2, 3))


def test_scatter_of_a_value_tensor_sends_it_the_summed_gradient():
    x = mtorch.zeros(2, 3, dtype=mtorch.float64)
    value = mtorch.tensor(2.0, dtype=mtorch.float64, requires_grad=True)
    index = mtorch.tensor([[0, 2], [1, 0]])
    assert mtorch.autograd.gradcheck(lambda v: x.scatter(1, index, v), (value,))


def test_scatter_in_place_makes_one_hot_rows_and_records_gradients(check):
    labels = mtorch.tensor([[2], [0], [1]])
    one_hot = mtorch.zeros(3, 4).scatter_(1, labels, 1.0)
    assert one_hot.tolist() == [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]]
    index = np.array([[0, 1, 2], [2, 0, 1]])
    check(lambda T, x, i, s: (x * 1).scatter_(0, i, s), a(3, 4), index, a(2, 3, seed=1))
    check(lambda T, x, i, s: (x * 1).scatter_add_(1, i, s), a(2, 4), index, a(2, 3, seed=1))
    with pytest.raises(RuntimeError, match="leaf Variable"):
        mtorch.zeros(2, requires_grad=True).scatter_(0, mtorch.tensor([0]), 1.0)


def test_index_add_and_index_fill(check):
    index = np.array([0, 2, 0])
    check(lambda T, x, s: T.index_add(x, 0, T.tensor(index), s), a(3, 4), a(3, 4, seed=1))
    check(lambda T, x, s: x.index_add(1, T.tensor([3, 1]), s, alpha=2.0), a(2, 4), a(2, 2, seed=1))
    check(lambda T, x: T.index_fill(x, 1, T.tensor([0, 2]), -1.0), a(3, 4))
    check(lambda T, x: x.index_fill(0, T.tensor([1]), 5.0), a(3, 4))


IN_PLACE = ["sin", "cos", "tan", "sinh", "cosh", "atan", "log1p", "expm1", "erf", "square", "sign", "floor", "ceil",
            "trunc", "frac", "round", "nan_to_num", "tril", "triu"]


@pytest.mark.parametrize("name", IN_PLACE)
def test_in_place_forms_write_the_tensor_and_record_gradients(check, name):
    values = np.abs(a(3, 4)) if name == "log1p" else a(3, 4)
    check(lambda T, x: getattr(x * 1, name + "_")(), values, gradcheck_inputs=name != "round")
    x = mtorch.tensor(values)
    alias = x
    getattr(x, name + "_")()
    np.testing.assert_allclose(alias.numpy(), getattr(mtorch.tensor(values), name)().numpy())


def test_in_place_binary_forms(check):
    check(lambda T, x, y: (x * 1).fmod_(y), a(3, 4), np.abs(a(4, seed=1)) + 0.5)
    check(lambda T, x, y: (x * 1).remainder_(y), a(3, 4), np.abs(a(4, seed=1)) + 0.5)
    check(lambda T, x, y: (x * 1).lerp_(y, 0.25), a(3, 4), a(3, 4, seed=1))
    check(lambda T, x, s: (x * 1).index_add_(0, T.tensor([1, 1]), s), a(3, 4), a(2, 4, seed=1))
    check(lambda T, x: (x * 1).index_fill_(1, T.tensor([2]), 0.0), a(3, 4))
    x = mtorch.tensor([5.0, -5.0])
    x %= 3
    assert x.tolist() == [2.0, 1.0]


def test_shape_changes_in_place():
    x = mtorch.ones(2, 3)
    alias = x
    assert x.unsqueeze_(0) is x and alias.shape == (1, 2, 3)
    assert x.squeeze_().shape == (2, 3) and x.t_().shape == (3, 2) and x.transpose_(0, 1).shape == (2, 3)
    leaf = mtorch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable"):
        leaf.unsqueeze_(0)
    y = leaf * 2
    y.unsqueeze_(0)
    assert y.shape == (1, 2)
    y.sum().backward()
    assert leaf.grad.tolist() == [2.0, 2.0]
