"""Map a sine curve to its cosine with a recurrent network: the original project's RNN, made to train.

Each sequence is sin(w t + phase) in and cos(w t + phase) out (mtorch.datasets.SineToCosine), with a random
frequency w and phase per sequence. A causal model sees only the sine so far: over the first few steps
the sign of the cosine cannot be told yet, so the loss and the held-out error are measured from the 6th
time step on. Back-propagation through time is mtorch's autograd, with no hand-written loop over gradients.

    python examples/rnn_sin_to_cos.py [--cell rnn|lstm|gru] [--epochs 60] [--hidden 32] [--lr 0.01]
"""

import argparse
import time

import mtorch
from mtorch import nn, optim
from mtorch.datasets import SineToCosine
from mtorch.utils.data import DataLoader

SKIP = 5  # time steps left out of the loss and the error: the 6th step is the first one measured


class SineToCosineNet(nn.Module):
    """A recurrent layer over the sine, then a Linear head reading each hidden state as a cosine value."""

    def __init__(self, cell, hidden_size):
        super().__init__()
        recurrent = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[cell]
        self.rnn = recurrent(input_size=1, hidden_size=hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x):  # x (N, L, 1) -> (N, L, 1)
        out, _ = self.rnn(x)
        return self.head(out)


def mse_from_sixth_step(prediction, target):
    return ((prediction[:, SKIP:] - target[:, SKIP:]) ** 2).mean()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cell", choices=("rnn", "lstm", "gru"), default="rnn")
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--seq-len", type=int, default=50)
    parser.add_argument("--train-size", type=int, default=1024, help="training sequences")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    mtorch.manual_seed(args.seed)
    mtorch.set_num_threads(1)  # these matrices are small: one BLAS thread is fastest
    train = SineToCosine(n_sequences=args.train_size, seq_len=args.seq_len, seed=args.seed, split="train")
    test = SineToCosine(n_sequences=256, seq_len=args.seq_len, seed=args.seed, split="test")
    loader = DataLoader(train, batch_size=args.batch_size, shuffle=True,
                        generator=mtorch.Generator().manual_seed(args.seed))
    model = SineToCosineNet(args.cell, args.hidden)
    optimizer = optim.Adam(model.parameters(), lr=args.lr)
    scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=args.epochs * len(loader))
    print(f"{model}\n{len(train)} training and {len(test)} held-out sequences of {args.seq_len} steps; "
          f"MSE from step {SKIP + 1} on")

    def held_out_mse():
        model.eval()
        with mtorch.no_grad():
            return mse_from_sixth_step(model(test.inputs), test.targets).item()

    start = time.perf_counter()
    first_loss = None
    for epoch in range(1, args.epochs + 1):
        model.train()
        total = 0.0
        for x, y in loader:
            optimizer.zero_grad()
            loss = mse_from_sixth_step(model(x), y)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
            optimizer.step()
            scheduler.step()
            total += loss.item() * len(x)
        train_loss = total / len(train)
        first_loss = first_loss if first_loss is not None else train_loss
        print(f"epoch {epoch:3d}  train loss {train_loss:.6f}  held-out MSE {held_out_mse():.6f}  "
              f"({time.perf_counter() - start:.1f} s)", flush=True)

    final = held_out_mse()
    verdict = "meets" if final <= 1e-3 else "misses"
    print(f"\n{args.cell.upper()}: train loss {first_loss:.6f} after the first epoch, {train_loss:.6f} after the last; "
          f"held-out MSE (from step {SKIP + 1}) {final:.6f}, which {verdict} the 1e-3 target; "
          f"{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
