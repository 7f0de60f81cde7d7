# A two-layer ReLU network trained with hand-written backprop on tensors: mm, clamp(min=0), .t(),
# grad_h[h < 0] = 0 and in-place updates. Data and weights from a numpy seed.
import numpy as np
import torch

rng = np.random.default_rng(0)
N, D_in, H, D_out = 64, 100, 50, 10
x = torch.from_numpy(rng.standard_normal((N, D_in)).astype(np.float32))
y = torch.from_numpy(rng.standard_normal((N, D_out)).astype(np.float32))
w1 = torch.from_numpy((rng.standard_normal((D_in, H)) * 0.1).astype(np.float32))
w2 = torch.from_numpy((rng.standard_normal((H, D_out)) * 0.1).astype(np.float32))
w1_start = w1.clone()

learning_rate = 1e-3
losses = []
for _t in range(100):
    h = x.mm(w1)
    h_relu = h.clamp(min=0)
    y_pred = h_relu.mm(w2)

    loss = (y_pred - y).pow(2).sum().item()
    losses.append(loss)

    grad_y_pred = 2.0 * (y_pred - y)
    grad_w2 = h_relu.t().mm(grad_y_pred)
    grad_h_relu = grad_y_pred.mm(w2.t())
    grad_h = grad_h_relu.clone()
    grad_h[h < 0] = 0
    grad_w1 = x.t().mm(grad_h)

    w1 -= learning_rate * grad_w1
    w2 -= learning_rate * grad_w2

# the same gradients from autograd, for one step
w1a = w1.clone().requires_grad_(True)
w2a = w2.clone().requires_grad_(True)
loss_a = (x.mm(w1a).clamp(min=0).mm(w2a) - y).pow(2).sum()
loss_a.backward()
h = x.mm(w1)
grad_y_pred = 2.0 * (h.clamp(min=0).mm(w2) - y)
grad_h = grad_y_pred.mm(w2.t())
grad_h[h < 0] = 0

RESULT = {
    "first_loss": losses[0],
    "close_final_loss": losses[-1],
    "close_w1_sum": w1.sum().item(),
    "w1_changed": not torch.equal(w1, w1_start),
    "autograd_matches_manual_w1": torch.allclose(w1a.grad, x.t().mm(grad_h), rtol=1e-4, atol=1e-4),
    "autograd_matches_manual_w2": torch.allclose(w2a.grad, h.clamp(min=0).t().mm(grad_y_pred), rtol=1e-4,
                                                 atol=1e-4),
}
