"""nn.init: gains, fans, the statistics of each initialiser, seeding, and layers initialised as PyTorch's."""

import math

import numpy as np
import pytest

import mtorch
from mtorch import nn
from mtorch.nn import init


def test_calculate_gain():
    assert init.calculate_gain("linear") == 1 and init.calculate_gain("conv2d") == 1
    assert init.calculate_gain("sigmoid") == 1
    assert init.calculate_gain("tanh") == pytest.approx(5 / 3)
    assert init.calculate_gain("relu") == pytest.approx(math.sqrt(2))
    assert init.calculate_gain("leaky_relu") == pytest.approx(math.sqrt(2 / (1 + 0.01**2)))
    assert init.calculate_gain("leaky_relu", math.sqrt(5)) == pytest.approx(math.sqrt(1 / 3))
    assert init.calculate_gain("selu") == 0.75
    with pytest.raises(ValueError):
        init.calculate_gain("swish")


def test_fan_in_and_fan_out():
    assert init._calculate_fan_in_and_fan_out(mtorch.empty(16, 784)) == (784, 16)
    assert init._calculate_fan_in_and_fan_out(mtorch.empty(8, 3, 5, 5)) == (75, 200)
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init._calculate_fan_in_and_fan_out(mtorch.empty(5))


def _stats(fn, shape=(400, 500), **kwargs):
    t = mtorch.empty(*shape)
    out = fn(t, **kwargs)
    assert out is t and t.dtype == np.float32
    return t.numpy()


@pytest.mark.parametrize(
    "fn, kwargs, low, high, std",
    [
        (init.uniform_, dict(a=-2.0, b=3.0), -2.0, 3.0, 5 / math.sqrt(12)),
        (init.xavier_uniform_, dict(gain=2.0), None, None, 2 * math.sqrt(2 / 900)),
        (init.kaiming_uniform_, dict(a=math.sqrt(5)), None, None, math.sqrt(1 / 3) / math.sqrt(500)),
        (init.kaiming_uniform_, dict(mode="fan_out", nonlinearity="relu"), None, None, math.sqrt(2 / 400)),
        (init.normal_, dict(mean=1.0, std=0.5), None, None, 0.5),
        (init.xavier_normal_, dict(), None, None, math.sqrt(2 / 900)),
        (init.kaiming_normal_, dict(nonlinearity="relu"), None, None, math.sqrt(2 / 500)),
    ],
)
def test_initialiser_statistics(fn, kwargs, low, high, std):
    x = _stats(fn, **kwargs)
    assert x.std() == pytest.approx(std, rel=0.02)
    mean = 1.0 if fn is init.normal_ else 0.0 if low is None else (low + high) / 2
    assert x.mean() == pytest.approx(mean, abs=0.02 * std)
    if low is not None:
        assert x.min() >= low and x.max() < high
    if fn in (init.xavier_uniform_, init.kaiming_uniform_):  # uniform on (-sqrt(3) std, sqrt(3) std)
        assert np.abs(x).max() <= math.sqrt(3) * std * 1.0001


def test_constant_zeros_ones():
    assert np.all(_stats(init.constant_, val=0.25) == 0.25)
    assert np.all(_stats(init.zeros_) == 0) and np.all(_stats(init.ones_) == 1)


def test_init_works_on_parameters_and_leaves_no_graph():
    p = nn.Parameter(mtorch.empty(3, 4))
    init.kaiming_uniform_(p)
    assert p.requires_grad and p.is_leaf and p.grad_fn is None


def test_seeding_and_generator():
    mtorch.manual_seed(7)
    a = nn.Linear(5, 4).weight.numpy().copy()
    mtorch.manual_seed(7)
    b = nn.Linear(5, 4).weight.numpy().copy()
    np.testing.assert_array_equal(a, b)
    g1, g2 = mtorch.Generator().manual_seed(1), mtorch.Generator().manual_seed(1)
    np.testing.assert_array_equal(init.normal_(mtorch.empty(3), generator=g1).numpy(),
                                  init.normal_(mtorch.empty(3), generator=g2).numpy())


def test_linear_initialised_like_pytorch():
    # PyTorch: W, b ~ U(-1/sqrt(in_features), 1/sqrt(in_features))
    mtorch.manual_seed(0)
    lin = nn.Linear(300, 200)
    bound = 1 / math.sqrt(300)
    for p in (lin.weight.numpy(), lin.bias.numpy()):
        assert np.abs(p).max() <= bound and np.abs(p).max() > 0.95 * bound
    assert lin.weight.numpy().std() == pytest.approx(bound / math.sqrt(3), rel=0.02)


def test_linear_init_statistics_match_pytorch():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    mtorch.manual_seed(0)
    ours, theirs = nn.Linear(256, 128), torch.nn.Linear(256, 128)
    for name in ("weight", "bias"):
        a, b = getattr(ours, name).numpy(), getattr(theirs, name).detach().numpy()
        assert a.shape == b.shape and a.dtype == b.dtype
        assert a.std() == pytest.approx(b.std(), rel=0.1)
        assert np.abs(a).max() == pytest.approx(np.abs(b).max(), rel=0.05)
