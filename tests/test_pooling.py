"""MaxPool1d/2d, AvgPool2d, AdaptiveAvgPool2d: gradient checks, ties, indices, PyTorch parity, errors."""

import numpy as np
import pytest

import mtorch
import mtorch.nn as nn
import mtorch.nn.functional as F
from mtorch.autograd import gradcheck

rng = np.random.default_rng(0)


def t64(*shape):
    return mtorch.tensor(rng.standard_normal(shape), dtype=mtorch.float64, requires_grad=True)


# ---- gradient checks (float64, distinct values so every max is unique) ---------------------------------

@pytest.mark.parametrize("kernel, stride, padding, dilation, ceil_mode", [
    (2, None, 0, 1, False), (3, 2, 1, 1, True), ((2, 3), (1, 2), (1, 0), (2, 1), False), (3, 1, 1, 2, True),
    (3, 3, 0, 1, True), (2, 2, 1, 1, False)])  # windows tiling both axes (ceil_mode's overhang); only the columns
def test_max_pool2d_gradcheck(kernel, stride, padding, dilation, ceil_mode):
    assert gradcheck(lambda x: F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode), (t64(2, 2, 7, 6),))


@pytest.mark.parametrize("kernel, stride, padding, dilation", [(2, None, 0, 1), (3, 2, 1, 2)])
def test_max_pool1d_gradcheck(kernel, stride, padding, dilation):
    assert gradcheck(lambda x: F.max_pool1d(x, kernel, stride, padding, dilation), (t64(2, 3, 9),))


@pytest.mark.parametrize("kernel, stride, padding, ceil_mode, count_include_pad, divisor_override", [
    (2, None, 0, False, True, None), (3, 2, 1, True, True, None), (3, 2, 1, True, False, None),
    ((2, 3), (1, 2), (1, 1), False, False, None), (3, 1, 0, False, True, 4)])
def test_avg_pool2d_gradcheck(kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
    assert gradcheck(lambda x: F.avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad,
                                            divisor_override), (t64(2, 2, 7, 6),))


@pytest.mark.parametrize("output_size", [1, 3, (4, 2), (None, 4), (7, 6)])
def test_adaptive_avg_pool2d_gradcheck(output_size):
    assert gradcheck(lambda x: F.adaptive_avg_pool2d(x, output_size), (t64(2, 2, 7, 6),))


# ---- ties: the gradient goes to the first maximum of each window only ----------------------------------

def test_max_pool_ties_route_to_the_first_maximum_only():
    # a flat background (MNIST is mostly zeros): every element of every window ties
    x = mtorch.zeros(1, 1, 4, 4, requires_grad=True)
    out, indices = F.max_pool2d(x, 2, return_indices=True)
    out.sum().backward()
    expected = np.zeros((4, 4), np.float32)
    expected[::2, ::2] = 1  # the top-left element of each window, once
    np.testing.assert_array_equal(x.grad.numpy()[0, 0], expected)
    np.testing.assert_array_equal(indices.numpy()[0, 0], [[0, 2], [8, 10]])


def test_max_pool_tie_prefers_the_earlier_row_over_an_earlier_column():
    # window [[0, 5], [5, 1]]: row-major order meets (0, 1) before (1, 0), as PyTorch does
    x = mtorch.tensor([[[[0.0, 5.0], [5.0, 1.0]]]], requires_grad=True)
    out, index = F.max_pool2d(x, 2, return_indices=True)
    out.sum().backward()
    assert index.item() == 1
    np.testing.assert_array_equal(x.grad.numpy()[0, 0], [[0, 1], [0, 0]])


# ---- PyTorch parity (integer-valued inputs: many ties) ----------------------------------------------------

def parity(module, torch_module, torch, x):
    assert repr(module) == repr(torch_module)
    xm, xt = mtorch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ym, yt = module(xm), torch_module(xt)
    if isinstance(yt, tuple):
        (ym, im), (yt, it) = ym, yt
        assert im.dtype == mtorch.int64
        np.testing.assert_array_equal(im.numpy(), it.numpy())
    assert ym.shape == tuple(yt.shape) and ym.dtype == mtorch.float32
    g = rng.standard_normal(ym.shape).astype(np.float32)
    (ym * mtorch.tensor(g)).sum().backward()
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(ym.numpy(), yt.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(xm.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-6)


def ties(*shape):
    return rng.integers(0, 3, shape).astype(np.float32)


@pytest.mark.parametrize("kwargs", [
    dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1, return_indices=True),
    dict(kernel_size=(2, 3), stride=(2, 1), dilation=(1, 2), return_indices=True),
    dict(kernel_size=3, stride=2, ceil_mode=True, return_indices=True), dict(kernel_size=2, stride=1, padding=1),
    dict(kernel_size=3, ceil_mode=True)])
