# The polynomial fit with nn: x.unsqueeze(-1).pow(p) features, nn.Sequential(Linear, Flatten(0, 1)),
# MSELoss(reduction="sum") and a manual update over model.parameters() under no_grad.
import math

import torch

x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)

p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1),
)
with torch.no_grad():  # a fixed start instead of the random one
    model[0].weight.copy_(torch.tensor([[0.5, 0.0, -0.05]]))
    model[0].bias.fill_(0.0)

loss_fn = torch.nn.MSELoss(reduction="sum")
learning_rate = 1e-6
losses = []
for _t in range(400):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    losses.append(loss.item())
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad

linear_layer = model[0]
RESULT = {
    "xx_shape": tuple(xx.shape),
    "xx_dtype": xx.dtype,
    "p_dtype": p.dtype,
    "out_shape": tuple(model(xx).shape),
    "first_loss": losses[0],
    "close_final_loss": losses[-1],
    "close_weight": linear_layer.weight.detach(),
    "close_bias": linear_layer.bias.item(),
    "n_params": sum(q.numel() for q in model.parameters()),
    "names": [n for n, _ in model.named_parameters()],
}
