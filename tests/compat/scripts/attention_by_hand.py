# Self-attention written out: the "mathematical trick" of averaging past tokens three ways (loop,
# lower-triangular matmul, masked_fill + softmax), a single causal head with nn.Linear key/query/value,
# batched scores with torch.bmm and torch.einsum, and scaled variance.
import math

import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F

rng = np.random.default_rng(1337)
B, T, C = 4, 8, 2
x = torch.from_numpy(rng.standard_normal((B, T, C)).astype(np.float32))

xbow = torch.zeros((B, T, C))
for b in range(B):
    for t in range(T):
        xprev = x[b, :t + 1]
        xbow[b, t] = torch.mean(xprev, 0)

wei = torch.tril(torch.ones(T, T))
wei = wei / wei.sum(1, keepdim=True)
xbow2 = wei @ x

tril = torch.tril(torch.ones(T, T))
wei3 = torch.zeros((T, T))
wei3 = wei3.masked_fill(tril == 0, float("-inf"))
wei3 = F.softmax(wei3, dim=-1)
xbow3 = wei3 @ x

# one head of self-attention
C = 32
x = torch.from_numpy(rng.standard_normal((B, T, C)).astype(np.float32))
head_size = 16
key = nn.Linear(C, head_size, bias=False)
query = nn.Linear(C, head_size, bias=False)
value = nn.Linear(C, head_size, bias=False)
with torch.no_grad():
    for layer in (key, query, value):
        layer.weight.copy_(torch.from_numpy(rng.standard_normal((head_size, C)).astype(np.float32) / C ** 0.5))
k = key(x)
q = query(x)
wei = q @ k.transpose(-2, -1) * head_size ** -0.5
wei = wei.masked_fill(tril == 0, float("-inf"))
wei = F.softmax(wei, dim=-1)
out = wei @ value(x)

scores_bmm = torch.bmm(q, k.transpose(1, 2)) / math.sqrt(head_size)
scores_einsum = torch.einsum("btd,bsd->bts", q, k) / math.sqrt(head_size)

kk = torch.from_numpy(rng.standard_normal((B, T, head_size)).astype(np.float32))
qq = torch.from_numpy(rng.standard_normal((B, T, head_size)).astype(np.float32))
raw = qq @ kk.transpose(-2, -1)
scaled = raw * head_size ** -0.5

RESULT = {
    "xbow_loop_vs_matmul": torch.allclose(xbow, xbow2, atol=1e-6),
    "xbow_softmax_vs_matmul": torch.allclose(xbow2, xbow3, atol=1e-6),
    "xbow": xbow2,
    "wei3": wei3,
    "out_shape": tuple(out.shape),
    "out": out.detach(),
    "wei_first_row": wei[0, 0].detach(),
    "bmm_matches_einsum": torch.allclose(scores_bmm, scores_einsum, atol=1e-5),
    "scores": scores_einsum.detach(),
    "close_raw_var": raw.var().item(),
    "close_scaled_var": scaled.var().item(),
    "softmax_sharpens": F.softmax(torch.tensor([0.1, -0.2, 0.3, -0.2, 0.5]) * 8, dim=-1),
}
