"""LazyLinear / LazyConv1d / LazyConv2d: input sizes inferred on the first call, as PyTorch's."""

import numpy as np
import pytest

import mtorch
import mtorch.nn as nn


@pytest.mark.parametrize("make, shape", [(lambda nn: nn.LazyLinear(3), (2, 5)),
                                         (lambda nn: nn.LazyConv2d(4, 3, padding=1), (2, 3, 6, 6)),
                                         (lambda nn: nn.LazyConv2d(4, 3, groups=2), (4, 6, 6)),
                                         (lambda nn: nn.LazyConv1d(2, 3, bias=False), (2, 4, 7))])
def test_lazy_layers_become_the_plain_layer_like_pytorch(make, shape):
    torch = pytest.importorskip("torch")
    ours, theirs = make(nn), make(torch.nn)
    assert repr(ours) == repr(theirs)
    assert repr(ours.weight) == "<UninitializedParameter>"
    opt = mtorch.optim.SGD(ours.parameters(), lr=0.1)  # created before the dry run, as PyTorch allows
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    ours(mtorch.tensor(x))
    theirs(torch.tensor(x))
    assert repr(ours) == repr(theirs) and type(ours).__name__ == type(theirs).__name__
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    ours_y, theirs_y = ours(mtorch.tensor(x)), theirs(torch.tensor(x))
    np.testing.assert_allclose(ours_y.detach().numpy(), theirs_y.detach().numpy(), rtol=1e-5, atol=1e-6)
    ours_y.sum().backward()
    opt.step()
    theirs_y.sum().backward()
    with torch.no_grad():
        for p in theirs.parameters():
            p -= 0.1 * p.grad
    for a, b in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-5, atol=1e-6)


def test_uninitialized_parameters_refuse_to_be_used():
    layer = nn.LazyLinear(3)
    with pytest.raises(ValueError, match="Attempted to use an uninitialized parameter in add"):
        layer.weight + 1
    with pytest.raises(ValueError, match="uninitialized parameter in numel"):
        sum(p.numel() for p in layer.parameters())


def test_lazy_layers_follow_dtype_changes_and_load_checkpoints():
    layer = nn.LazyLinear(3).double()
    assert layer(mtorch.randn(2, 5, dtype=mtorch.float64)).dtype == mtorch.float64
    loaded = nn.LazyLinear(3)
    loaded.load_state_dict(nn.Linear(5, 3).state_dict())
    assert loaded.weight.shape == (3, 5) and loaded(mtorch.randn(2, 5)).shape == (2, 3)
    model = nn.Sequential(nn.LazyConv2d(4, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
    assert model(mtorch.randn(2, 1, 8, 8)).shape == (2, 10)
    assert model[3].in_features == 4 * 6 * 6 and isinstance(model[3], nn.Linear)
