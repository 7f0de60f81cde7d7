# Comparing optimisers on one small regression problem, as course notebooks do: the same numpy-seeded
# start for SGD (momentum, nesterov, weight_decay, dampening), Adam (amsgrad, weight_decay), AdamW,
# RMSprop (momentum, centered), Adagrad and Adadelta, with per-parameter-group learning rates, and
# the loss after a fixed number of steps.
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

rng = np.random.default_rng(0)
X = torch.from_numpy(rng.standard_normal((32, 4)).astype(np.float32))
y = torch.from_numpy((X.numpy() @ np.array([1.0, -2.0, 0.5, 3.0], np.float32) + 0.3)[:, None])
w0 = rng.standard_normal((2, 4)).astype(np.float32) * 0.5
v0 = rng.standard_normal((1, 2)).astype(np.float32) * 0.5


def model():
    net = nn.Sequential(nn.Linear(4, 2), nn.Tanh(), nn.Linear(2, 1))
    with torch.no_grad():
        net[0].weight.copy_(torch.from_numpy(w0))
        net[0].bias.fill_(0.1)
        net[2].weight.copy_(torch.from_numpy(v0))
        net[2].bias.zero_()
    return net


configs = {
    "sgd": lambda p: optim.SGD(p, lr=0.05),
    "sgd_momentum": lambda p: optim.SGD(p, lr=0.05, momentum=0.9),
    "sgd_nesterov_wd": lambda p: optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-2),
    "sgd_dampening": lambda p: optim.SGD(p, lr=0.05, momentum=0.5, dampening=0.5),
    "adam": lambda p: optim.Adam(p, lr=0.01),
    "adam_amsgrad_wd": lambda p: optim.Adam(p, lr=0.01, amsgrad=True, weight_decay=1e-2),
    "adamw": lambda p: optim.AdamW(p, lr=0.01, weight_decay=0.1),
    "rmsprop": lambda p: optim.RMSprop(p, lr=0.01),
    "rmsprop_momentum_centered": lambda p: optim.RMSprop(p, lr=0.01, momentum=0.5, centered=True),
    "adagrad": lambda p: optim.Adagrad(p, lr=0.1),
    "adadelta": lambda p: optim.Adadelta(p, lr=1.0),
}
RESULT = {}
for name, make in configs.items():
    net = model()
    opt = make(net.parameters())
    for _step in range(60):
        opt.zero_grad()
        loss = nn.functional.mse_loss(net(X), y)
        loss.backward()
        opt.step()
    RESULT[f"close_{name}"] = loss.item()
    RESULT[f"close_{name}_w"] = net[0].weight.detach()

net = model()
opt = optim.SGD([
    {"params": net[0].parameters()},
    {"params": net[2].parameters(), "lr": 0.01},
], lr=0.1, momentum=0.9)
for _step in range(30):
    opt.zero_grad()
    nn.functional.mse_loss(net(X), y).backward()
    opt.step()
RESULT["close_groups"] = nn.functional.mse_loss(net(X), y).item()
RESULT["group_lrs"] = [g["lr"] for g in opt.param_groups]
RESULT["group_momentum"] = [g["momentum"] for g in opt.param_groups]
