"""mm, bmm, mv, dot, outer, einsum, kron, trace, diag, tril/triu, meshgrid against PyTorch."""

import numpy as np
import pytest

import mtorch


def a(*shape, seed=0):
    return np.random.default_rng(seed + 7 * len(shape)).standard_normal(shape)


def test_products(check):
    check(lambda T, x, y: T.mm(x, y), a(3, 4), a(4, 2))
    check(lambda T, x, y: x.bmm(y), a(2, 3, 4), a(2, 4, 5))
    check(lambda T, x, y: T.mv(x, y), a(3, 4), a(4))
    check(lambda T, x, y: x.dot(y), a(4), a(4, seed=1))
    check(lambda T, x, y: T.outer(x, y), a(3), a(4, seed=1))
    check(lambda T, x, y: x.ger(y), a(3), a(2, seed=1), gradcheck_inputs=False)


@pytest.mark.parametrize("fn,shapes", [
    (lambda T: T.mm, [(3,), (3, 2)]), (lambda T: T.bmm, [(3, 4), (4, 2)]), (lambda T: T.mv, [(3, 4), (4, 1)]),
    (lambda T: T.dot, [(3, 1), (3,)]),
])
def test_products_refuse_the_wrong_number_of_dims_like_pytorch(fn, shapes):
    torch = pytest.importorskip("torch")
    with pytest.raises(RuntimeError):
        fn(torch)(*[torch.zeros(s) for s in shapes])
    with pytest.raises(RuntimeError):
        fn(mtorch)(*[mtorch.zeros(s) for s in shapes])


EINSUM = {
    "ij,jk->ik": [(3, 4), (4, 2)], "ij,jk": [(3, 4), (4, 2)], "bij,bjk->bik": [(2, 3, 4), (2, 4, 5)],
    "ii->": [(3, 3)], "ii->i": [(3, 3)], "ij->": [(3, 4)], "ij->ji": [(3, 4)], "i,j->ij": [(3,), (4,)],
    "i,i->": [(4,), (4,)], "...ij,...jk->...ik": [(2, 3, 4), (4, 5)], "bhqd,bhkd->bhqk": [(2, 2, 3, 4), (2, 2, 5, 4)],
    "ij,k->ijk": [(2, 3), (4,)], "iij->j": [(3, 3, 2)], "ba": [(3, 4)], "...j->...": [(2, 3, 4)],
    "i,i,i->i": [(3,), (3,), (3,)],
}


@pytest.mark.parametrize("equation", list(EINSUM))
def test_einsum(check, equation):
    inputs = [a(*s, seed=i) for i, s in enumerate(EINSUM[equation])]
    check(lambda T, *xs: T.einsum(equation, *xs), *inputs)


def test_einsum_takes_a_list_and_broadcasts_size_one_dims(check):
    check(lambda T, x, y: T.einsum("ij,jk->ik", [x, y]), a(3, 4), a(4, 2))
    check(lambda T, x, y: T.einsum("...i,...i->...", x, y), a(1, 4), a(3, 4, seed=1))
    with pytest.raises(RuntimeError, match="operands"):
        mtorch.einsum("ij,jk->ik", mtorch.zeros(2, 2))


def test_kron(check):
    check(lambda T, x, y: T.kron(x, y), a(2, 3), a(3, 2, seed=1))
    check(lambda T, x, y: x.kron(y), a(3), a(2, seed=1))
    check(lambda T, x, y: T.kron(x, y), a(2, 2), a(2, 3, 2, seed=1))


def test_trace_diag_tril_triu(check):
    check(lambda T, x: T.trace(x), a(3, 4))
    for d in (0, 1, -2):
        check(lambda T, x, d=d: T.diag(x, d), a(3))
        check(lambda T, x, d=d: x.diag(d), a(3, 4))
        check(lambda T, x, d=d: T.tril(x, d), a(3, 4))
        check(lambda T, x, d=d: x.triu(diagonal=d), a(2, 3, 4))
    with pytest.raises(RuntimeError):
        mtorch.zeros(2, 2, 2).diag()


@pytest.mark.parametrize("indexing", ["ij", "xy"])
def test_meshgrid(check, indexing):
    check(lambda T, x, y: T.meshgrid(x, y, indexing=indexing), a(3), a(4, seed=1))
    check(lambda T, x, y, z: T.meshgrid([x, y, z], indexing=indexing), a(2), a(3, seed=1), a(4, seed=2))


def test_meshgrid_defaults_to_ij():
    x, y = mtorch.arange(3), mtorch.arange(2)
    gx, gy = mtorch.meshgrid(x, y)
    assert gx.shape == (3, 2) and gy.tolist() == [[0, 1]] * 3
