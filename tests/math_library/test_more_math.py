"""The rest of PyTorch's everyday maths: logical ops, amin, nan-reductions, median, diff, diagonal, inv/det/
solve and torch.linalg norms, tensordot/inner, addmm & co, searchsorted/bucketize, stacking, moving dims."""

import numpy as np
import pytest

import mtorch


def a(*shape, seed=0):
    return np.random.default_rng(seed + 7 * len(shape)).standard_normal(shape)


def test_pointwise_extras(check):
    check(lambda T, x: T.exp2(x), a(3, 4))
    check(lambda T, x: x.deg2rad(), a(3, 4))
    check(lambda T, x: T.rad2deg(x), a(3, 4))
    check(lambda T, x: T.deg2rad(x), np.array([90, 180]), grad=False)
    check(lambda T, x, y: T.logaddexp(x, y), a(3, 4), a(4, seed=1))
    check(lambda T, x, y: x.logaddexp(y), np.array([-np.inf, 1000.0, -1000.0]), np.array([-np.inf, 1000.0, 0.0]),
          gradcheck_inputs=False)
    check(lambda T, x: T.clamp_min(x, 0.1), a(3, 4))
    check(lambda T, x: x.clamp_max(0.2), a(3, 4))


def test_logical_ops(check):
    x, y = np.array([0.0, 1.0, 2.0, 0.0]), np.array([1, 0, 3, 0])
    for name in ["logical_and", "logical_or", "logical_xor"]:
        check(lambda T, p, q, name=name: getattr(T, name)(p, q), x, y, grad=False)
        check(lambda T, p, q, name=name: getattr(p > 0, name)(q > 0), x, y, grad=False)
    check(lambda T, p: T.logical_not(p), x, grad=False)


def test_amin_nansum_nanmean_median(check):
    check(lambda T, x: T.amin(x, 1), a(3, 4))
    check(lambda T, x: x.amin(dim=0, keepdim=True), a(3, 4), gradcheck_inputs=False)
    x = a(3, 4)
    x[0, 1] = x[2, 3] = np.nan
    check(lambda T, t: T.nansum(t), x, gradcheck_inputs=False)
    check(lambda T, t: t.nansum(1), x, gradcheck_inputs=False)
    check(lambda T, t: T.nanmean(t, 0, keepdim=True), x, gradcheck_inputs=False)
    for shape in [(3, 4), (3, 5)]:
        check(lambda T, t: T.median(t), a(*shape))
        check(lambda T, t: t.median(1), a(*shape))
        check(lambda T, t: T.median(t, 0, keepdim=True), a(*shape))
    check(lambda T, t: t.median(1), x, gradcheck_inputs=False)  # NaN wins, with its index
    check(lambda T, t: t.median(), np.array([3, 1, 2, 8]), grad=False)


def test_std_mean_var_mean_and_diff(check):
    check(lambda T, x: T.std_mean(x, 1), a(3, 4))
    check(lambda T, x: T.var_mean(x, 0, keepdim=True), a(3, 4))
    check(lambda T, x: T.diff(x), a(3, 4))
    check(lambda T, x: x.diff(n=2, dim=0), a(4, 3))
    check(lambda T, x, p, q: T.diff(x, dim=1, prepend=p, append=q), a(3, 4), a(3, 1, seed=1), a(3, 2, seed=2))
    check(lambda T, x: T.diff(x), np.array([1, 4, 9, 16]), grad=False)


def test_diagonal(check):
    for offset in (0, 1, -1):
        check(lambda T, x, o=offset: T.diagonal(x, o), a(3, 4))
        check(lambda T, x, o=offset: x.diagonal(o, 0, 2), a(3, 2, 4))
        check(lambda T, x, o=offset: x.diagonal(offset=o, dim1=-1, dim2=-2), a(2, 3, 3))


def test_inverse_det_solve(check):
    m = a(3, 3) + 3 * np.eye(3)  # well conditioned
    batch = a(2, 3, 3) + 3 * np.eye(3)
    check(lambda T, x: T.inverse(x), m, atol=1e-6)
    check(lambda T, x: T.linalg.inv(x), batch, atol=1e-6)
    check(lambda T, x: x.det(), m, atol=1e-6)
    check(lambda T, x: T.linalg.det(x), batch, atol=1e-6)
    check(lambda T, x, y: T.linalg.solve(x, y), m, a(3, 2, seed=1), atol=1e-6)
    check(lambda T, x, y: T.linalg.solve(x, y), batch, a(2, 3, seed=1), atol=1e-6)
    with pytest.raises(np.linalg.LinAlgError):
        mtorch.linalg.inv(mtorch.zeros(2, 2))


