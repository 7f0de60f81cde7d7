"""Sine in, cosine out: the sequences the original project's RNN was meant to learn."""

import numpy as np

from ..creation import from_numpy
from ..utils.data import Dataset

_SPLITS = ("train", "test")


class SineToCosine(Dataset):
    """`n_sequences` pairs `(sin(w t + phase), cos(w t + phase))`, each a float32 Tensor (seq_len, 1).

    `t = 0, dt, 2 dt, ...`; every sequence draws its angular frequency `w` uniformly from `freq_range` and
    its phase uniformly from [0, 2 pi), from a random stream fixed by `seed` and `split`, so the 'train'
    and 'test' splits are reproducible and never share a sequence. From three samples of a sine the
    frequency and the phase, hence the cosine, follow; over the first steps they cannot be told yet.
    `.inputs` and `.targets` hold all sequences (n_sequences, seq_len, 1); `.frequencies` and `.phases`
    the numpy parameters of each.
    """

    def __init__(self, n_sequences=1000, seq_len=50, freq_range=(1.0, 2.0), dt=0.2, seed=0, split="train"):
        if split not in _SPLITS:
            raise ValueError(f"SineToCosine: split must be one of {_SPLITS}, got {split!r}")
        self.seq_len, self.freq_range, self.dt, self.seed, self.split = seq_len, freq_range, dt, seed, split
        rng = np.random.default_rng([seed, _SPLITS.index(split)])  # one independent stream per split
        self.frequencies = rng.uniform(*freq_range, n_sequences)
        self.phases = rng.uniform(0, 2 * np.pi, n_sequences)
        angle = self.frequencies[:, None] * dt * np.arange(seq_len) + self.phases[:, None]  # w t + phase
        self.inputs = from_numpy(np.sin(angle)[..., None].astype(np.float32))
        self.targets = from_numpy(np.cos(angle)[..., None].astype(np.float32))

    def __len__(self):
        return len(self.inputs)

    def __getitem__(self, index):
        return self.inputs[index], self.targets[index]

    def __getitems__(self, indices):
        return [self.inputs[indices], self.targets[indices]]
