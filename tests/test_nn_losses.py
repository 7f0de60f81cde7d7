"""Losses: gradient checks (float64), parity with PyTorch for every option, stability and shape errors."""

import numpy as np
import pytest

import mtorch
import mtorch.nn.functional as F
from mtorch import nn
from mtorch.autograd import gradcheck
from mtorch.nn import ShapeError

rng = np.random.default_rng(0)
X = rng.standard_normal((5, 4))  # logits / predictions
Y = rng.standard_normal((5, 4))  # regression targets
P = rng.uniform(0.05, 0.95, (5, 4))  # probabilities
T01 = rng.uniform(0, 1, (5, 4))  # soft binary targets
IDX = np.array([0, 3, 1, 3, 2])  # class indices
IDX_IGNORED = np.array([0, -100, 1, 3, -100])
X4 = rng.standard_normal((2, 4, 3, 2))  # (N, C, H, W) logits
IDX4 = rng.integers(0, 4, (2, 3, 2))
SOFT = np.exp(rng.standard_normal((5, 4)))
SOFT /= SOFT.sum(1, keepdims=True)
W = rng.uniform(0.5, 2, 4)  # class weights
POS = rng.uniform(0.5, 3, 4)  # pos_weight

# name -> (call with `m` = the framework's nn module and `t` = its tensor maker, inputs, which need grad)
CASES = {
    "mse": ("m.MSELoss()(a, b)", (X, Y), (0, 1)),
    "mse sum": ("m.MSELoss(reduction='sum')(a, b)", (X, Y), (0, 1)),
    "mse none": ("m.MSELoss(reduction='none')(a, b)", (X, Y), (0, 1)),
    "l1": ("m.L1Loss()(a, b)", (X, Y), (0, 1)),
    "l1 none": ("m.L1Loss(reduction='none')(a, b)", (X, Y), (0,)),
    "smooth_l1": ("m.SmoothL1Loss()(a, b)", (X, Y), (0, 1)),
    "smooth_l1 beta": ("m.SmoothL1Loss(beta=0.5, reduction='sum')(a, b)", (X, Y), (0, 1)),
    "smooth_l1 beta 0": ("m.SmoothL1Loss(beta=0.0)(a, b)", (X, Y), (0,)),
    "huber": ("m.HuberLoss()(a, b)", (X, Y), (0, 1)),
    "huber delta": ("m.HuberLoss(delta=0.4, reduction='none')(a, b)", (X, Y), (0, 1)),
    "cross_entropy": ("m.CrossEntropyLoss()(a, b)", (X, IDX), (0,)),
    "cross_entropy sum": ("m.CrossEntropyLoss(reduction='sum')(a, b)", (X, IDX), (0,)),
    "cross_entropy none": ("m.CrossEntropyLoss(reduction='none')(a, b)", (X, IDX), (0,)),
    "cross_entropy weight": ("m.CrossEntropyLoss(weight=t(W))(a, b)", (X, IDX), (0,)),
    "cross_entropy ignore_index": ("m.CrossEntropyLoss()(a, b)", (X, IDX_IGNORED), (0,)),
    "cross_entropy smoothing": ("m.CrossEntropyLoss(label_smoothing=0.2)(a, b)", (X, IDX), (0,)),
    "cross_entropy all options": (
        "m.CrossEntropyLoss(weight=t(W), ignore_index=3, label_smoothing=0.1)(a, b)", (X, IDX), (0,)),
    "cross_entropy all options none": (
        "m.CrossEntropyLoss(weight=t(W), label_smoothing=0.3, reduction='none')(a, b)", (X, IDX_IGNORED), (0,)),
    "cross_entropy (N, C, H, W)": ("m.CrossEntropyLoss(weight=t(W))(a, b)", (X4, IDX4), (0,)),
    "cross_entropy (N, C, H, W) none": ("m.CrossEntropyLoss(reduction='none', label_smoothing=0.1)(a, b)",
                                        (X4, IDX4), (0,)),
    "cross_entropy single sample": ("m.CrossEntropyLoss()(a, b)", (X[0], IDX[1]), (0,)),
    "cross_entropy probabilities": ("m.CrossEntropyLoss()(a, b)", (X, SOFT), (0, 1)),
    "cross_entropy probabilities all options": (
        "m.CrossEntropyLoss(weight=t(W), label_smoothing=0.2, reduction='sum')(a, b)", (X, SOFT), (0, 1)),
    "nll": ("m.NLLLoss()(a, b)", (X, IDX), (0,)),
    "nll weight ignore": ("m.NLLLoss(weight=t(W), ignore_index=3)(a, b)", (X, IDX), (0,)),
    "nll (N, C, H, W) none": ("m.NLLLoss(reduction='none')(a, b)", (X4, IDX4), (0,)),
    "bce": ("m.BCELoss()(a, b)", (P, T01), (0, 1)),
    "bce weight none": ("m.BCELoss(weight=t(W), reduction='none')(a, b)", (P, T01), (0, 1)),
    "bce with logits": ("m.BCEWithLogitsLoss()(a, b)", (X, T01), (0, 1)),
    "bce with logits weights": ("m.BCEWithLogitsLoss(weight=t(W), pos_weight=t(POS))(a, b)", (X, T01), (0, 1)),
    "bce with logits pos_weight none": ("m.BCEWithLogitsLoss(pos_weight=t(POS), reduction='none')(a, b)",
                                        (X, T01), (0, 1)),
}


