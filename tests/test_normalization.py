"""BatchNorm, LayerNorm, GroupNorm: gradient checks in train and eval, PyTorch parity, running stats, errors."""

import numpy as np
import pytest

import mtorch
import mtorch.nn as nn
import mtorch.nn.functional as F
from mtorch.autograd import gradcheck

rng = np.random.default_rng(0)


def t64(*shape, requires_grad=True):
    return mtorch.tensor(rng.standard_normal(shape), dtype=mtorch.float64, requires_grad=requires_grad)


# ---- gradient checks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", [(4, 3), (3, 2, 4), (2, 3, 2, 2)])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("affine", [True, False])
def test_batch_norm_gradcheck(shape, training, affine):
    x = t64(*shape)
    mean = t64(shape[1], requires_grad=False)
    var = mtorch.tensor(rng.uniform(0.5, 2, shape[1]), dtype=mtorch.float64)
    params = (t64(shape[1]), t64(shape[1])) if affine else (None, None)
    # momentum 0: the running statistics stay put while gradcheck calls the function many times
    assert gradcheck(lambda x, w, b: F.batch_norm(x, mean, var, w, b, training, 0.0), (x, *params))


@pytest.mark.parametrize("normalized_shape", [(4,), (3, 4)])
@pytest.mark.parametrize("affine", [True, False])
def test_layer_norm_gradcheck(normalized_shape, affine):
    x = t64(2, 3, 4)
    params = (t64(*normalized_shape), t64(*normalized_shape)) if affine else (None, None)
    assert gradcheck(lambda x, w, b: F.layer_norm(x, normalized_shape, w, b), (x, *params))


@pytest.mark.parametrize("shape", [(2, 4), (2, 6, 3), (2, 4, 2, 3)])
@pytest.mark.parametrize("affine", [True, False])
def test_group_norm_gradcheck(shape, affine):
    x = t64(*shape)
    params = (t64(shape[1]), t64(shape[1])) if affine else (None, None)
    assert gradcheck(lambda x, w, b: F.group_norm(x, 2, w, b), (x, *params))


@pytest.mark.parametrize("train", [True, False])
def test_batch_norm_module_gradcheck(train):
    bn = nn.BatchNorm2d(3, momentum=0.0).double()
    bn.train(train)
    with mtorch.no_grad():
        bn.running_var.fill_(1.5)
    x = t64(2, 3, 2, 2)
    assert gradcheck(lambda x: bn(x), (x,))


# ---- PyTorch parity -------------------------------------------------------------------------------------

def copy_from_torch(torch_module, module):
    module.load_state_dict({k: v.numpy() for k, v in torch_module.state_dict().items()})


def run(module, tensor, x):
    xt = tensor(x, requires_grad=True)
    y = module(xt)
    (y * tensor(np.cos(np.arange(y.numel())).reshape(x.shape).astype(np.float32))).sum().backward()
    return [y, xt.grad, *(p.grad for p in module.parameters())]


def assert_close(ours, theirs):
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("kind, shape", [("BatchNorm1d", (8, 3)), ("BatchNorm1d", (4, 3, 5)),
                                         ("BatchNorm2d", (4, 3, 2, 5))])
@pytest.mark.parametrize("kwargs", [dict(), dict(momentum=None), dict(momentum=0.3, affine=False),
                                    dict(track_running_stats=False)])
def test_batch_norm_matches_pytorch_over_several_steps(kind, shape, kwargs):
    torch = pytest.importorskip("torch")
    torch_bn, bn = getattr(torch.nn, kind)(3, **kwargs), getattr(nn, kind)(3, **kwargs)
    assert list(bn.state_dict()) == list(torch_bn.state_dict())
    assert repr(bn) == repr(torch_bn)
    if bn.affine:
        with torch.no_grad():
            torch_bn.weight.uniform_(0.5, 2)
            torch_bn.bias.uniform_(-1, 1)
    copy_from_torch(torch_bn, bn)
    for step in range(4):
        x = (rng.standard_normal(shape) * (step + 1) + step).astype(np.float32)
        assert_close(run(bn, mtorch.tensor, x), run(torch_bn, torch.tensor, x))
    assert_close(list(bn.state_dict().values()), list(torch_bn.state_dict().values()))
    bn.eval(), torch_bn.eval()
    x = rng.standard_normal(shape).astype(np.float32)
    assert_close(run(bn, mtorch.tensor, x), run(torch_bn, torch.tensor, x))


