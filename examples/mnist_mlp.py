"""A 784-128-64-10 ReLU MLP on MNIST with CrossEntropyLoss and Adam (lr 1e-3, batch 64), 5 epochs.

    python examples/mnist_mlp.py [--epochs 5] [--batch-size 64] [--lr 1e-3] [--seed 1]

97.5% test accuracy after 5 epochs is this recipe's typical result, not a sure one: the last epoch's
accuracy moves by about half a point from seed to seed (measured: seeds 0-3 end at 96.7%, 97.7%, 97.6%,
97.3%; PyTorch's own runs of the same recipe ended at 97.4-97.6%). The default seed, 1, reaches 97.66%.
"""

import argparse
import time

import mtorch
from mtorch import nn, optim
from mtorch.datasets import MNIST, transforms
from mtorch.utils.data import DataLoader


def evaluate(model, loader):
    """Fraction of test digits classified right."""
    model.eval()
    correct = 0
    with mtorch.no_grad():
        for images, labels in loader:
            correct += (model(images).argmax(1) == labels).sum().item()
    model.train()
    return correct / len(loader.dataset)


def main():
    parser = argparse.ArgumentParser(description="A ReLU MLP on MNIST with cross entropy and Adam.")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    mtorch.manual_seed(args.seed)
    mtorch.set_num_threads(1)  # faster than two BLAS threads for these small matrices
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_loader = DataLoader(MNIST(train=True, transform=transform), batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(MNIST(train=False, transform=transform), batch_size=1000)

    model = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 128), nn.ReLU(),
        nn.Linear(128, 64), nn.ReLU(),
        nn.Linear(64, 10),
    )
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.Adam(model.parameters(), lr=args.lr)
    print(model)

    for epoch in range(1, args.epochs + 1):
        start, total = time.perf_counter(), 0.0
        for step, (images, labels) in enumerate(train_loader, 1):
            optimizer.zero_grad()
            loss = criterion(model(images), labels)
            loss.backward()
            optimizer.step()
            total += loss.item()
            if step % 100 == 0 or step == len(train_loader):
                print(f"\repoch {epoch} [{step:4d}/{len(train_loader)}] loss {total / step:.4f}", end="", flush=True)
        accuracy = evaluate(model, test_loader)
        print(f"  test accuracy {accuracy:.2%}  ({time.perf_counter() - start:.1f} s)")
    print(f"final test accuracy {accuracy:.2%}")


if __name__ == "__main__":
    main()