def _mtorch_inputs(arrays, grads, dtype=np.float64):
    return [mtorch.tensor(a if a.dtype.kind in "iu" else a.astype(dtype), requires_grad=i in grads)
            for i, a in enumerate(map(np.asarray, arrays))]


@pytest.mark.parametrize("name", CASES)
def test_loss_gradcheck(name):
    code, arrays, grads = CASES[name]
    a, b = _mtorch_inputs(arrays, grads)
    assert gradcheck(lambda a, b: eval(code, {"m": nn, "t": mtorch.tensor, "a": a, "b": b, "W": W, "POS": POS}), (a, b))


@pytest.mark.parametrize("name", CASES)
def test_loss_matches_pytorch(name):
    torch = pytest.importorskip("torch")
    code, arrays, grads = CASES[name]
    a, b = _mtorch_inputs(arrays, grads, np.float32)
    ta, tb = (torch.tensor(x.numpy(), requires_grad=x.requires_grad) for x in (a, b))

    def t(array):
        return mtorch.tensor(np.asarray(array, np.float32))

    def tt(array):
        return torch.tensor(np.asarray(array, np.float32))

    ours = eval(code, {"m": nn, "t": t, "a": a, "b": b, "W": W, "POS": POS})
    theirs = eval(code, {"m": torch.nn, "t": tt, "a": ta, "b": tb, "W": W, "POS": POS})
    assert ours.dtype == np.float32 and ours.shape == tuple(theirs.shape)
    np.testing.assert_allclose(ours.numpy(), theirs.detach().numpy(), rtol=1e-5, atol=1e-6)
    gy = np.random.default_rng(1).standard_normal(ours.shape).astype(np.float32)
    ours.backward(mtorch.tensor(gy))
    theirs.backward(torch.tensor(gy))
    for mine, ref in ((a, ta), (b, tb)):
        if mine.requires_grad:
            assert mine.grad.dtype == np.float32
            np.testing.assert_allclose(mine.grad.numpy(), ref.grad.numpy(), rtol=1e-4, atol=1e-6)


