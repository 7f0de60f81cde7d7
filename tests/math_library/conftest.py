"""`check`: one op against PyTorch (values, dtype, shape and gradients) and finite differences."""

import numpy as np
import pytest

import mtorch
from mtorch.autograd import gradcheck


def _as_list(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def _to_mtorch(value, grad):
    if isinstance(value, np.ndarray):
        return mtorch.tensor(value, requires_grad=grad and value.dtype.kind == "f")
    return value


def _to_torch(torch, value, grad):
    if isinstance(value, np.ndarray):
        return torch.tensor(value, requires_grad=grad and value.dtype.kind == "f")
    return value


def _check(fn, *inputs, grad=True, gradcheck_inputs=True, atol=1e-7, rtol=1e-6):
    """`fn(lib, *tensors)` run with lib=mtorch on mtorch tensors and lib=torch on torch tensors made from
    the numpy arrays in `inputs` (other values pass through). Their outputs must agree in value, shape and
    dtype; with `grad`, the gradients of sum(w * out) with respect to every float input must agree too,
    and (`gradcheck_inputs`) pass mtorch's finite-difference gradcheck (float64 inputs)."""
    torch = pytest.importorskip("torch")
    m_in = [_to_mtorch(v, grad) for v in inputs]
    t_in = [_to_torch(torch, v, grad) for v in inputs]
    m_out, t_out = _as_list(fn(mtorch, *m_in)), _as_list(fn(torch, *t_in))
    assert len(m_out) == len(t_out)
    for m, t in zip(m_out, t_out):
        if isinstance(t, torch.Tensor):
            assert isinstance(m, mtorch.Tensor), type(m)
            assert tuple(m.shape) == tuple(t.shape)
            assert str(m.dtype) == str(t.dtype).replace("torch.", ""), (m.dtype, t.dtype)
            np.testing.assert_allclose(m.numpy(), t.detach().numpy(), atol=atol, rtol=rtol, equal_nan=True)
        else:
            assert m == t
    if not grad:
        return
    rng = np.random.default_rng(0)
    weights = [rng.standard_normal(tuple(t.shape)) if isinstance(t, torch.Tensor) and t.requires_grad else None
               for t in t_out]
    m_loss = sum((m * mtorch.tensor(w)).sum() for m, w in zip(m_out, weights) if w is not None)
    t_loss = sum((t * torch.tensor(w)).sum() for t, w in zip(t_out, weights) if w is not None)
    if not isinstance(t_loss, torch.Tensor):  # no output depends differentiably on the inputs
        assert not isinstance(m_loss, mtorch.Tensor) or not m_loss.requires_grad
        return
    m_loss.backward()
    t_loss.backward()
    for m, t in zip(m_in, t_in):
        if isinstance(t, torch.Tensor) and t.requires_grad:
            expected = np.zeros(tuple(t.shape)) if t.grad is None else t.grad.numpy()
            got = np.zeros(tuple(m.shape)) if m.grad is None else m.grad.numpy()
            np.testing.assert_allclose(got, expected, atol=atol, rtol=rtol, equal_nan=True)
    if gradcheck_inputs:
        for m in m_in:
            if isinstance(m, mtorch.Tensor):
                m.grad = None
        assert gradcheck(lambda *a: fn(mtorch, *a), m_in)


@pytest.fixture
def check():
    return _check


@pytest.fixture
def rng():
    return np.random.default_rng(0)
