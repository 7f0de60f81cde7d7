# A small CNN in both styles: nn.Sequential with Conv2d, BatchNorm2d, ReLU, MaxPool2d, Dropout, Flatten,
# LazyLinear, and a module whose forward uses F.max_pool2d / F.relu / F.dropout(training=self.training);
# output shapes, parameter counts, then training on synthetic bar images (vertical vs horizontal).
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class FunctionalNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3, padding=1)
        self.conv2 = nn.Conv2d(6, 8, 3)
        self.fc = nn.Linear(8 * 3 * 3, 2)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.dropout(x, p=0.2, training=self.training)
        x = x.view(-1, self.num_flat_features(x))
        return self.fc(x)

    def num_flat_features(self, x):
        size = x.size()[1:]
        num_features = 1
        for s in size:
            num_features *= s
        return num_features


def bars(n, rng):
    images = np.zeros((n, 1, 16, 16), np.float32)
    labels = rng.integers(0, 2, n)
    pos = rng.integers(2, 14, n)
    for i in range(n):
        if labels[i]:
            images[i, 0, :, pos[i]] = 1.0
        else:
            images[i, 0, pos[i], :] = 1.0
    images += rng.standard_normal(images.shape).astype(np.float32) * 0.1
    return torch.from_numpy(images), torch.from_numpy(labels)


torch.manual_seed(0)
seq = nn.Sequential(
    nn.Conv2d(1, 4, kernel_size=3, stride=1, padding=1),
    nn.BatchNorm2d(4),
    nn.ReLU(),
    nn.MaxPool2d(kernel_size=2, stride=2),
    nn.Dropout(0.1),
    nn.Flatten(),
    nn.LazyLinear(2),
)
rng = np.random.default_rng(0)
X, y = bars(128, rng)
Xt, yt = bars(64, rng)
shapes = []
h = X[:2]
for layer in seq:
    h = layer(h)
    shapes.append(tuple(h.shape))

results = {}
for name, model in [("sequential", seq), ("functional", FunctionalNet())]:
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    for _epoch in range(4):
        model.train()
        for i in range(0, 128, 32):
            loss = F.cross_entropy(model(X[i:i + 32]), y[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()
    with torch.no_grad():
        results[name] = (model(Xt).argmax(dim=1) == yt).float().mean().item()

RESULT = {
    "shapes": shapes,
    "lazy_in_features": seq[6].in_features,
    "n_params_seq": sum(p.numel() for p in seq.parameters()),
    "n_params_functional": sum(p.numel() for p in FunctionalNet().parameters()),
    "functional_out_shape": tuple(FunctionalNet()(X[:3]).shape),
    "bn_running_mean_shape": tuple(seq[1].running_mean.shape),
    "bn_tracked": seq[1].num_batches_tracked.item(),
    "rough_seq_accuracy": results["sequential"],
    "rough_functional_accuracy": results["functional"],
    "learned": min(results.values()) > 0.8,
}
