# Manual backprop through cross-entropy and a batch-norm layer checked against autograd: retain_grad()
# on intermediates, dlogits = softmax - one_hot, a by-hand batch norm with keepdim statistics, running
# statistics updated under no_grad, and a cmp() helper comparing exact and approximate equality.
import numpy as np
import torch
import torch.nn.functional as F

rng = np.random.default_rng(1)
n, n_in, n_hidden, vocab = 32, 30, 64, 27
x = torch.from_numpy(rng.standard_normal((n, n_in)).astype(np.float32))
Yb = torch.from_numpy(rng.integers(0, vocab, n))
W1 = torch.from_numpy(rng.standard_normal((n_in, n_hidden)).astype(np.float32) * (5 / 3) / n_in ** 0.5)
b1 = torch.from_numpy(rng.standard_normal(n_hidden).astype(np.float32) * 0.1)
W2 = torch.from_numpy(rng.standard_normal((n_hidden, vocab)).astype(np.float32) * 0.1)
b2 = torch.from_numpy(rng.standard_normal(vocab).astype(np.float32) * 0.1)
bngain = torch.ones((1, n_hidden))
bnbias = torch.zeros((1, n_hidden))
parameters = [W1, b1, W2, b2, bngain, bnbias]
for p in parameters:
    p.requires_grad = True

hprebn = x @ W1 + b1
bnmeani = hprebn.mean(0, keepdim=True)
bndiff = hprebn - bnmeani
bnvar = (bndiff ** 2).sum(0, keepdim=True) / (n - 1)
bnvar_inv = (bnvar + 1e-5) ** -0.5
bnraw = bndiff * bnvar_inv
hpreact = bngain * bnraw + bnbias
h = torch.tanh(hpreact)
logits = h @ W2 + b2
loss = F.cross_entropy(logits, Yb)
for t in [hprebn, bnraw, hpreact, h, logits]:
    t.retain_grad()
loss.backward()

dlogits = F.softmax(logits, 1)
dlogits[range(n), Yb] -= 1
dlogits /= n
dh = dlogits @ W2.T
dW2 = h.T @ dlogits
db2 = dlogits.sum(0)
dhpreact = (1.0 - h ** 2) * dh
dbngain = (bnraw * dhpreact).sum(0, keepdim=True)
dbnbias = dhpreact.sum(0, keepdim=True)
dhprebn = bngain * bnvar_inv / n * (n * dhpreact - dhpreact.sum(0) - n / (n - 1) * bnraw * (dhpreact * bnraw).sum(0))
dW1 = x.T @ dhprebn


def cmp(s, dt, t):
    ex = bool((dt == t.grad).all().item())
    app = torch.allclose(dt, t.grad, rtol=1e-4, atol=1e-6)
    return ex, app


with torch.no_grad():
    bnmean_running = torch.zeros((1, n_hidden))
    bnstd_running = torch.ones((1, n_hidden))
    bnmean_running = 0.999 * bnmean_running + 0.001 * bnmeani
    bnstd_running = 0.999 * bnstd_running + 0.001 * hprebn.std(0, keepdim=True)

RESULT = {
    "loss": loss.item(),
    "logits_grad": logits.grad,
    "approx_logits": cmp("logits", dlogits, logits)[1],
    "approx_h": cmp("h", dh, h)[1],
    "approx_W2": cmp("W2", dW2, W2)[1],
    "approx_b2": cmp("b2", db2, b2)[1],
    "approx_hpreact": cmp("hpreact", dhpreact, hpreact)[1],
    "approx_bngain": cmp("bngain", dbngain, bngain)[1],
    "approx_bnbias": cmp("bnbias", dbnbias, bnbias)[1],
    "approx_hprebn": cmp("hprebn", dhprebn, hprebn)[1],
    "approx_W1": cmp("W1", dW1, W1)[1],
    "intermediate_not_leaf": not h.is_leaf,
    "running_mean": bnmean_running,
    "running_std": bnstd_running,
    "running_requires_grad": bnmean_running.requires_grad,
}
