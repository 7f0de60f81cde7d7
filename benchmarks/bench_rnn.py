"""Training steps per second of the sin-to-cos RNN (nn.RNN(1, 32) + Linear(32, 1), sequences of 50,
batch 32, MSE from the 6th time step on, Adam) in mtorch and in PyTorch, same data, one thread each.

    python benchmarks/bench_rnn.py [--cell rnn|lstm|gru] [--steps 200] [--rounds 5]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import blas_report, import_torch, median_seconds, one_thread, print_comparison

import mtorch
from mtorch.datasets import SineToCosine

HIDDEN, SEQ_LEN, BATCH, SKIP = 32, 50, 32, 5


def step_runner(lib, cell, inputs, targets, steps):
    """A function running `steps` training steps of `lib` (mtorch or torch) over the batches in turn."""
    recurrent = {"rnn": lib.nn.RNN, "lstm": lib.nn.LSTM, "gru": lib.nn.GRU}[cell](1, HIDDEN, batch_first=True)
    head = lib.nn.Linear(HIDDEN, 1)
    params = list(recurrent.parameters()) + list(head.parameters())
    optimizer = lib.optim.Adam(params, lr=1e-2)
    batches = [(lib.from_numpy(inputs[i:i + BATCH]), lib.from_numpy(targets[i:i + BATCH]))
               for i in range(0, len(inputs) - BATCH + 1, BATCH)]

    def run():
        for k in range(steps):
            x, y = batches[k % len(batches)]
            optimizer.zero_grad()
            out, _ = recurrent(x)
            loss = ((head(out) - y)[:, SKIP:] ** 2).mean()
            loss.backward()
            optimizer.step()

    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cell", choices=("rnn", "lstm", "gru"), default="rnn")
    parser.add_argument("--steps", type=int, default=200, help="training steps per timed round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    one_thread()
    torch = import_torch()
    data = SineToCosine(n_sequences=32 * BATCH, seq_len=SEQ_LEN, seed=0)
    inputs, targets = data.inputs.numpy(), data.targets.numpy()
    print(blas_report())
    print(f"sin-to-cos {args.cell.upper()}: hidden {HIDDEN}, sequence {SEQ_LEN}, batch {BATCH}, Adam; "
          f"{args.rounds} rounds of {args.steps} steps, one thread each")
    mtorch.manual_seed(0)
    runs = {"mtorch": step_runner(mtorch, args.cell, inputs, targets, args.steps)}
    if torch is not None:
        torch.manual_seed(0)
        runs["PyTorch"] = step_runner(torch, args.cell, inputs, targets, args.steps)
    print(f"each 'epoch' below is one round of {args.steps} training steps")
    medians = median_seconds(runs, args.rounds)
    theirs = medians.get("PyTorch", (None, None))
    for kind, i in (("", 0), ("CPU ", 1)):
        ours_ms = medians["mtorch"][i] * 1000 / args.steps
        theirs_ms = None if theirs[i] is None else theirs[i] * 1000 / args.steps
        print_comparison(f"{kind}milliseconds per training step", ours_ms, theirs_ms, unit="ms/step")
        print(f"  steps per second: mtorch {1000 / ours_ms:.0f}"
              + ("" if theirs_ms is None else f", PyTorch {1000 / theirs_ms:.0f}"))
    print(blas_report())


if __name__ == "__main__":
    main()
