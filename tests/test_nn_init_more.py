"""nn.init.trunc_normal_, orthogonal_ and eye_: their distributions, seeding, errors, and eye_ against PyTorch."""

import numpy as np
import pytest

import mtorch
from mtorch.nn import init


def test_trunc_normal_stays_inside_and_keeps_the_normal_shape():
    t = init.trunc_normal_(mtorch.empty(300, 300), mean=0.5, std=1.0, a=-1.0, b=1.5,
                           generator=mtorch.Generator().manual_seed(0))
    x = t.numpy()
    assert t.dtype == np.float32 and x.min() >= -1.0 and x.max() <= 1.5
    # N(0.5, 1) truncated to [-1.5, 1] std units: mean 0.5 + (phi(-1.5) - phi(1)) / (Phi(1) - Phi(-1.5))
    assert x.mean() == pytest.approx(0.5 + (0.1295 - 0.2420) / (0.8413 - 0.0668), abs=0.01)
    small = init.trunc_normal_(mtorch.empty(1000), std=0.02).numpy()
    assert small.std() == pytest.approx(0.02, rel=0.1)
    with pytest.raises(ValueError, match="almost none"):
        init.trunc_normal_(mtorch.empty(3), mean=0.0, std=1.0, a=10.0, b=11.0)


def test_trunc_normal_is_seeded():
    a = init.trunc_normal_(mtorch.empty(50), generator=mtorch.Generator().manual_seed(3)).numpy()
    b = init.trunc_normal_(mtorch.empty(50), generator=mtorch.Generator().manual_seed(3)).numpy()
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (8, 3, 2, 2)])
def test_orthogonal_rows_or_columns_are_orthonormal(shape):
    q = init.orthogonal_(mtorch.empty(*shape), gain=2.0).numpy().reshape(shape[0], -1).astype(np.float64)
    small = min(q.shape)
    gram = q.T @ q if q.shape[0] >= q.shape[1] else q @ q.T
    np.testing.assert_allclose(gram, 4.0 * np.eye(small), atol=1e-5)
    with pytest.raises(ValueError, match="2 or more"):
        init.orthogonal_(mtorch.empty(3))


def test_eye_matches_pytorch():
    torch = pytest.importorskip("torch")
    for shape in [(3, 3), (2, 4), (4, 2)]:
        np.testing.assert_array_equal(init.eye_(mtorch.empty(*shape)).numpy(),
                                      torch.nn.init.eye_(torch.empty(*shape)).numpy())
    with pytest.raises(ValueError, match="2 dimensions"):
        init.eye_(mtorch.empty(2, 2, 2))
