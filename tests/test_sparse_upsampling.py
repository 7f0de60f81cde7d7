"""Embedding, one_hot, interpolate/Upsample (nearest): gradient checks, PyTorch parity, errors."""

import numpy as np
import pytest

import mtorch
import mtorch.nn as nn
import mtorch.nn.functional as F
from mtorch.autograd import gradcheck

rng = np.random.default_rng(0)


def t64(*shape, requires_grad=True):
    return mtorch.tensor(rng.standard_normal(shape), dtype=mtorch.float64, requires_grad=requires_grad)


# ---- embedding ------------------------------------------------------------------------------------------

def test_embedding_gradcheck():
    # padding_idx and scale_grad_by_freq change the gradient on purpose: the parity test below covers them
    idx = mtorch.tensor([[0, 1, 1], [3, 0, 1]])
    assert gradcheck(lambda w: F.embedding(idx, w), (t64(5, 3),))


@pytest.mark.parametrize("kwargs", [dict(), dict(padding_idx=-1), dict(scale_grad_by_freq=True),
                                    dict(max_norm=1.0), dict(max_norm=2.0, norm_type=1.0)])
def test_embedding_matches_pytorch(kwargs):
    torch = pytest.importorskip("torch")
    torch_emb, emb = torch.nn.Embedding(6, 4, **kwargs), nn.Embedding(6, 4, **kwargs)
    assert repr(emb) == repr(torch_emb)
    emb.load_state_dict({k: v.numpy() for k, v in torch_emb.state_dict().items()})
    idx = np.array([[0, 5, 5, 2], [1, 5, 0, 4]])
    outs = []
    for m, lib in [(emb, mtorch), (torch_emb, torch)]:
        y = m(lib.tensor(idx))
        (y * lib.tensor(np.cos(np.arange(32)).reshape(2, 4, 4).astype(np.float32))).sum().backward()
        outs.append((y.detach().numpy(), m.weight.grad.numpy(), m.weight.detach().numpy()))
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_embedding_init_from_pretrained_and_errors():
    emb = nn.Embedding(10, 3, padding_idx=2)
    assert np.all(emb.weight.numpy()[2] == 0) and emb.weight.numpy().std() > 0.5
    table = mtorch.randn(4, 2)
    frozen = nn.Embedding.from_pretrained(table)
    assert not frozen.weight.requires_grad
    np.testing.assert_array_equal(frozen(mtorch.tensor([3, 0])).numpy(), table.numpy()[[3, 0]])
    with pytest.raises(IndexError, match="out of range"):
        emb(mtorch.tensor([10]))
    with pytest.raises(RuntimeError, match="scalar types: Long, Int; but got mtorch.FloatTensor"):
        emb(mtorch.tensor([1.0]))
    with pytest.raises(RuntimeError, match="scalar types: Long, Int; but got mtorch.ShortTensor"):
        emb(mtorch.tensor([1], dtype=mtorch.int16))
    assert emb(mtorch.tensor([1], dtype=mtorch.int32)).shape == (1, 3)


def test_one_hot_matches_pytorch():
    torch = pytest.importorskip("torch")
    idx = np.array([[0, 3], [2, 1]])
    for n in (-1, 5):
        ours, theirs = F.one_hot(mtorch.tensor(idx), n), torch.nn.functional.one_hot(torch.tensor(idx), n)
        assert ours.dtype == mtorch.int64
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    with pytest.raises(ValueError, match="class values"):
        F.one_hot(mtorch.tensor([3]), 3)


# ---- nearest upsampling ------------------------------------------------------------------------------------

CASES = [((1, 2, 5), dict(scale_factor=2)), ((1, 2, 5), dict(size=7)), ((2, 1, 3, 4), dict(scale_factor=2)),
         ((2, 1, 3, 4), dict(size=(5, 3))), ((1, 2, 5, 7), dict(scale_factor=(1.5, 0.5))),
         ((1, 2, 5, 7), dict(scale_factor=1.7, recompute_scale_factor=True)), ((1, 1, 2, 3, 2), dict(size=(3, 4, 5)))]


@pytest.mark.parametrize("shape, kwargs", CASES)
def test_interpolate_gradcheck(shape, kwargs):
    assert gradcheck(lambda x: F.interpolate(x, **kwargs), (t64(*shape),))


@pytest.mark.parametrize("shape, kwargs", CASES)
def test_upsample_matches_pytorch(shape, kwargs):
    torch = pytest.importorskip("torch")
    up, torch_up = nn.Upsample(**kwargs), torch.nn.Upsample(**kwargs)
    assert repr(up) == repr(torch_up)
    x = rng.standard_normal(shape).astype(np.float32)
    outs = []
    for m, lib in [(up, mtorch), (torch_up, torch)]:
        xt = lib.tensor(x, requires_grad=True)
        y = m(xt)
        (y * lib.tensor(np.cos(np.arange(y.numel())).reshape(tuple(y.shape)).astype(np.float32))).sum().backward()
        outs.append((y.detach().numpy(), xt.grad.numpy()))
    for a, b in zip(*outs):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_interpolate_errors():
    x = mtorch.randn(1, 1, 4, 4)
    with pytest.raises(ValueError, match="nearest"):
        F.interpolate(x, scale_factor=2, mode="bilinear")
    with pytest.raises(ValueError, match="exactly one"):
        F.interpolate(x)
    with pytest.raises(ValueError, match=r"3D, 4D or 5D.*\(4, 4\)"):
        F.interpolate(mtorch.randn(4, 4), scale_factor=2)
