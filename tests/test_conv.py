"""Conv1d, Conv2d, ConvTranspose2d and pad: gradient checks, PyTorch parity, initialisation, errors."""

import math

import numpy as np
import pytest

import mtorch
import mtorch.nn as nn
import mtorch.nn.functional as F
from mtorch.autograd import gradcheck

rng = np.random.default_rng(0)


def t64(*shape, requires_grad=True):
    return mtorch.tensor(rng.standard_normal(shape), dtype=mtorch.float64, requires_grad=requires_grad)


# ---- gradient checks (float64, small shapes) -----------------------------------------------------------

@pytest.mark.parametrize("stride, padding, dilation", [
    (1, 0, 1), (2, 1, 1), ((2, 1), (1, 0), 1), (1, "same", 2), (1, "valid", (1, 2)), (3, 2, 2)])
@pytest.mark.parametrize("groups", [1, 2])
@pytest.mark.parametrize("bias", [True, False])
def test_conv2d_gradcheck(stride, padding, dilation, groups, bias):
    x, w = t64(2, 4, 6, 5), t64(4, 4 // groups, 3, 2)
    b = t64(4) if bias else None
    assert gradcheck(lambda x, w, b: F.conv2d(x, w, b, stride, padding, dilation, groups), (x, w, b))


@pytest.mark.parametrize("stride, padding, dilation, groups", [
    (1, 0, 1, 1), (2, 1, 1, 2), (1, "same", 2, 1), (2, 2, 2, 2), (1, "same", 1, 2)])
def test_conv1d_gradcheck(stride, padding, dilation, groups):
    x, w, b = t64(2, 4, 9), t64(6, 4 // groups, 4), t64(6)
    assert gradcheck(lambda x, w, b: F.conv1d(x, w, b, stride, padding, dilation, groups), (x, w, b))


@pytest.mark.parametrize("stride, padding, output_padding, dilation, groups", [
    (1, 0, 0, 1, 1), (2, 1, 1, 1, 1), ((2, 3), (0, 1), (1, 2), 1, 2), (1, 1, 1, 2, 1), (3, 2, 0, 2, 2)])
@pytest.mark.parametrize("bias", [True, False])
def test_conv_transpose2d_gradcheck(stride, padding, output_padding, dilation, groups, bias):
    x, w = t64(2, 4, 4, 3), t64(4, 6 // groups, 3, 2)
    b = t64(6) if bias else None
    assert gradcheck(lambda x, w, b: F.conv_transpose2d(x, w, b, stride, padding, output_padding, groups,
                                                          dilation), (x, w, b))


@pytest.mark.parametrize("mode, pad", [("constant", (1, 2, 0, 3)), ("constant", (-1, 2, 1, -2)),
                                       ("reflect", (2, 1, 1, 2)), ("replicate", (3, 1, 0, 2)),
                                       ("circular", (2, 3, 1, 1))])
def test_pad_gradcheck(mode, pad):
    assert gradcheck(lambda x: F.pad(x, pad, mode=mode), (t64(2, 2, 4, 5),))


def test_conv_module_gradcheck_includes_padding_modes():
    conv = nn.Conv2d(2, 3, 3, padding=1, padding_mode="reflect").double()
    assert gradcheck(lambda x, w, b: F.conv2d(F.pad(x, (1, 1, 1, 1), mode="reflect"), w, b),
                     (t64(1, 2, 4, 4), conv.weight, conv.bias))


# ---- PyTorch parity: outputs and every gradient, weights copied through state_dict ---------------------

def parity(module, torch_module, torch, x, **forward_kwargs):
    assert list(module.state_dict()) == list(torch_module.state_dict())
    assert repr(module) == repr(torch_module)
    module.load_state_dict({k: v.numpy() for k, v in torch_module.state_dict().items()})
    xm, xt = mtorch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ym, yt = module(xm, **forward_kwargs), torch_module(xt, **forward_kwargs)
    assert ym.shape == tuple(yt.shape) and ym.dtype == mtorch.float32
    g = rng.standard_normal(ym.shape).astype(np.float32)
    (ym * mtorch.tensor(g)).sum().backward()
    yt.backward(torch.tensor(g))
    pairs = [(ym, yt), (xm.grad, xt.grad)]
    pairs += [(p.grad, q.grad) for p, q in zip(module.parameters(), torch_module.parameters(), strict=True)]
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours.numpy(), theirs.detach().numpy(), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("kwargs", [
    dict(), dict(stride=2, padding=1), dict(padding="same", dilation=2), dict(padding="valid", bias=False),
    dict(stride=(2, 1), padding=(0, 2), dilation=(2, 1), groups=2), dict(padding=2, padding_mode="reflect"),
    dict(padding=1, padding_mode="circular", groups=4), dict(padding="same", padding_mode="replicate")])
def test_conv2d_matches_pytorch(kwargs):
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    parity(nn.Conv2d(4, 8, 3, **kwargs), torch.nn.Conv2d(4, 8, 3, **kwargs), torch,
           rng.standard_normal((3, 4, 9, 8)).astype(np.float32))


@pytest.mark.parametrize("kwargs", [dict(), dict(stride=2, padding=2, dilation=2, groups=2),
                                    dict(padding="same", bias=False), dict(padding=3, padding_mode="circular")])
def test_conv1d_matches_pytorch(kwargs):
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    parity(nn.Conv1d(4, 6, 5, **kwargs), torch.nn.Conv1d(4, 6, 5, **kwargs), torch,
           rng.standard_normal((3, 4, 12)).astype(np.float32))


@pytest.mark.parametrize("kwargs, forward_kwargs", [
    (dict(), {}), (dict(stride=2, padding=1, output_padding=1), {}),
    (dict(stride=(2, 3), padding=(1, 0), dilation=2, groups=2, bias=False), {}),
    (dict(stride=2, padding=1), dict(output_size=(10, 8)))])
def test_conv_transpose2d_matches_pytorch(kwargs, forward_kwargs):
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    parity(nn.ConvTranspose2d(4, 6, 3, **kwargs), torch.nn.ConvTranspose2d(4, 6, 3, **kwargs), torch,
           rng.standard_normal((2, 4, 5, 4)).astype(np.float32), **forward_kwargs)


def test_unbatched_input_matches_pytorch():
    torch = pytest.importorskip("torch")
    parity(nn.Conv2d(2, 3, 3, padding=1), torch.nn.Conv2d(2, 3, 3, padding=1), torch,
           rng.standard_normal((2, 5, 5)).astype(np.float32))


@pytest.mark.parametrize("pad, mode, value", [((1, 2), "constant", 0.5), ((2, 0, 1, 3), "reflect", None),
                                              ((1, 1, 2, 2), "replicate", None), ((2, 1, 1, 2), "circular", None),
                                              ((-1, 1, 0, -2), "constant", None)])
def test_pad_matches_pytorch(pad, mode, value):
    torch = pytest.importorskip("torch")
    x = rng.standard_normal((2, 3, 4, 5))
    xm, xt = mtorch.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ym = F.pad(xm, pad, mode=mode, value=value)
    yt = torch.nn.functional.pad(xt, pad, mode=mode, value=value)
    g = rng.standard_normal(ym.shape)
    (ym * mtorch.tensor(g)).sum().backward()
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(ym.numpy(), yt.detach().numpy())
    np.testing.assert_allclose(xm.grad.numpy(), xt.grad.numpy())


# ---- behaviour ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("layer, fan_in", [(nn.Conv2d(8, 16, 5), 8 * 25), (nn.Conv1d(4, 8, 3, groups=2), 2 * 3),
                                           (nn.ConvTranspose2d(8, 12, 3, groups=2), 6 * 9)])
def test_initialisation_is_pytorchs(layer, fan_in):
    # kaiming_uniform_(a=sqrt(5)) and the bias both give U(-1/sqrt(fan_in), 1/sqrt(fan_in))
    bound = 1 / math.sqrt(fan_in)
    for p in (layer.weight, layer.bias):
        values = p.numpy()
        assert values.dtype == np.float32 and np.abs(values).max() <= bound
    w = layer.weight.numpy()
    assert abs(w.std() - bound / math.sqrt(3)) < 0.15 * bound


def test_first_layer_skips_the_input_gradient():
    conv = nn.Conv2d(1, 2, 3)
    x = mtorch.randn(2, 1, 5, 5)
    conv(x).sum().backward()
    assert x.grad is None and conv.weight.grad is not None and conv.bias.grad is not None


def test_output_stays_float32_and_contiguous():
    y = nn.Conv2d(3, 4, 3, padding=1)(mtorch.randn(2, 3, 6, 6))
    assert y.dtype == mtorch.float32 and y.numpy().flags.c_contiguous


def test_conv_transpose_is_the_gradient_of_conv():
    # <conv2d(x, W), y> = <x, conv_transpose2d(y, W)> for every x, y: the two maps are adjoint
    x, y, w = t64(2, 3, 8, 6, requires_grad=False), t64(2, 4, 4, 4, requires_grad=False), t64(4, 3, 3, 2)
    lhs = (F.conv2d(x, w, stride=2, padding=1) * y).sum().item()
    rhs = (x * F.conv_transpose2d(y, w, stride=2, padding=1, output_padding=(1, 0))).sum().item()
    assert lhs == pytest.approx(rhs)


# ---- errors name the layer and the shapes ----------------------------------------------------------------

def test_wrong_channel_count_names_layer_and_shapes():
    with pytest.raises(nn.ShapeError, match=r"Conv2d\(3, 8, kernel_size=\(3, 3\), stride=\(1, 1\)\): "
                                            r"expected input \(N, 3, H, W\), got \(2, 1, 28, 28\)"):
        nn.Conv2d(3, 8, 3)(mtorch.randn(2, 1, 28, 28))
    with pytest.raises(nn.ShapeError, match=r"conv1d: expected input \(N, 4, L\), got \(2, 3, 10\)"):
        F.conv1d(mtorch.randn(2, 3, 10), mtorch.randn(5, 4, 3))
    with pytest.raises(nn.ShapeError, match=r"ConvTranspose2d\(4, 2.*expected input \(N, 4, H, W\), "
                                            r"got \(1, 2, 5, 5\)"):
        nn.ConvTranspose2d(4, 2, 3)(mtorch.randn(1, 2, 5, 5))


def test_input_smaller_than_kernel_names_layer_and_shapes():
    with pytest.raises(nn.ShapeError, match=r"Conv2d\(1, 4, kernel_size=\(5, 5\).*at least as large as the "
                                            r"kernel \(5, 5\) with padding \(1, 1\), got \(1, 1, 2, 9\)"):
        nn.Conv2d(1, 4, 5, padding=1)(mtorch.randn(1, 1, 2, 9))
    with pytest.raises(nn.ShapeError, match=r"conv2d:.*kernel \(5, 3\), got \(1, 1, 4, 4\)"):
        F.conv2d(mtorch.randn(1, 1, 4, 4), mtorch.randn(1, 1, 3, 3), dilation=(2, 1))


def test_bad_arguments():
    with pytest.raises(ValueError, match="strided"):
        nn.Conv2d(1, 1, 3, stride=2, padding="same")
    with pytest.raises(ValueError, match="groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="padding_mode"):
        nn.Conv2d(1, 1, 3, padding_mode="mirror")
    with pytest.raises(ValueError, match="output_padding"):
        F.conv_transpose2d(mtorch.randn(1, 1, 3, 3), mtorch.randn(1, 1, 3, 3), stride=2, output_padding=2)
    with pytest.raises(nn.ShapeError, match="output_size"):
        nn.ConvTranspose2d(1, 1, 3, stride=2)(mtorch.randn(1, 1, 4, 4), output_size=(20, 20))
    with pytest.raises(ValueError, match="reflect"):
        F.pad(mtorch.randn(1, 1, 3, 3), (3, 3), mode="reflect")


def test_large_batches_are_done_a_few_images_at_a_time(monkeypatch):
    import mtorch.nn.functional.conv as conv

    x, w, b, w_t = t64(5, 2, 6, 6), t64(4, 1, 3, 3), t64(4), t64(2, 3, 3, 3)

    def run():
        for t in (x, w, b, w_t):
            t.grad = None
        y = F.conv2d(x, w, b, padding=1, groups=2)
        strided = F.conv2d(x, w, stride=2, dilation=2, groups=2)  # the input gradient's strided adds
        transposed = F.conv_transpose2d(x, w_t, stride=2, padding=1)  # its forward is conv2d's input gradient
        ((y * y).sum() + (strided * strided).sum() + (transposed * transposed).sum()).backward()
        with mtorch.no_grad():
            y_no_grad = F.conv2d(x, w, b, padding=1, groups=2)
        return [y.numpy(), strided.numpy(), transposed.numpy(), y_no_grad.numpy(), x.grad.numpy(), w.grad.numpy(),
                b.grad.numpy(), w_t.grad.numpy()]

    whole = run()
    for patch_bytes in (1, 2 * 8 * 2 * 9 * 36):  # one image per chunk; two (chunks of 2, 2 and 1 images)
        monkeypatch.setattr(conv, "_PATCH_BYTES", patch_bytes)
        for ours, expected in zip(run(), whole, strict=True):
            np.testing.assert_allclose(ours, expected, rtol=1e-12)
