"""default_collate: a list of samples -> one batch, as in `torch.utils.data.default_collate`."""

from collections.abc import Mapping, Sequence

import numpy as np

from ...creation import from_numpy
from ...functions import stack
from ...tensor import Tensor


def default_collate(batch):
    """Stack a list of samples into a batch.

    Tensors and numpy arrays are stacked along a new first dimension, Python ints become an int64 tensor,
    floats a float32 one (PyTorch makes float64; mtorch keeps to its float32 default), bools a bool one,
    numpy scalars keep their dtype; strings and bytes stay a list. Tuples, lists and dicts are collated
    field by field, so `(image, label)` samples give `[images, labels]` (a list, as in PyTorch).
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        return stack(batch)
    if isinstance(elem, np.ndarray | np.generic):
        return from_numpy(np.stack(batch))
    if isinstance(elem, bool):
        return from_numpy(np.array(batch, dtype=np.bool_))
    if isinstance(elem, int):
        return from_numpy(np.array(batch, dtype=np.int64))
    if isinstance(elem, float):
        return from_numpy(np.array(batch, dtype=np.float32))
    if isinstance(elem, str | bytes):
        return list(batch)
    if isinstance(elem, Mapping):
        return {key: default_collate([sample[key] for sample in batch]) for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return type(elem)(*(default_collate(list(field)) for field in zip(*batch)))
    if isinstance(elem, Sequence):
        if any(len(sample) != len(elem) for sample in batch):
            raise RuntimeError("default_collate: each sample in a batch must have the same length")
        return [default_collate(list(field)) for field in zip(*batch)]
    raise TypeError(
        f"default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; "
        f"found {type(elem).__name__}"
    )