@pytest.mark.parametrize("normalized_shape, kwargs", [(5, dict()), ((3, 5), dict(eps=1e-3)),
                                                      (5, dict(elementwise_affine=False)), (5, dict(bias=False))])
def test_layer_norm_matches_pytorch(normalized_shape, kwargs):
    torch = pytest.importorskip("torch")
    torch_ln, ln = torch.nn.LayerNorm(normalized_shape, **kwargs), nn.LayerNorm(normalized_shape, **kwargs)
    assert list(ln.state_dict()) == list(torch_ln.state_dict())
    assert repr(ln) == repr(torch_ln)
    for p in torch_ln.parameters():
        with torch.no_grad():
            p.uniform_(-1, 2)
    copy_from_torch(torch_ln, ln)
    x = rng.standard_normal((2, 3, 5)).astype(np.float32)
    assert_close(run(ln, mtorch.tensor, x), run(torch_ln, torch.tensor, x))


@pytest.mark.parametrize("shape", [(3, 6), (2, 6, 4), (2, 6, 3, 2)])
@pytest.mark.parametrize("affine", [True, False])
def test_group_norm_matches_pytorch(shape, affine):
    torch = pytest.importorskip("torch")
    torch_gn, gn = torch.nn.GroupNorm(3, 6, affine=affine), nn.GroupNorm(3, 6, affine=affine)
    assert repr(gn) == repr(torch_gn)
    for p in torch_gn.parameters():
        with torch.no_grad():
            p.uniform_(-1, 2)
    copy_from_torch(torch_gn, gn)
    x = rng.standard_normal(shape).astype(np.float32)
    assert_close(run(gn, mtorch.tensor, x), run(torch_gn, torch.tensor, x))


# ---- behaviour and errors ----------------------------------------------------------------------------

def test_running_statistics_by_hand():
    bn = nn.BatchNorm1d(2, momentum=0.5)
    x = np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 16.0]], dtype=np.float32)
    bn(mtorch.tensor(x))
    np.testing.assert_allclose(bn.running_mean.numpy(), 0.5 * x.mean(0), rtol=1e-6)
    np.testing.assert_allclose(bn.running_var.numpy(), 0.5 + 0.5 * x.var(0, ddof=1), rtol=1e-6)  # unbiased
    assert bn.num_batches_tracked.item() == 1 and bn.num_batches_tracked.dtype == mtorch.int64
    bn.eval()
    bn(mtorch.tensor(x))
    assert bn.num_batches_tracked.item() == 1  # evaluation leaves the statistics alone


def test_batch_norm_errors_name_layer_and_shapes():
    with pytest.raises(ValueError, match=r"BatchNorm2d\(3, .*\): expected input \(N, 3, H, W\), got \(2, 4, 5, 5\)"):
        nn.BatchNorm2d(3)(mtorch.randn(2, 4, 5, 5))
    with pytest.raises(ValueError, match=r"BatchNorm1d\(3, .*\): expected input \(N, 3\) or \(N, 3, L\), "
                                         r"got \(2, 3, 4, 4\)"):
        nn.BatchNorm1d(3)(mtorch.randn(2, 3, 4, 4))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(3)(mtorch.randn(1, 3))
    with pytest.raises(ValueError, match=r"LayerNorm\(\(4,\), .*\): expected input \(\*, 4\), got \(2, 3\)"):
        nn.LayerNorm(4)(mtorch.randn(2, 3))
    with pytest.raises(ValueError, match=r"GroupNorm\(2, 4, .*\): expected input \(N, 4, \*\), got \(2, 6\)"):
        nn.GroupNorm(2, 4)(mtorch.randn(2, 6))
    with pytest.raises(ValueError, match="divisible"):
        nn.GroupNorm(4, 6)
