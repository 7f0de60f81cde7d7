"""Attention and the Transformer: gradient checks, and PyTorch parity with PyTorch's own weights loaded."""

import numpy as np
import pytest

import mtorch
import mtorch.nn as nn
import mtorch.nn.functional as F
from mtorch.autograd import gradcheck

rng = np.random.default_rng(0)


def t64(*shape):
    return mtorch.tensor(rng.standard_normal(shape), dtype=mtorch.float64, requires_grad=True)


def test_scaled_dot_product_attention_gradcheck():
    q, k, v = t64(2, 3, 4), t64(2, 5, 4), t64(2, 5, 3)
    bias = mtorch.tensor(rng.standard_normal((3, 5)))
    assert gradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=bias), (q, k, v))
    assert gradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=0.3), (q, k, v))
    blocked = mtorch.tensor(np.array([[True] * 5, [False] * 5, [True, False, True, False, True]]))
    assert gradcheck(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, attn_mask=blocked), (q, k, v))


def test_multi_head_attention_gradcheck():
    mha = nn.MultiheadAttention(4, 2, kdim=3, vdim=5, add_bias_kv=True).double()
    q, k, v = t64(3, 2, 4), t64(6, 2, 3), t64(6, 2, 5)
    mask = mtorch.tensor(np.triu(np.ones((3, 6), bool), k=1))
    params = [p for p in mha.parameters()]

    def f(q, k, v, *ps):
        return mha(q, k, v, attn_mask=mask)

    assert gradcheck(f, (q, k, v, *params))


def _torch_pair(torch, make):
    """The same module in both frameworks, PyTorch's weights copied into mtorch's (same parameter names)."""
    torch.manual_seed(0)
    theirs = make(torch.nn)
    ours = make(nn)
    state = {k: v.detach().numpy() for k, v in theirs.state_dict().items()}
    assert list(state) == list(ours.state_dict())
    ours.load_state_dict(state)
    return ours, theirs


def _inputs(torch, *shapes):
    arrays = [rng.standard_normal(s).astype(np.float32) for s in shapes]
    return ([mtorch.tensor(a, requires_grad=True) for a in arrays],
            [torch.tensor(a, requires_grad=True) for a in arrays])


def _compare_grads(ours_inputs, theirs_inputs, ours, theirs, atol=1e-5):
    for a, b in zip(ours_inputs, theirs_inputs):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-4, atol=atol)
    for (name, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-4, atol=atol, err_msg=name)


@pytest.mark.parametrize("mask", ["none", "bool", "float", "causal", "causal+bool", "blocked row"])
def test_scaled_dot_product_attention_matches_pytorch(mask):
    torch = pytest.importorskip("torch")
    (q, k, v), (tq, tk, tv) = _inputs(torch, (2, 3, 4, 8), (2, 3, 6, 8), (2, 3, 6, 5))
    masks = {"bool": rng.random((4, 6)) > 0.3, "float": rng.standard_normal((2, 1, 4, 6)).astype(np.float32),
             "blocked row": np.array([[False] * 6] + [[True] * 6] * 3)}
    kwargs = {"is_causal": mask.startswith("causal")}
    key = "bool" if mask == "causal+bool" else mask
    if key in masks:
        kwargs_ours = dict(kwargs, attn_mask=mtorch.tensor(masks[key]))
        kwargs_theirs = dict(kwargs, attn_mask=torch.tensor(masks[key]))
    else:
        kwargs_ours = kwargs_theirs = kwargs
    if mask == "causal+bool":
        with pytest.raises(RuntimeError, match="Explicit attn_mask should not be set when is_causal=True"):
            torch.nn.functional.scaled_dot_product_attention(tq, tk, tv, **kwargs_theirs)
        with pytest.raises(RuntimeError, match="Explicit attn_mask should not be set when is_causal=True"):
            F.scaled_dot_product_attention(q, k, v, **kwargs_ours)
        return
    ours = F.scaled_dot_product_attention(q, k, v, **kwargs_ours)
    theirs = torch.nn.functional.scaled_dot_product_attention(tq, tk, tv, **kwargs_theirs)
    np.testing.assert_allclose(ours.numpy(), theirs.detach().numpy(), rtol=1e-5, atol=1e-6)
    g = rng.standard_normal(ours.shape).astype(np.float32)
    (ours * mtorch.tensor(g)).sum().backward()
    (theirs * torch.tensor(g)).sum().backward()
    for a, b in zip((q, k, v), (tq, tk, tv)):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("options, call", [
    (dict(), dict()),
    (dict(batch_first=True), dict(key_padding_mask="bool")),
    (dict(batch_first=True), dict(attn_mask="bool", average_attn_weights=False)),
    (dict(), dict(attn_mask="float", key_padding_mask="float")),
    (dict(), dict(need_weights=False, key_padding_mask="bool")),
    (dict(kdim=3, vdim=5, bias=False), dict()),
    (dict(add_bias_kv=True, add_zero_attn=True), dict(key_padding_mask="bool", attn_mask="bool")),
    (dict(), dict(unbatched=True, attn_mask="bool")),
])
def test_multihead_attention_matches_pytorch(options, call):
    torch = pytest.importorskip("torch")
    E, H, L, S, N = 8, 2, 4, 6, 3
    ours, theirs = _torch_pair(torch, lambda nn: nn.MultiheadAttention(E, H, **options))
    call = dict(call)
    unbatched = call.pop("unbatched", False)
    kdim, vdim = options.get("kdim", E), options.get("vdim", E)
    if unbatched:
        shapes = [(L, E), (S, kdim), (S, vdim)]
    elif options.get("batch_first"):
        shapes = [(N, L, E), (N, S, kdim), (N, S, vdim)]
    else:
        shapes = [(L, N, E), (S, N, kdim), (S, N, vdim)]
    ours_in, theirs_in = _inputs(torch, *shapes)
    masks = {}
    for name, shape in (("key_padding_mask", (N, S)), ("attn_mask", (L, S))):
        kind = call.pop(name, None)
        if kind == "bool":
            m = rng.random(shape) > 0.7
            m[:, 0] = False  # every query may attend to some key
            masks[name] = m
        elif kind == "float":
            masks[name] = rng.standard_normal(shape).astype(np.float32)
    out, weights = ours(*ours_in, **{k: mtorch.tensor(m) for k, m in masks.items()}, **call)
    t_out, t_weights = theirs(*theirs_in, **{k: torch.tensor(m) for k, m in masks.items()}, **call)
    np.testing.assert_allclose(out.numpy(), t_out.detach().numpy(), rtol=1e-5, atol=1e-5)
    if t_weights is None:
        assert weights is None
    else:
        np.testing.assert_allclose(weights.numpy(), t_weights.detach().numpy(), rtol=1e-5, atol=1e-6)
    g = rng.standard_normal(out.shape).astype(np.float32)
    (out * mtorch.tensor(g)).sum().backward()
    (t_out * torch.tensor(g)).sum().backward()
    _compare_grads(ours_in, theirs_in, ours, theirs)


