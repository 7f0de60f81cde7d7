"""sort, argsort, topk, unique, nonzero against PyTorch (values, indices, gradients)."""

import numpy as np
import pytest

import mtorch


def a(*shape, seed=0):
    return np.random.default_rng(seed + 7 * len(shape)).standard_normal(shape)


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("descending", [False, True])
def test_sort_values_indices_and_gradient(check, dim, descending):
    check(lambda T, x: T.sort(x, dim, descending), a(3, 4))
    check(lambda T, x: x.sort(dim=dim, descending=descending).values, a(3, 4), gradcheck_inputs=False)
    check(lambda T, x: T.argsort(x, dim, descending), a(3, 4), grad=False)


def test_stable_sort_keeps_ties_in_order_and_nan_counts_as_largest(check):
    x = np.array([[2.0, 1.0, 2.0, np.nan, 1.0, 2.0], [0.0, 0.0, -1.0, 0.0, 5.0, np.nan]])
    for descending in (False, True):
        check(lambda T, t, d=descending: T.sort(t, stable=True, descending=d), x, gradcheck_inputs=False)
        check(lambda T, t, d=descending: t.argsort(dim=1, descending=d, stable=True), x, grad=False)
    check(lambda T, t: T.sort(t, stable=True), np.array([3, 1, 2, 1]), grad=False)


def test_sort_of_a_0d_tensor(check):
    check(lambda T, x: T.sort(x), np.array(2.0), gradcheck_inputs=False)


@pytest.mark.parametrize("k,dim,largest", [(2, -1, True), (1, 0, True), (3, 1, False), (0, 1, True)])
def test_topk(check, k, dim, largest):
    check(lambda T, x: T.topk(x, k, dim, largest), a(3, 4))
    check(lambda T, x: x.topk(k, dim=dim, largest=largest).values, a(3, 4), gradcheck_inputs=False)


def test_topk_rejects_k_larger_than_the_dim():
    with pytest.raises(RuntimeError, match="out of range"):
        mtorch.zeros(3).topk(4)


def test_unique(check):
    x = np.array([[3, 1, 2], [1, 3, 3]])
    check(lambda T, t: T.unique(t), x, grad=False)
    check(lambda T, t: t.unique(return_inverse=True, return_counts=True), x, grad=False)
    check(lambda T, t: T.unique(t, return_counts=True), np.array([2.5, 1.0, 2.5]), grad=False)
    check(lambda T, t: T.unique(t, dim=0, return_inverse=True), np.array([[1, 2], [0, 1], [1, 2]]), grad=False)


def test_nonzero_and_argwhere(check):
    x = np.array([[0.0, 1.5, 0.0], [2.0, 0.0, -1.0]])
    check(lambda T, t: T.nonzero(t), x, grad=False)
    check(lambda T, t: t.nonzero(as_tuple=True), x, grad=False)
    check(lambda T, t: T.argwhere(t), x, grad=False)
    check(lambda T, t: t.nonzero(), np.zeros((0, 3)), grad=False)


def test_topk_ties_take_the_earliest_indices_and_send_the_gradient_there():
    torch = pytest.importorskip("torch")
    x = np.array([[1.0, 3.0, 3.0, 2.0, 3.0, 0.0], [5.0, 5.0, 1.0, 1.0, 0.0, 5.0]])
    m = mtorch.tensor(x, requires_grad=True)
    values, indices = m.topk(2)
    np.testing.assert_array_equal(values.detach().numpy(), torch.tensor(x).topk(2).values.numpy())
    assert indices.tolist() == [[1, 2], [0, 1]]
    values.sum().backward()
    assert m.grad.tolist() == [[0, 1, 1, 0, 0, 0], [1, 1, 0, 0, 0, 0]]