@pytest.mark.parametrize("ord", [None, 2, 1, float("inf"), 3])
def test_linalg_vector_norms(check, ord):
    x = a(3, 4) + np.where(a(3, 4, seed=5) > 0, 0.1, -0.1)
    kwargs = {} if ord is None else {"ord": ord}
    check(lambda T, t: T.linalg.norm(t.reshape(-1), **kwargs), x)
    check(lambda T, t: T.linalg.vector_norm(t, **kwargs, dim=1, keepdim=True), x)


def test_linalg_matrix_norms(check):
    check(lambda T, t: T.linalg.norm(t), a(3, 4))
    check(lambda T, t: T.linalg.norm(t, "fro"), a(3, 4))
    check(lambda T, t: T.linalg.matrix_norm(t), a(2, 3, 4))
    check(lambda T, t: T.linalg.norm(t, dim=(0, 2)), a(2, 3, 4))
    with pytest.raises(NotImplementedError, match="nuc"):
        mtorch.linalg.matrix_norm(mtorch.ones(2, 2), "nuc")


def test_tensordot_inner_addmm(check):
    check(lambda T, x, y: T.tensordot(x, y), a(2, 3, 4), a(3, 4, 5, seed=1))
    check(lambda T, x, y: T.tensordot(x, y, dims=1), a(2, 3), a(3, 4, seed=1))
    check(lambda T, x, y: T.tensordot(x, y, dims=([0, 2], [1, 0])), a(2, 3, 4), a(4, 2, 5, seed=1))
    check(lambda T, x, y: T.inner(x, y), a(2, 3), a(4, 3, seed=1))
    check(lambda T, x, y: T.inner(x, y), a(3), a(3, seed=1))
    check(lambda T, i, x, y: T.addmm(i, x, y), a(2, 4), a(2, 3, seed=1), a(3, 4, seed=2))
    check(lambda T, i, x, y: T.addmm(i, x, y, beta=0.5, alpha=2.0), a(4), a(2, 3, seed=1), a(3, 4, seed=2))
    check(lambda T, i, x, y: T.addmv(i, x, y, alpha=3), a(2), a(2, 3, seed=1), a(3, seed=2))
    check(lambda T, i, x, y: T.baddbmm(i, x, y, beta=2), a(2, 2, 4), a(2, 2, 3, seed=1), a(2, 3, 4, seed=2))
    nan = np.full((2, 4), np.nan)
    check(lambda T, i, x, y: T.addmm(i, x, y, beta=0), nan, a(2, 3, seed=1), a(3, 4, seed=2), grad=False)


def test_searchsorted_bucketize(check):
    seq, values = np.array([1.0, 3.0, 3.0, 5.0, 7.0]), np.array([[0.0, 3.0, 6.0], [7.0, 8.0, 1.0]])
    check(lambda T, s, v: T.searchsorted(s, v), seq, values, grad=False)
    check(lambda T, s, v: T.searchsorted(s, v, right=True), seq, values, grad=False)
    check(lambda T, s, v: T.searchsorted(s, v, side="right", out_int32=True), seq, values, grad=False)
    rows = np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]])
    check(lambda T, s, v: T.searchsorted(s, v), rows, values, grad=False)
    check(lambda T, v, b: T.bucketize(v, b), values, seq, grad=False)
    check(lambda T, v, b: T.bucketize(v, b, right=True), values, seq, grad=False)


def test_stacking_and_moving_dims(check):
    check(lambda T, x, y: T.hstack([x, y]), a(3), a(2, seed=1))
    check(lambda T, x, y: T.hstack((x, y)), a(2, 3), a(2, 1, seed=1))
    check(lambda T, x, y: T.vstack([x, y]), a(3), a(2, 3, seed=1))
    check(lambda T, x, y: T.dstack([x, y]), a(2, 3), a(2, 3, seed=1))
    check(lambda T, x, y: T.column_stack([x, y]), a(3), a(3, 2, seed=1))
    check(lambda T, x: T.atleast_3d(x), a(3))
    check(lambda T, x: T.movedim(x, 0, -1), a(2, 3, 4))
    check(lambda T, x: x.moveaxis((0, 1), (2, 0)), a(2, 3, 4))
    check(lambda T, x: T.swapaxes(x, 0, 2), a(2, 3, 4))
    check(lambda T, x: x.swapdims(1, 0), a(2, 3))
    check(lambda T, x: T.select(x, 1, -1), a(2, 3, 4))
    check(lambda T, x: x.ravel(), a(2, 3))
    check(lambda T, x: T.masked_select(x, x > 0), a(3, 4))
    check(lambda T, x: x.masked_select(T.tensor([True, False, True, True])), a(3, 4))


def test_triangle_indices(check):
    check(lambda T: T.triu_indices(3, 4), grad=False)
    check(lambda T: T.tril_indices(4, 3, -1), grad=False)
    check(lambda T: T.triu_indices(3, 3, 1), grad=False)