def test_multihead_attention_errors():
    with pytest.raises(AssertionError, match="embed_dim must be divisible by num_heads"):
        nn.MultiheadAttention(6, 4)
    mha = nn.MultiheadAttention(4, 2)
    x = mtorch.randn(3, 2, 4)
    with pytest.raises(RuntimeError, match="Need attn_mask if specifying the is_causal hint"):
        mha(x, x, x, is_causal=True)
    with pytest.raises(nn.ShapeError, match=r"^MultiheadAttention\(\): expected attn_mask \(3, 3\) or \(4, 3, 3\), "
                                            r"got \(2, 3\)$"):
        mha(x, x, x, attn_mask=mtorch.zeros(2, 3))


@pytest.mark.parametrize("options", [dict(), dict(activation="gelu", norm_first=True, batch_first=True),
                                     dict(activation="relu", batch_first=True, bias=False)])
def test_transformer_encoder_matches_pytorch(options):
    torch = pytest.importorskip("torch")
    make = lambda nn: nn.TransformerEncoder(  # noqa: E731
        nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, **options), 2, norm=nn.LayerNorm(8),
        enable_nested_tensor=False)
    ours, theirs = _torch_pair(torch, make)
    shape = (3, 5, 8)
    (x,), (tx,) = _inputs(torch, shape)
    batch, length = (3, 5) if options.get("batch_first") else (5, 3)
    mask = nn.Transformer.generate_square_subsequent_mask(length)
    key_padding = rng.random((batch, length)) > 0.7
    key_padding[:, 0] = False  # every position may attend to some key
    key_padding = np.where(key_padding, -np.inf, 0).astype(np.float32)  # float like the causal mask
    out = ours(x, mask=mask, src_key_padding_mask=mtorch.tensor(key_padding))
    t_out = theirs(tx, mask=torch.tensor(mask.numpy()), src_key_padding_mask=torch.tensor(key_padding))
    np.testing.assert_allclose(out.numpy(), t_out.detach().numpy(), rtol=1e-5, atol=1e-5)
    g = rng.standard_normal(out.shape).astype(np.float32)
    (out * mtorch.tensor(g)).sum().backward()
    (t_out * torch.tensor(g)).sum().backward()
    _compare_grads([x], [tx], ours, theirs, atol=2e-5)


@pytest.mark.parametrize("options", [dict(), dict(norm_first=True, batch_first=True, activation="gelu")])
def test_transformer_matches_pytorch(options):
    torch = pytest.importorskip("torch")
    make = lambda nn: nn.Transformer(8, 2, 2, 2, 16, dropout=0.0, **options)  # noqa: E731
    ours, theirs = _torch_pair(torch, make)
    batch_first = options.get("batch_first")
    src_shape, tgt_shape = ((2, 6, 8), (2, 4, 8)) if batch_first else ((6, 2, 8), (4, 2, 8))
    (src, tgt), (tsrc, ttgt) = _inputs(torch, src_shape, tgt_shape)
    mask = nn.Transformer.generate_square_subsequent_mask(4)
    t_mask = torch.nn.Transformer.generate_square_subsequent_mask(4)
    np.testing.assert_array_equal(mask.numpy(), t_mask.numpy())
    memory_padding = np.array([[False] * 6, [False] * 4 + [True] * 2])
    out = ours(src, tgt, tgt_mask=mask, memory_key_padding_mask=mtorch.tensor(memory_padding))
    t_out = theirs(tsrc, ttgt, tgt_mask=t_mask, memory_key_padding_mask=torch.tensor(memory_padding))
    np.testing.assert_allclose(out.numpy(), t_out.detach().numpy(), rtol=1e-5, atol=1e-5)
    g = rng.standard_normal(out.shape).astype(np.float32)
    (out * mtorch.tensor(g)).sum().backward()
    (t_out * torch.tensor(g)).sum().backward()
    _compare_grads([src, tgt], [tsrc, ttgt], ours, theirs, atol=2e-5)
    with pytest.raises(RuntimeError, match="the feature number of src and tgt must be equal to d_model"):
        ours(src, mtorch.zeros(*tgt_shape[:2], 7))