def test_max_pool2d_matches_pytorch(kwargs):
    torch = pytest.importorskip("torch")
    parity(nn.MaxPool2d(**kwargs), torch.nn.MaxPool2d(**kwargs), torch, ties(2, 3, 9, 8))


@pytest.mark.parametrize("kwargs", [dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1, dilation=2,
                                                                   ceil_mode=True, return_indices=True)])
def test_max_pool1d_matches_pytorch(kwargs):
    torch = pytest.importorskip("torch")
    parity(nn.MaxPool1d(**kwargs), torch.nn.MaxPool1d(**kwargs), torch, ties(2, 3, 11))


@pytest.mark.parametrize("kwargs", [
    dict(kernel_size=2), dict(kernel_size=3, stride=2, padding=1, ceil_mode=True),
    dict(kernel_size=3, stride=2, padding=1, ceil_mode=True, count_include_pad=False),
    dict(kernel_size=(3, 2), stride=(1, 2), divisor_override=3)])
def test_avg_pool2d_matches_pytorch(kwargs):
    torch = pytest.importorskip("torch")
    parity(nn.AvgPool2d(**kwargs), torch.nn.AvgPool2d(**kwargs), torch, ties(2, 3, 9, 8))


@pytest.mark.parametrize("output_size", [1, (3, 5), (None, 3), (4, 4)])
def test_adaptive_avg_pool2d_matches_pytorch(output_size):
    torch = pytest.importorskip("torch")
    parity(nn.AdaptiveAvgPool2d(output_size), torch.nn.AdaptiveAvgPool2d(output_size), torch,
           rng.standard_normal((2, 3, 9, 8)).astype(np.float32))


def test_unbatched_input_matches_pytorch():
    torch = pytest.importorskip("torch")
    parity(nn.MaxPool2d(2, return_indices=True), torch.nn.MaxPool2d(2, return_indices=True), torch, ties(3, 6, 6))


# ---- errors name the layer and the shapes --------------------------------------------------------------

def test_input_smaller_than_kernel_names_layer_and_shapes():
    with pytest.raises(nn.ShapeError, match=r"MaxPool2d\(kernel_size=5, .*\): expected input \(N, C, H, W\) at "
                                            r"least as large as the kernel \(5, 5\), got \(1, 2, 3, 8\)"):
        nn.MaxPool2d(5)(mtorch.randn(1, 2, 3, 8))
    with pytest.raises(nn.ShapeError, match=r"avg_pool2d: .* got \(1, 2, 8, 1\)"):
        F.avg_pool2d(mtorch.randn(1, 2, 8, 1), 2)


def test_bad_shapes_and_arguments():
    with pytest.raises(nn.ShapeError, match=r"MaxPool1d\(.*\): expected input \(N, C, L\), got \(2, 3, 4, 5\)"):
        nn.MaxPool1d(2)(mtorch.randn(2, 3, 4, 5))
    with pytest.raises(ValueError, match="at most half"):
        F.max_pool2d(mtorch.randn(1, 1, 6, 6), 2, padding=2)
    with pytest.raises(ValueError, match="output_size"):
        F.adaptive_avg_pool2d(mtorch.randn(1, 1, 6, 6), (1, 2, 3))


def test_max_pool_without_grad_gives_the_same_max():
    x = mtorch.tensor(np.random.default_rng(0).standard_normal((2, 3, 7, 6)), dtype=mtorch.float32,
                      requires_grad=True)
    with_grad = mtorch.nn.functional.max_pool2d(x, 3, 2, padding=1)
    with mtorch.no_grad():
        without = mtorch.nn.functional.max_pool2d(x, 3, 2, padding=1)
    assert without.grad_fn is None
    np.testing.assert_array_equal(without.numpy(), with_grad.detach().numpy())
