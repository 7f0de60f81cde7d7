# Saving and resuming training: torch.save of a dict with the epoch, the model's and the optimiser's
# state_dicts and the loss, to a path and to an in-memory file object; torch.load, load_state_dict,
# model.eval(); resumed training matches uninterrupted training exactly.
import io
import os
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

rng = np.random.default_rng(0)
X = torch.from_numpy(rng.standard_normal((64, 5)).astype(np.float32))
y = torch.from_numpy(rng.standard_normal((64, 1)).astype(np.float32))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(5, 8)
        self.fc2 = nn.Linear(8, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


def make():
    model = Net()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.from_numpy(np.random.default_rng(p.numel()).standard_normal(tuple(p.shape))
                                     .astype(np.float32) * 0.3))
    return model, optim.Adam(model.parameters(), lr=0.01)


def train(model, optimizer, epochs):
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(X), y)
        loss.backward()
        optimizer.step()
    return loss.item()


model, optimizer = make()
loss = train(model, optimizer, 5)
with tempfile.TemporaryDirectory() as tmp:
    PATH = os.path.join(tmp, "checkpoint.pt")
    torch.save({
        "epoch": 5,
        "model_state_dict": model.state_dict(),
        "optimizer_state_dict": optimizer.state_dict(),
        "loss": loss,
    }, PATH)
    checkpoint = torch.load(PATH)
    torch.save(model.state_dict(), os.path.join(tmp, "model_weights.pth"))
    weights = torch.load(os.path.join(tmp, "model_weights.pth"), weights_only=True)

resumed, resumed_opt = make()
resumed.load_state_dict(checkpoint["model_state_dict"])
resumed_opt.load_state_dict(checkpoint["optimizer_state_dict"])
epoch = checkpoint["epoch"]
resumed_at_5 = Net()
resumed_at_5.load_state_dict(checkpoint["model_state_dict"])
resumed.train()
resumed_loss = train(resumed, resumed_opt, 5)
straight_loss = train(model, optimizer, 5)

buffer = io.BytesIO()
torch.save({"step": 3, "weights": [torch.arange(3), torch.ones(2, 2)], "note": "hello", "none": None}, buffer)
buffer.seek(0)
from_buffer = torch.load(buffer)

fresh = Net()
fresh.load_state_dict(weights)
fresh.eval()

RESULT = {
    "epoch": epoch,
    "saved_loss": checkpoint["loss"],
    "keys": sorted(checkpoint),
    "model_keys": list(checkpoint["model_state_dict"]),
    "optimizer_keys": sorted(checkpoint["optimizer_state_dict"]),
    "optimizer_state_ids": sorted(checkpoint["optimizer_state_dict"]["state"]),
    "param_group_lr": checkpoint["optimizer_state_dict"]["param_groups"][0]["lr"],
    "param_group_params": checkpoint["optimizer_state_dict"]["param_groups"][0]["params"],
    "resumed_equals_straight": resumed_loss == straight_loss,
    "close_resumed_loss": resumed_loss,
    "buffer_step": from_buffer["step"],
    "buffer_weights": from_buffer["weights"],
    "buffer_note": from_buffer["note"],
    "buffer_none": from_buffer["none"] is None,
    "fresh_matches_checkpoint": torch.equal(fresh(X), resumed_at_5(X)),
    "fresh_training": fresh.training,
}
