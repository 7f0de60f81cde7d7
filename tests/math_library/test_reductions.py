"""cumsum, cumprod, prod, logsumexp, norm, dist, all/any, count_nonzero, histc, bincount against PyTorch."""

import numpy as np
import pytest

import mtorch


def a(*shape, low=-2.0, high=2.0, seed=0):
    return np.random.default_rng(seed).uniform(low, high, shape)


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cumsum_and_cumprod(check, dim):
    check(lambda T, x: T.cumsum(x, dim), a(3, 4))
    check(lambda T, x: x.cumprod(dim), a(3, 4))
    check(lambda T, x: T.cumsum(x, axis=dim), a(2, 3), gradcheck_inputs=False)


def test_cumprod_gradient_is_exact_with_zeros(check):
    x = np.array([[2.0, 0.0, 3.0, 0.0, 4.0], [0.0, 1.5, 2.0, -1.0, 3.0], [1.0, 2.0, 3.0, 4.0, 0.0]])
    check(lambda T, t: T.cumprod(t, 1), x)
    check(lambda T, t: T.cumprod(t, 0), x.T.copy())


def test_cumulative_dtypes_and_0d(check):
    check(lambda T, x: T.cumsum(x, 0), np.array([1, 2, 3], dtype=np.int32), grad=False)
    check(lambda T, x: T.cumprod(x, 0), np.array([True, False]), grad=False)
    check(lambda T, x: T.cumsum(x, 0, dtype=T.float64), np.array([1, 2, 3]), grad=False)
    check(lambda T, x: T.cumsum(x, 0), np.array(2.5))


@pytest.mark.parametrize("dim,keepdim", [(None, False), (0, False), (1, True), (-1, False)])
def test_prod(check, dim, keepdim):
    fn = (lambda T, x: T.prod(x)) if dim is None else (lambda T, x: T.prod(x, dim, keepdim))
    check(fn, a(3, 4))


def test_prod_gradient_with_one_and_two_zeros(check):
    x = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 1.0], [1.5, 2.0, -1.0]])
    check(lambda T, t: T.prod(t, 1), x)
    check(lambda T, t: t.prod(), np.array([2.0, 0.0, 3.0]))
    check(lambda T, t: t.prod(), np.array([2, 3]), grad=False)


@pytest.mark.parametrize("dim,keepdim", [(1, False), (0, True), ((0, 1), False), (-1, True)])
def test_logsumexp(check, dim, keepdim):
    check(lambda T, x: T.logsumexp(x, dim, keepdim), a(3, 4))


def test_logsumexp_stays_finite_and_keeps_infinities(check):
    check(lambda T, x: T.logsumexp(x, 1), np.array([[1000.0, 1000.0], [-1000.0, -1000.0]]))
    check(lambda T, x: T.logsumexp(x, 1), np.array([[-np.inf, -np.inf], [np.inf, 1.0]]), grad=False)
    check(lambda T, x: x.logsumexp(0), np.array([1, 2, 3]), grad=False)


@pytest.mark.parametrize("p", [2, 1, 3, 0.5, float("inf"), -float("inf"), "fro"])
@pytest.mark.parametrize("dim,keepdim", [(None, False), (1, False), (0, True), ((0, 1), False)])
def test_norm(check, p, dim, keepdim):
    x = a(3, 4) + np.where(a(3, 4, seed=3) > 0, 0.1, -0.1)  # away from 0, where |x| has its kink
    check(lambda T, t: T.norm(t, p, dim, keepdim), x)


def test_norm_edge_cases_follow_pytorch(check):
    check(lambda T, t: t.norm(), np.zeros(3), gradcheck_inputs=False)  # gradient 0 at the origin
    check(lambda T, t: T.norm(t, p=float("inf")), np.array([1.0, -3.0, 3.0, 2.0]), gradcheck_inputs=False)  # tie
    check(lambda T, t: T.norm(t, p=0), np.array([1.0, 0.0, 3.0]), gradcheck_inputs=False)
    check(lambda T, t: t.norm(dim=1), a(2, 3).astype(np.float32), atol=1e-6, gradcheck_inputs=False)
    with pytest.raises(RuntimeError, match="floating point"):
        mtorch.tensor([1, 2]).norm()
    with pytest.raises(NotImplementedError, match="nuc"):
        mtorch.ones(2, 2).norm("nuc")


def test_dist(check):
    check(lambda T, x, y: T.dist(x, y), a(3, 4), a(3, 4, seed=1))
    check(lambda T, x, y: x.dist(y, p=1), a(3, 4), a(4, seed=1))


def test_all_any_count_nonzero(check):
    x = np.array([[0.0, 1.0, 2.0], [3.0, 0.0, 0.0]])
    for fn in [lambda T, t: T.all(t), lambda T, t: t.any(), lambda T, t: T.all(t, 1), lambda T, t: t.any(0, True),
               lambda T, t: T.all(t, dim=1, keepdim=True), lambda T, t: T.any(t, axis=0, keepdims=True),
               lambda T, t: T.count_nonzero(t), lambda T, t: t.count_nonzero(dim=0),
               lambda T, t: T.count_nonzero(t, dim=(0, 1))]:
        check(fn, x, grad=False)
    check(lambda T, t: T.all(t), np.array([1, 2], dtype=np.uint8), grad=False)


