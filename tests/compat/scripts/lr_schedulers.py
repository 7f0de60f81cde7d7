# Learning-rate schedules as a training loop sees them: optimizer.step() then scheduler.step() once per
# epoch, get_last_lr() and param_groups[0]["lr"], for StepLR, MultiStepLR, ExponentialLR,
# CosineAnnealingLR, LambdaLR, OneCycleLR (per batch) and ReduceLROnPlateau fed a validation loss.
import torch
from torch import nn, optim
from torch.optim import lr_scheduler


def lrs(make_scheduler, epochs=8, lr=0.1):
    model = nn.Linear(2, 1)
    optimizer = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    scheduler = make_scheduler(optimizer)
    seen = []
    for _epoch in range(epochs):
        optimizer.zero_grad()
        model(torch.ones(1, 2)).sum().backward()
        optimizer.step()
        seen.append(round(optimizer.param_groups[0]["lr"], 10))
        scheduler.step()
    return seen, [round(v, 10) for v in scheduler.get_last_lr()]


RESULT = {
    "step": lrs(lambda o: lr_scheduler.StepLR(o, step_size=3, gamma=0.5)),
    "multistep": lrs(lambda o: lr_scheduler.MultiStepLR(o, milestones=[2, 5], gamma=0.1)),
    "exponential": lrs(lambda o: lr_scheduler.ExponentialLR(o, gamma=0.9)),
    "cosine": lrs(lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=6, eta_min=0.001)),
    "lambda": lrs(lambda o: lr_scheduler.LambdaLR(o, lr_lambda=lambda epoch: 0.95 ** epoch)),
    "onecycle": lrs(lambda o: lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=10), epochs=10),
}

model = nn.Linear(2, 1)
optimizer = optim.SGD(model.parameters(), lr=1.0)
plateau = lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=1)
history = []
for val_loss in [1.0, 0.9, 0.9, 0.9, 0.95, 0.8, 0.8, 0.8, 0.8]:
    optimizer.step()
    plateau.step(val_loss)
    history.append(optimizer.param_groups[0]["lr"])
RESULT["plateau"] = history
