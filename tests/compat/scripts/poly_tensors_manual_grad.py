# Fit y = sin(x) with a third-order polynomial, gradients computed by hand on tensors
# (the "tensors" warm-up of the learning-PyTorch-with-examples tutorial).
import math

import torch

dtype = torch.float
device = torch.device("cpu")

x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
y = torch.sin(x)

# fixed starting point so both frameworks follow the same path
a = torch.tensor(0.1, device=device, dtype=dtype)
b = torch.tensor(-0.2, device=device, dtype=dtype)
c = torch.tensor(0.05, device=device, dtype=dtype)
d = torch.tensor(0.3, device=device, dtype=dtype)

learning_rate = 1e-6
losses = []
for _t in range(500):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum().item()
    losses.append(loss)

    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x ** 2).sum()
    grad_d = (grad_y_pred * x ** 3).sum()

    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d

RESULT = {
    "x_shape": tuple(x.shape),
    "x_dtype": x.dtype,
    "first_loss": losses[0],
    "close_final_loss": losses[-1],
    "close_coefficients": [a.item(), b.item(), c.item(), d.item()],
    "loss_fell_tenfold": losses[-1] < losses[0] / 10,
}
