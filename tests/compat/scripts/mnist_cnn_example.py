# The official MNIST example's network and loop (conv, dropout, max_pool2d, flatten, log_softmax,
# nll_loss, Adadelta, StepLR, test with reduction="sum" and pred.eq(target.view_as(pred))) on a small
# subset of the shipped MNIST test digits, normalised with the usual mean and std.
import gzip
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.optim.lr_scheduler import StepLR
from torch.utils.data import DataLoader, TensorDataset

MNIST = Path(__file__).resolve().parents[3] / "data" / "mnist"


def read_idx(name):
    raw = gzip.decompress((MNIST / name).read_bytes())
    ndim = raw[3]
    shape = np.frombuffer(raw[4:4 + 4 * ndim], dtype=">u4")
    return np.frombuffer(raw[4 + 4 * ndim:], dtype=np.uint8).reshape(shape)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, 1)
        self.conv2 = nn.Conv2d(4, 8, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(1152, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


def train(model, device, train_loader, optimizer, epoch):
    model.train()
    for _batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
    return loss.item()


def test(model, device, test_loader):
    model.eval()
    test_loss = 0
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            data, target = data.to(device), target.to(device)
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction="sum").item()
            pred = output.argmax(dim=1, keepdim=True)
            correct += pred.eq(target.view_as(pred)).sum().item()
    test_loss /= len(test_loader.dataset)
    return test_loss, correct / len(test_loader.dataset)


torch.manual_seed(1)
use_cuda = torch.cuda.is_available()
device = torch.device("cuda" if use_cuda else "cpu")

images = torch.from_numpy(read_idx("t10k-images-idx3-ubyte.gz")[:500].copy()).float().div(255)
images = ((images - 0.1307) / 0.3081).unsqueeze(1)
labels = torch.from_numpy(read_idx("t10k-labels-idx1-ubyte.gz")[:500].astype(np.int64))
train_loader = DataLoader(TensorDataset(images[:300], labels[:300]), batch_size=10, shuffle=True)
test_loader = DataLoader(TensorDataset(images[300:], labels[300:]), batch_size=100)

model = Net().to(device)
optimizer = optim.Adadelta(model.parameters(), lr=1.0)
scheduler = StepLR(optimizer, step_size=1, gamma=0.7)
lrs = []
for epoch in range(1, 3):
    train(model, device, train_loader, optimizer, epoch)
    lrs.append(scheduler.get_last_lr()[0])
    scheduler.step()
test_loss, accuracy = test(model, device, test_loader)

RESULT = {
    "device_type": device.type,
    "input_shape": tuple(images.shape),
    "close_input_mean": images.mean().item(),
    "output_shape": tuple(model(images[:5]).shape),
    "lrs": lrs,
    "n_params": sum(p.numel() for p in model.parameters()),
    "rough_test_loss": test_loss,
    "rough_accuracy": accuracy,
    "learned": accuracy > 0.35 and test_loss < 2.0,
}
