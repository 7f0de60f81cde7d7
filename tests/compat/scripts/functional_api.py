# torch.nn.functional called directly with explicit weights, compared with the modules holding the
# same weights: linear, conv2d (stride, padding), max_pool2d / avg_pool2d, relu/gelu/silu/leaky_relu,
# softmax, losses (cross_entropy with weights and label smoothing, nll, mse, l1, smooth_l1, bce,
# bce_with_logits), F.pad, F.normalize, F.embedding, F.layer_norm, F.batch_norm in eval and F.interpolate.
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

rng = np.random.default_rng(0)


def randn(*shape):
    return torch.from_numpy(rng.standard_normal(shape).astype(np.float32))


x = randn(4, 6)
W, b = randn(3, 6), randn(3)
img = randn(2, 3, 8, 8)
K, kb = randn(5, 3, 3, 3), randn(5)
target = torch.tensor([0, 2, 1, 2])

lin = nn.Linear(6, 3)
conv = nn.Conv2d(3, 5, 3, stride=2, padding=1)
with torch.no_grad():
    lin.weight.copy_(W)
    lin.bias.copy_(b)
    conv.weight.copy_(K)
    conv.bias.copy_(kb)

logits = F.linear(x, W, b)
probs = torch.sigmoid(randn(4, 3))
ln = nn.LayerNorm(6)
RESULT = {
    "linear": logits,
    "linear_matches_module": torch.allclose(logits, lin(x)),
    "conv2d": F.conv2d(img, K, kb, stride=2, padding=1),
    "conv_matches_module": torch.allclose(F.conv2d(img, K, kb, stride=2, padding=1), conv(img), atol=1e-6),
    "max_pool2d": F.max_pool2d(img, 2),
    "max_pool2d_stride": F.max_pool2d(img, kernel_size=3, stride=2, padding=1),
    "avg_pool2d": F.avg_pool2d(img, 2),
    "adaptive_avg": F.adaptive_avg_pool2d(img, (1, 1)),
    "relu": F.relu(x),
    "gelu": F.gelu(x),
    "silu": F.silu(x),
    "leaky_relu": F.leaky_relu(x, 0.1),
    "elu": F.elu(x),
    "softmax": F.softmax(logits, dim=1),
    "log_softmax": F.log_softmax(logits, dim=1),
    "cross_entropy": F.cross_entropy(logits, target),
    "cross_entropy_sum": F.cross_entropy(logits, target, reduction="sum"),
    "cross_entropy_none": F.cross_entropy(logits, target, reduction="none"),
    "cross_entropy_weighted": F.cross_entropy(logits, target, weight=torch.tensor([1.0, 2.0, 0.5])),
    "cross_entropy_smoothed": F.cross_entropy(logits, target, label_smoothing=0.1),
    "cross_entropy_probs": F.cross_entropy(logits, F.softmax(randn(4, 3), dim=1)),
    "nll": F.nll_loss(F.log_softmax(logits, dim=1), target),
    "mse": F.mse_loss(logits, randn(4, 3)),
    "l1": F.l1_loss(logits, randn(4, 3)),
    "smooth_l1": F.smooth_l1_loss(logits, randn(4, 3)),
    "bce": F.binary_cross_entropy(probs, (randn(4, 3) > 0).float()),
    "bce_logits": F.binary_cross_entropy_with_logits(logits, (randn(4, 3) > 0).float()),
    "pad": F.pad(x[:2, :2], (1, 2)),
    "pad_2d": F.pad(img[:1, :1, :2, :2], (1, 1, 1, 1), value=-1.0),
    "normalize": F.normalize(x, dim=1),
    "embedding": F.embedding(torch.tensor([[0, 2], [1, 1]]), W),
    "layer_norm": F.layer_norm(x, (6,)),
    "layer_norm_matches": torch.allclose(F.layer_norm(x, (6,)), ln(x), atol=1e-6),
    "batch_norm_eval": F.batch_norm(x, torch.zeros(6), torch.ones(6), training=False),
    "interpolate": F.interpolate(img[:1, :1, :2, :2], scale_factor=2, mode="nearest"),
    "one_hot": F.one_hot(target, 3),
    "dropout_eval": torch.equal(F.dropout(x, 0.5, training=False), x),
}
