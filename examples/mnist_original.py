"""The original MNIST network, reproduced: Linear(784,16)-ReLU-Linear(16,16)-ReLU-Linear(16,10)-Sigmoid,
square loss (MSELoss) on one-hot targets, plain SGD.

The original reached 93% test accuracy after 30 epochs. With lr 1.0 and batch 32 (the defaults here) the
same network, loss and optimiser pass 95%:

    python examples/mnist_original.py [--epochs 30] [--batch-size 32] [--lr 1.0] [--seed 0]
"""

import argparse
import time

import mtorch
from mtorch import nn, optim
from mtorch.datasets import MNIST
from mtorch.utils.data import DataLoader


def evaluate(model, loader):
    """Fraction of test digits whose largest output is the right class."""
    model.eval()
    correct = 0
    with mtorch.no_grad():
        for images, labels in loader:
            correct += (model(images.reshape(len(images), 784)).argmax(1) == labels).sum().item()
    model.train()
    return correct / len(loader.dataset)


def main():
    parser = argparse.ArgumentParser(description="The original MNIST network (square loss, SGD).")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    mtorch.manual_seed(args.seed)
    mtorch.set_num_threads(1)  # faster than two BLAS threads for these small matrices
    train_loader = DataLoader(MNIST(train=True), batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(MNIST(train=False), batch_size=1000)

    model = nn.Sequential(nn.Linear(784, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 10), nn.Sigmoid())
    criterion = nn.MSELoss()
    optimizer = optim.SGD(model.parameters(), lr=args.lr)
    one_hot = mtorch.eye(10)  # row k is the target for digit k
    print(model)

    best = 0.0
    for epoch in range(1, args.epochs + 1):
        start, total = time.perf_counter(), 0.0
        for step, (images, labels) in enumerate(train_loader, 1):
            optimizer.zero_grad()
            loss = criterion(model(images.reshape(len(images), 784)), one_hot[labels])
            loss.backward()
            optimizer.step()
            total += loss.item()
            if step % 200 == 0 or step == len(train_loader):
                print(f"\repoch {epoch:2d} [{step:5d}/{len(train_loader)}] loss {total / step:.4f}", end="", flush=True)
        accuracy = evaluate(model, test_loader)
        best = max(best, accuracy)
        print(f"  test accuracy {accuracy:.2%}  ({time.perf_counter() - start:.1f} s)")
    print(f"final test accuracy {accuracy:.2%}, best {best:.2%}")


if __name__ == "__main__":
    main()