def test_functional_forms_agree_with_modules():
    a, b = mtorch.tensor(X), mtorch.tensor(IDX)
    assert F.cross_entropy(a, b, ignore_index=3, label_smoothing=0.1).item() == pytest.approx(
        nn.CrossEntropyLoss(ignore_index=3, label_smoothing=0.1)(a, b).item())
    assert F.nll_loss(F.log_softmax(a, 1), b).item() == pytest.approx(F.cross_entropy(a, b).item())
    assert F.binary_cross_entropy(F.sigmoid(a), mtorch.tensor(T01)).item() == pytest.approx(
        F.binary_cross_entropy_with_logits(a, mtorch.tensor(T01)).item())
    assert F.mse_loss(a, mtorch.tensor(Y), reduction="sum").item() == pytest.approx(((X - Y) ** 2).sum())


def test_cross_entropy_is_stable_for_huge_logits():
    logits = mtorch.tensor([[1e4, -1e4, 0.0], [-5e3, 5e3, 5e3]], requires_grad=True)
    loss = F.cross_entropy(logits, mtorch.tensor([0, 1]))
    loss.backward()
    assert loss.item() == pytest.approx(np.log(2) / 2)
    assert np.all(np.isfinite(logits.grad.numpy()))


def test_bce_with_logits_is_stable_and_bce_clamps_logs():
    x = mtorch.tensor([-1e4, 1e4, 0.0], requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(x, mtorch.tensor([1.0, 0.0, 1.0]), reduction="none")
    loss.sum().backward()
    np.testing.assert_allclose(loss.numpy(), [1e4, 1e4, np.log(2)], rtol=1e-6)
    assert np.all(np.isfinite(x.grad.numpy()))
    p = mtorch.tensor([0.0, 1.0], requires_grad=True)
    loss = F.binary_cross_entropy(p, mtorch.tensor([1.0, 0.0]), reduction="none")
    np.testing.assert_array_equal(loss.numpy(), [100, 100])


def test_fully_ignored_batch_gives_nan_like_pytorch():
    loss = F.cross_entropy(mtorch.tensor(X), mtorch.tensor(np.full(5, -100)))
    assert np.isnan(loss.item())


def test_loss_errors():
    with pytest.raises(ShapeError, match=r"^cross_entropy: expected target \(5,\), got \(5, 1\)$"):
        F.cross_entropy(mtorch.tensor(X), mtorch.tensor(IDX[:, None]))
    with pytest.raises(ShapeError, match=r"cross_entropy: expected target \(5, 4\), got \(5, 3\)"):
        F.cross_entropy(mtorch.tensor(X), mtorch.tensor(SOFT[:, :3]))
    with pytest.raises(IndexError, match="Target 4 is out of bounds"):
        F.cross_entropy(mtorch.tensor(X), mtorch.tensor([0, 1, 2, 3, 4]))
    with pytest.raises(ShapeError, match=r"^BCEWithLogitsLoss\(\): expected target \(5, 4\)"):
        nn.BCEWithLogitsLoss()(mtorch.tensor(X), mtorch.tensor(T01[:, :1]))
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.binary_cross_entropy(mtorch.tensor(X), mtorch.tensor(T01))
    with pytest.raises(ValueError, match="not a valid value for reduction"):
        nn.MSELoss(reduction="avg")(mtorch.tensor(X), mtorch.tensor(Y))
    with pytest.raises(ShapeError, match=r"^nll_loss: expected target \(5,\), got \(5, 4\)"):
        F.nll_loss(mtorch.tensor(X), mtorch.tensor(SOFT))


def test_pointwise_loss_warns_when_shapes_differ_like_pytorch():
    with pytest.warns(UserWarning, match=r"target size \(5,\) that is different to the input size \(5, 1\)"):
        loss = F.mse_loss(mtorch.zeros(5, 1), mtorch.ones(5))
    assert loss.item() == 1


def test_loss_module_buffers_and_repr():
    loss = nn.CrossEntropyLoss(weight=mtorch.ones(3))
    assert list(loss.state_dict()) == ["weight"]
    assert list(nn.CrossEntropyLoss().state_dict()) == []
    assert repr(nn.MSELoss()) == "MSELoss()"
