"""DataLoader: batches of a dataset, in order or shuffled, as in `torch.utils.data.DataLoader`."""

import numpy as np

from ...random import rng_of
from .collate import default_collate


class DataLoader:
    """Iterate over `dataset` in batches of `batch_size`.

    `shuffle=True` draws a new order every epoch from `generator` (an `mtorch.Generator`), or from
    mtorch's default generator, which `mtorch.manual_seed` reseeds. `drop_last` drops a final short batch.
    `collate_fn` turns a list of samples into a batch (default: `default_collate`). With the default,
    a dataset that defines `__getitems__(indices)` (TensorDataset, MNIST, SineToCosine, Subsets of them)
    hands over each batch whole, indexed from its arrays in one go.
    Loading happens in this process: `num_workers` and `pin_memory` are accepted for PyTorch code and
    change nothing.
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False, collate_fn=None,
                 generator=None, num_workers=0, pin_memory=False):
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"DataLoader: batch_size must be a positive integer, got {batch_size!r}")
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.drop_last = drop_last
        self.collate_fn = default_collate if collate_fn is None else collate_fn
        self.generator = generator
        self.num_workers = num_workers
        self.pin_memory = pin_memory

    def __len__(self):
        n = len(self.dataset)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)

    def __iter__(self):
        n = len(self.dataset)
        order = rng_of(self.generator).permutation(n) if self.shuffle else np.arange(n)
        whole = self.collate_fn is default_collate and hasattr(self.dataset, "__getitems__")
        for start in range(0, len(self) * self.batch_size, self.batch_size):
            indices = order[start:start + self.batch_size]
            if whole:
                yield self.dataset.__getitems__(indices)
            else:
                yield self.collate_fn([self.dataset[int(i)] for i in indices])
