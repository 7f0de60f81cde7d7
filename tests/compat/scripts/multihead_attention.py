# nn.MultiheadAttention with its weights set from a numpy seed: outputs compared across frameworks,
# averaged attention weights, per-head weights, key_padding_mask and attn_mask, and the same
# computation written out by hand from in_proj_weight / out_proj.
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)
E, H, B, L, S = 16, 4, 2, 5, 6
mha = nn.MultiheadAttention(embed_dim=E, num_heads=H, batch_first=True)
with torch.no_grad():
    mha.in_proj_weight.copy_(torch.from_numpy(rng.standard_normal((3 * E, E)).astype(np.float32) * 0.3))
    mha.in_proj_bias.copy_(torch.from_numpy(rng.standard_normal(3 * E).astype(np.float32) * 0.1))
    mha.out_proj.weight.copy_(torch.from_numpy(rng.standard_normal((E, E)).astype(np.float32) * 0.3))
    mha.out_proj.bias.zero_()
q = torch.from_numpy(rng.standard_normal((B, L, E)).astype(np.float32))
kv = torch.from_numpy(rng.standard_normal((B, S, E)).astype(np.float32))

out, weights = mha(q, kv, kv)
_, head_weights = mha(q, kv, kv, average_attn_weights=False)
only_out, none_weights = mha(q, kv, kv, need_weights=False)
padding = torch.tensor([[False] * S, [False] * 4 + [True] * 2])
_, padded_weights = mha(q, kv, kv, key_padding_mask=padding)
causal = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)
self_out, self_weights = mha(q, q, q, attn_mask=causal)

# by hand
w_q, w_k, w_v = mha.in_proj_weight.chunk(3)
b_q, b_k, b_v = mha.in_proj_bias.chunk(3)
Q = F.linear(q, w_q, b_q).view(B, L, H, E // H).transpose(1, 2)
K = F.linear(kv, w_k, b_k).view(B, S, H, E // H).transpose(1, 2)
V = F.linear(kv, w_v, b_v).view(B, S, H, E // H).transpose(1, 2)
scores = Q @ K.transpose(-2, -1) / math.sqrt(E // H)
attn = scores.softmax(dim=-1)
manual = mha.out_proj((attn @ V).transpose(1, 2).reshape(B, L, E))

RESULT = {
    "out": out.detach(),
    "weights_shape": tuple(weights.shape),
    "head_weights_shape": tuple(head_weights.shape),
    "rows_sum_to_one": torch.allclose(weights.sum(-1), torch.ones(B, L)),
    "weights": weights.detach(),
    "need_weights_false_gives_none": none_weights is None,
    "same_out_without_weights": torch.allclose(only_out, out, atol=1e-6),
    "padded_keys_get_zero": padded_weights[1, :, 4:].abs().max().item(),
    "causal_upper_zero": self_weights[:, torch.triu(torch.ones(L, L), 1) == 1].abs().max().item(),
    "self_out": self_out.detach(),
    "manual_matches": torch.allclose(manual, out, atol=1e-5),
    "manual_weights_match": torch.allclose(attn.mean(1), weights, atol=1e-6),
    "param_names": sorted(n for n, _ in mha.named_parameters()),
}
