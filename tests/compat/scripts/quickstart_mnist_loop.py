# The quickstart training loop: a Dataset over (a subset of) the MNIST test digits shipped in data/mnist,
# DataLoader, an nn.Module with Flatten + Sequential, device selection, train() and test() functions.
import gzip
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset

MNIST = Path(__file__).resolve().parents[3] / "data" / "mnist"


def read_idx(name):
    raw = gzip.decompress((MNIST / name).read_bytes())
    ndim = raw[3]
    shape = np.frombuffer(raw[4:4 + 4 * ndim], dtype=">u4")
    return np.frombuffer(raw[4 + 4 * ndim:], dtype=np.uint8).reshape(shape)


class Digits(Dataset):
    def __init__(self, start, stop):
        self.images = read_idx("t10k-images-idx3-ubyte.gz")[start:stop]
        self.labels = read_idx("t10k-labels-idx1-ubyte.gz")[start:stop]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        image = torch.tensor(self.images[idx], dtype=torch.float32).unsqueeze(0) / 255.0
        return image, int(self.labels[idx])


torch.manual_seed(0)
training_data = Digits(0, 1500)
test_data = Digits(8000, 8500)
batch_size = 32
train_dataloader = DataLoader(training_data, batch_size=batch_size, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=batch_size)

X0, y0 = next(iter(test_dataloader))

device = "cuda" if torch.cuda.is_available() else "cpu"


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 128),
            nn.ReLU(),
            nn.Linear(128, 64),
            nn.ReLU(),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


model = NeuralNetwork().to(device)
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)


def train(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    seen = 0
    for batch, (X, y) in enumerate(dataloader):
        X, y = X.to(device), y.to(device)
        pred = model(X)
        loss = loss_fn(pred, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        seen = batch * batch_size + len(X)
    return loss.item(), seen == size


def test(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    return test_loss / num_batches, correct / size


_, before = test(test_dataloader, model, loss_fn)
for _t in range(3):
    last_loss, saw_all = train(train_dataloader, model, loss_fn, optimizer)
test_loss, accuracy = test(test_dataloader, model, loss_fn)

RESULT = {
    "device": device,
    "batch_shape": tuple(X0.shape),
    "batch_dtype": X0.dtype,
    "label_dtype": y0.dtype,
    "first_labels": y0[:10].tolist(),
    "n_batches": len(train_dataloader),
    "saw_all": saw_all,
    "rough_test_loss": test_loss,
    "rough_accuracy": accuracy,
    "learned": accuracy > 0.6 and accuracy > before + 0.3,
    "param_shapes": [tuple(p.shape) for p in model.parameters()],
}
