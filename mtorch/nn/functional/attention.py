"""Attention: scaled_dot_product_attention and the multi-head attention behind nn.MultiheadAttention.

Both are compositions of differentiable Tensor ops (matmul, softmax, masked_fill, linear, dropout), so
their backward is the autograd walking those ops:

    weights = softmax(q k^T * scale + mask)        (L, S) per batch and head; a mask adds -inf or a bias
    output  = weights @ v
"""

import math

import numpy as np

from ...creation import tensor, zeros
from ...functions import cat
from ..errors import ShapeError
from .activation import softmax
from .conv import pad
from .dropout import dropout
from .linear import linear


def _additive_mask(mask, dtype):
    """A boolean mask (True = may not attend) as a float mask of 0 and -inf; a float mask as it is."""
    if mask is None or mask.dtype != np.bool_:
        return mask
    return tensor(np.where(mask.numpy(), -np.inf, 0).astype(dtype))


def _attend(q, k, v, mask, dropout_p, zero_masked_rows):
    """softmax(q k^T + mask) @ v for q already scaled; returns (output, weights).

    A query allowed to attend to no key at all gets weights of nan, as in PyTorch's attention with weights,
    or, with `zero_masked_rows`, weights (and output) of 0, as PyTorch's scaled_dot_product_attention.
    """
    scores = q @ k.transpose(-2, -1)
    if mask is not None:
        scores = scores + mask
    blocked = None
    if zero_masked_rows and mask is not None:
        blocked = np.isneginf(scores.numpy()).all(-1, keepdims=True)
        if blocked.any():  # a row of -inf would give nan (and nan gradients); its weights become 0 instead
            scores = scores.masked_fill(tensor(blocked), 0.0)
        else:
            blocked = None
    weights = softmax(scores, -1)
    if blocked is not None:
        weights = weights.masked_fill(tensor(blocked), 0.0)
    if dropout_p > 0:
        weights = dropout(weights, dropout_p)
    return weights @ v, weights


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(query key^T * scale + mask) @ value over the last two dims: query (..., L, E), key (..., S, E),
    value (..., S, Ev) -> (..., L, Ev). scale defaults to 1 / sqrt(E).

    attn_mask: boolean (True = may attend, the opposite of MultiheadAttention's masks) or a float bias
    added to the scores, broadcast to (..., L, S). is_causal (without attn_mask) masks out the keys after
    each query. dropout_p drops attention weights (always: pass 0 when evaluating).
    A query that may attend to no key gets output 0.
    """
    if enable_gqa:
        raise NotImplementedError("scaled_dot_product_attention: enable_gqa (grouped-query attention) is not "
                                  "implemented in mtorch; repeat the key/value heads with repeat_interleave")
    if query.ndim < 2 or key.ndim < 2 or value.ndim < 2:
        raise ShapeError("scaled_dot_product_attention", "query, key and value (..., L, E)", query.shape)
    if key.shape[-1] != query.shape[-1] or key.shape[-2] != value.shape[-2]:
        raise ShapeError("scaled_dot_product_attention", f"key (..., S, {query.shape[-1]}) and value "
                         f"(..., S, Ev) with the same S", key.shape, what="key")
    L, S = query.shape[-2], key.shape[-2]
    scale = 1 / math.sqrt(query.shape[-1]) if scale is None else scale
    mask = attn_mask
    if mask is not None and mask.dtype == np.bool_:
        mask = tensor(np.where(mask.numpy(), 0, -np.inf).astype(query.dtype))
    if is_causal:  # query i may attend to keys 0 .. i
        if mask is not None:
            raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when "
                               "is_causal=True")
        mask = tensor(np.where(np.tril(np.ones((L, S), bool)), 0, -np.inf).astype(query.dtype))
    return _attend(query * scale, key, value, mask, dropout_p, zero_masked_rows=True)[0]


def _in_projection(query, key, value, module_weights, in_proj_bias, embed_dim):
    """q, k, v = the input projections: slices of in_proj_weight (3E, E), or the separate q/k/v weights."""
    in_proj_weight, q_proj_weight, k_proj_weight, v_proj_weight = module_weights
    if in_proj_weight is not None:
        weights = (in_proj_weight[:embed_dim], in_proj_weight[embed_dim:2 * embed_dim],
                   in_proj_weight[2 * embed_dim:])
    else:
        weights = (q_proj_weight, k_proj_weight, v_proj_weight)
    biases = (None,) * 3 if in_proj_bias is None else (
        in_proj_bias[:embed_dim], in_proj_bias[embed_dim:2 * embed_dim], in_proj_bias[2 * embed_dim:])
    return tuple(linear(x, w, b) for x, w, b in zip((query, key, value), weights, biases))


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """Multi-head attention on (L, N, E) query and (S, N, E) key/value (unbatched: (L, E), (S, E)), as
    PyTorch's function of this name: returns (output (L, N, E), weights (N, L, S) averaged over the heads,
    (N, num_heads, L, S) without averaging, or None when need_weights is False).

    key_padding_mask (N, S) and attn_mask (L, S) or (N * num_heads, L, S): True (or -inf) where a query may
    not attend to a key; float masks are added to the scores.
    """
    if static_k is not None or static_v is not None:
        raise NotImplementedError("multi_head_attention_forward: static_k/static_v are not implemented in mtorch")
    name = "multi_head_attention_forward"
    batched = query.ndim == 3
    if query.ndim not in (2, 3) or key.ndim != query.ndim or value.ndim != query.ndim:
        raise ShapeError(name, "query, key and value (L, N, E) or unbatched (L, E)", query.shape)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    src_len = key.shape[0]
    if embed_dim != embed_dim_to_check:
        raise ShapeError(name, f"query (L, N, {embed_dim_to_check})", query.shape, what="query")
    if key.shape[:2] != value.shape[:2] or key.shape[1] != bsz:
        raise ShapeError(name, f"key and value (S, {bsz}, *) alike", key.shape, what="key")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise ValueError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    weights = (None if use_separate_proj_weight else in_proj_weight, q_proj_weight, k_proj_weight, v_proj_weight)
    q, k, v = _in_projection(query, key, value, weights, in_proj_bias, embed_dim)

    attn_mask = _additive_mask(attn_mask, q.dtype)
    key_padding_mask = _additive_mask(key_padding_mask, q.dtype)
    if attn_mask is not None:
        expected = [(tgt_len, src_len), (bsz * num_heads, tgt_len, src_len)]
        if tuple(attn_mask.shape) not in expected:
            raise ShapeError(name, " or ".join(map(str, expected)), attn_mask.shape, what="attn_mask")
        if attn_mask.ndim == 2:
            attn_mask = attn_mask.unsqueeze(0)
    if key_padding_mask is not None and tuple(key_padding_mask.shape) != (bsz, src_len):
        raise ShapeError(name, (bsz, src_len), key_padding_mask.shape, what="key_padding_mask")
    if bias_k is not None:  # one more key and value, learnt, that every query may attend to
        k = cat([k, bias_k.expand(1, bsz, embed_dim)])
        v = cat([v, bias_v.expand(1, bsz, embed_dim)])
        attn_mask = None if attn_mask is None else pad(attn_mask, (0, 1))
        key_padding_mask = None if key_padding_mask is None else pad(key_padding_mask, (0, 1))

    # (L, N, E) -> (N * heads, L, head_dim): each head attends on its own slice of the features
    q = q.reshape(tgt_len, bsz * num_heads, head_dim).transpose(0, 1)
    k = k.reshape(k.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    v = v.reshape(v.shape[0], bsz * num_heads, head_dim).transpose(0, 1)
    if add_zero_attn:  # and one more key and value of zeros
        k = cat([k, zeros(bsz * num_heads, 1, head_dim, dtype=k.dtype)], dim=1)
        v = cat([v, zeros(bsz * num_heads, 1, head_dim, dtype=v.dtype)], dim=1)
        attn_mask = None if attn_mask is None else pad(attn_mask, (0, 1))
        key_padding_mask = None if key_padding_mask is None else pad(key_padding_mask, (0, 1))
    src_len = k.shape[1]
    if key_padding_mask is not None:  # (N, S) -> (N * heads, 1, S), merged into attn_mask
        key_padding_mask = key_padding_mask.reshape(bsz, 1, 1, src_len).expand(bsz, num_heads, 1, src_len) \
            .reshape(bsz * num_heads, 1, src_len)
        attn_mask = key_padding_mask if attn_mask is None else attn_mask + key_padding_mask

    out, weights = _attend(q * (1 / math.sqrt(head_dim)), k, v, attn_mask, dropout_p if training else 0.0,
                           zero_masked_rows=not need_weights)
    out = out.transpose(0, 1).reshape(tgt_len * bsz, embed_dim)
    out = linear(out, out_proj_weight, out_proj_bias).reshape(tgt_len, bsz, embed_dim)
    if not need_weights:
        return (out if batched else out.squeeze(1)), None
    weights = weights.reshape(bsz, num_heads, tgt_len, src_len)
    if average_attn_weights:
        weights = weights.mean(dim=1)
    if not batched:
        out, weights = out.squeeze(1), weights.squeeze(0)
    return out, weights