def test_histc(check):
    x = np.random.default_rng(0).normal(size=200)
    check(lambda T, t: T.histc(t, bins=10), x, grad=False)
    check(lambda T, t: t.histc(bins=4, min=-1, max=1), x.astype(np.float32), grad=False)
    check(lambda T, t: T.histc(t, bins=3), np.array([2.0, 2.0]), grad=False)


def test_bincount(check):
    x = np.array([0, 3, 3, 1, 5])
    check(lambda T, t: T.bincount(t), x, grad=False)
    check(lambda T, t: t.bincount(minlength=8), x, grad=False)
    check(lambda T, t, w: T.bincount(t, w), x, np.arange(5.0).astype(np.float32), grad=False)
    check(lambda T, t, w: T.bincount(t, weights=w), x, np.arange(5), grad=False)
    with pytest.raises(RuntimeError, match="non-negative"):
        mtorch.tensor([-1, 2]).bincount()


NUMPY_SPELLINGS = [
    lambda T, x: x.cumsum(axis=0), lambda T, x: T.cumprod(x, axis=1), lambda T, x: x.prod(axis=0, keepdims=True),
    lambda T, x: T.logsumexp(x, axis=1, keepdims=True), lambda T, x: x.index_select(axis=0, index=T.tensor([1])),
    lambda T, x: T.narrow(x, axis=1, start=0, length=1), lambda T, x: T.gather(x, axis=0, index=T.tensor([[1, 0]])),
    lambda T, x: x.sort(axis=0), lambda T, x: T.argsort(x, axis=0), lambda T, x: x.topk(1, axis=0),
    lambda T, x: T.unbind(x, axis=1), lambda T, x: x.chunk(2, axis=1), lambda T, x: T.all(x > 0, axis=0),
    lambda T, x: (x > 0).any(axis=1, keepdims=True), lambda T, x: T.count_nonzero(x, axis=0),
    lambda T, x: x.repeat_interleave(2, axis=0),
]


@pytest.mark.parametrize("n", range(len(NUMPY_SPELLINGS)))
def test_numpy_spellings_axis_and_keepdims_where_pytorch_takes_them(check, n):
    check(NUMPY_SPELLINGS[n], a(2, 2), gradcheck_inputs=False)


@pytest.mark.parametrize("name", ["cummax", "cummin"])
def test_cummax_cummin_values_indices_and_gradient(check, name):
    check(lambda T, x: getattr(T, name)(x, 1), a(3, 5))
    check(lambda T, x: getattr(x, name)(dim=0).values, a(3, 5), gradcheck_inputs=False)
    ties = np.array([[1.0, 3.0, 3.0, 2.0, 5.0, np.nan, 1.0], [2.0, 1.0, 1.0, 3.0, 0.0, 0.0, 4.0]])
    check(lambda T, x: getattr(T, name)(x, -1), ties, gradcheck_inputs=False)
    values, indices = getattr(mtorch, name)(mtorch.tensor([2.0, 1.0]), 0, out=(mtorch.empty(0), mtorch.empty(0)))
    assert values.shape == (2,)


def test_numpy_spellings_on_the_core_reductions(check):
    for fn in [lambda T, x: x.sum(1, keepdims=True), lambda T, x: T.sum(x, axis=0), lambda T, x: x.mean(axis=1),
               lambda T, x: T.mean(x, axis=0, keepdims=True), lambda T, x: x.max(axis=0).values,
               lambda T, x: T.amax(x, axis=1), lambda T, x: x.argmax(axis=0), lambda T, x: x.std(axis=0),
               lambda T, x: T.var(x, axis=1, keepdims=True), lambda T, x: x.softmax(axis=1),
               lambda T, x: T.cat([x, x], axis=1), lambda T, x: T.stack([x, x], axis=-1),
               lambda T, x: x.unsqueeze(axis=0), lambda T, x: T.squeeze(x[:1], axis=0)]:
        check(fn, a(2, 3), gradcheck_inputs=False)


def test_out_on_reductions_with_values_and_indices():
    x = mtorch.tensor([[1.0, 5.0], [4.0, 2.0]])
    values, indices = mtorch.empty(0), mtorch.empty(0, dtype=mtorch.int64)
    result = mtorch.max(x, 1, out=(values, indices))
    assert values.tolist() == [5.0, 4.0] and indices.tolist() == [1, 0] and result[0] is values
    v = mtorch.empty(())
    mtorch.min(x, out=v)
    assert v.item() == 1.0
    s = mtorch.empty(2)
    mtorch.std(x, 0, out=s)
    np.testing.assert_allclose(s.numpy(), np.std(x.numpy(), axis=0, ddof=1))
