"""Gradient clipping: PyTorch parity of clip_grad_norm_ / clip_grad_value_, and their edge cases."""

import numpy as np
import pytest

import mtorch
from mtorch.nn.utils import clip_grad_norm_, clip_grad_value_, get_total_norm

SHAPES = [(4, 3), (3,), (2, 2, 2)]


def _grad_arrays(scale=1.0):
    rng = np.random.default_rng(0)
    return [(scale * rng.standard_normal(s)).astype(np.float32) for s in SHAPES]


def _params(module, grads):
    """Parameters of `module` (mtorch or torch) holding copies of `grads`, plus one without a gradient."""
    params = []
    for g in grads:
        p = module.zeros(*g.shape, requires_grad=True)
        p.grad = module.tensor(g.copy())
        params.append(p)
    return params + [module.zeros(2, requires_grad=True)]


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, "inf", float("inf"), 0])
@pytest.mark.parametrize("max_norm", [0.5, 1e3])
def test_clip_grad_norm_matches_pytorch(norm_type, max_norm):
    torch = pytest.importorskip("torch")
    grads = _grad_arrays()
    ours, theirs = _params(mtorch, grads), _params(torch, grads)
    total = clip_grad_norm_(ours, max_norm, norm_type=norm_type)
    their_total = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type=norm_type)
    assert isinstance(total, mtorch.Tensor) and total.shape == () and total.dtype == mtorch.float32
    np.testing.assert_allclose(total.item(), their_total.item(), rtol=1e-6)
    for p, q in zip(ours[:-1], theirs[:-1]):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-6, atol=1e-7)
    assert ours[-1].grad is None


@pytest.mark.parametrize("clip_value", [0.3, 2])
def test_clip_grad_value_matches_pytorch(clip_value):
    torch = pytest.importorskip("torch")
    grads = _grad_arrays()
    ours, theirs = _params(mtorch, grads), _params(torch, grads)
    clip_grad_value_(ours, clip_value)
    torch.nn.utils.clip_grad_value_(theirs, clip_value)
    for p, q in zip(ours[:-1], theirs[:-1]):
        np.testing.assert_array_equal(p.grad.numpy(), q.grad.numpy())


def test_clip_grad_norm_scales_to_max_norm():
    grads = _grad_arrays(scale=10.0)
    params = _params(mtorch, grads)
    total = clip_grad_norm_(iter(params), max_norm=1.0)
    expected = np.linalg.norm(np.concatenate([g.ravel() for g in grads]))
    np.testing.assert_allclose(total.item(), expected, rtol=1e-6)
    clipped = np.concatenate([p.grad.numpy().ravel() for p in params[:-1]])
    np.testing.assert_allclose(np.linalg.norm(clipped), 1.0, rtol=1e-5)
    np.testing.assert_allclose(clipped, np.concatenate([g.ravel() for g in grads]) / expected, rtol=1e-5)


def test_clip_grad_norm_leaves_small_gradients_and_accepts_one_tensor():
    p = mtorch.zeros(3, requires_grad=True)
    p.grad = mtorch.tensor([0.1, -0.2, 0.2])
    total = clip_grad_norm_(p, max_norm=5.0)
    np.testing.assert_allclose(total.item(), 0.3, rtol=1e-6)
    np.testing.assert_allclose(p.grad.numpy(), [0.1, -0.2, 0.2], rtol=1e-6)


def test_clip_grad_norm_without_gradients():
    params = [mtorch.zeros(2, requires_grad=True)]
    total = clip_grad_norm_(params, 1.0)
    assert total.item() == 0.0 and total.dtype == mtorch.float32
    with pytest.warns(UserWarning, match="empty generator"):
        clip_grad_norm_((p for p in []), 1.0)


def test_non_finite_norm_raises_only_when_asked():
    p = mtorch.zeros(2, requires_grad=True)
    p.grad = mtorch.tensor([np.inf, 1.0])
    with pytest.raises(RuntimeError, match="non-finite"):
        clip_grad_norm_([p], 1.0, error_if_nonfinite=True)
    assert p.grad.numpy()[1] == 1.0  # nothing clipped before the error
    with np.errstate(invalid="ignore"):  # inf * 0: PyTorch's gradients turn NaN here too
        assert np.isinf(clip_grad_norm_([p], 1.0).item())


def test_get_total_norm_and_clip_value_edges():
    a, b = mtorch.tensor([3.0, 0.0]), mtorch.tensor([[4.0]])
    assert get_total_norm([a, b]).item() == 5.0
    assert get_total_norm(a, norm_type="inf").item() == 3.0
    p = mtorch.zeros(3, requires_grad=True)
    p.grad = mtorch.tensor([-5.0, 0.5, 5.0])
    clip_grad_value_([p], 1)
    np.testing.assert_array_equal(p.grad.numpy(), [-1.0, 0.5, 1.0])
