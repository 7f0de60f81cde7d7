"""mtorch.datasets.toy: TensorFlow Playground's 2-D sets, seeded numpy."""

import numpy as np
import pytest

from mtorch.datasets import toy


@pytest.mark.parametrize("name", list(toy.GENERATORS))
def test_every_set_is_seeded_and_shaped(name):
    x, y = toy.generate(name, 101, noise=0.2, seed=3)
    assert x.shape == (101, 2) and x.dtype == np.float32 and np.abs(x).max() < 9
    again, other = toy.generate(name, 101, noise=0.2, seed=3), toy.generate(name, 101, noise=0.2, seed=4)
    assert np.array_equal(again[0], x) and np.array_equal(again[1], y) and not np.array_equal(other[0], x)
    if name in toy.CLASSIFICATION:
        assert y.shape == (101,) and y.dtype == np.int64 and set(np.unique(y)) == {0, 1}
    else:
        assert y.shape == (101, 1) and y.dtype == np.float32 and -1 <= y.min() < 0 < y.max() <= 1


def test_without_noise_the_labels_follow_the_rule():
    x, y = toy.circle(400)
    assert np.array_equal(y, (np.hypot(*x.T) < 2.5).astype(np.int64))
    x, y = toy.xor(400)
    assert np.array_equal(y, (x[:, 0] * x[:, 1] >= 0).astype(np.int64)) and np.abs(x).min() >= 0.3
    x, y = toy.plane(400)
    assert np.allclose(y[:, 0], np.clip(x.sum(axis=1) / 10, -1, 1), atol=1e-6)
    x, y = toy.spiral(400)
    assert np.allclose(np.hypot(*x[y == 1].T), np.arange(200) / 200 * 5, atol=1e-5)  # one arm, radius growing


def test_noise_blurs_the_gaussians_and_bad_settings_are_refused():
    tight, wide = toy.gaussians(2000, 0.0)[0], toy.gaussians(2000, 0.5)[0]
    assert tight[:1000].std() < wide[:1000].std()
    with pytest.raises(ValueError, match="unknown 2-D dataset 'moons'"):
        toy.generate("moons", 10)
    with pytest.raises(ValueError, match="noise must be from 0 to 0.5"):
        toy.generate("spiral", 10, noise=2)
    with pytest.raises(ValueError, match="n_samples must be a whole number"):
        toy.generate("spiral", 1)


def test_toy2d_is_a_dataset():
    ds = toy.Toy2D("spiral", 10)
    point, label = ds[0]
    assert len(ds) == 10 and tuple(point.shape) == (2,) and label in (0, 1)
    assert tuple(toy.Toy2D("plane", 10)[0][1].shape) == (1,)
