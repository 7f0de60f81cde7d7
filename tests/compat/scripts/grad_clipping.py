# Gradient clipping in a training step: clip_grad_norm_ (returned total norm, clipped norm, max_norm
# larger than the norm leaves gradients alone, norm_type=inf), clip_grad_value_, all from numpy-seeded
# weights so the numbers are comparable across frameworks.
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)


def model_with_grads():
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 3))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.from_numpy(np.random.default_rng(p.numel()).standard_normal(tuple(p.shape))
                                     .astype(np.float32)))
    x = torch.from_numpy(np.random.default_rng(7).standard_normal((16, 4)).astype(np.float32))
    target = torch.from_numpy(np.random.default_rng(8).integers(0, 3, 16))
    loss = nn.CrossEntropyLoss()(model(x), target) * 10
    loss.backward()
    return model


def grad_norm(model):
    return torch.norm(torch.stack([p.grad.norm(2) for p in model.parameters()]), 2).item()


model = model_with_grads()
before = grad_norm(model)
total = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
after = grad_norm(model)

model = model_with_grads()
untouched_total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1e6)
untouched = grad_norm(model)

model = model_with_grads()
inf_total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=0.5, norm_type=float("inf"))
inf_after = max(p.grad.abs().max().item() for p in model.parameters())

model = model_with_grads()
nn.utils.clip_grad_value_(model.parameters(), clip_value=0.1)
value_max = max(p.grad.abs().max().item() for p in model.parameters())
first_grad = next(model.parameters()).grad

RESULT = {
    "before": before,
    "total_is_tensor": isinstance(total, torch.Tensor),
    "total": total.item(),
    "total_equals_before": abs(total.item() - before) < 1e-4,
    "after": after,
    "untouched_total": untouched_total.item(),
    "untouched": untouched,
    "inf_total": inf_total.item(),
    "inf_after": inf_after,
    "value_max": value_max,
    "first_grad_clipped": first_grad,
}
