"""default_collate (a list of samples -> one batch) and default_convert (one sample's numpy arrays -> tensors),
as in `torch.utils.data`."""

import copy
from collections.abc import Mapping, MutableMapping, MutableSequence, Sequence

import numpy as np

from ...creation import from_numpy, tensor
from ...functions import stack
from ...tensor import Tensor

_ERROR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found {}"


def _is_str_or_object(dtype):
    return dtype.kind in "OSUV"


def default_collate(batch):
    """Stack a list of samples into a batch, field by field, as PyTorch does.

    Tensors and numpy arrays are stacked along a new first dimension (numpy arrays keep their dtype, like
    numpy scalars); Python ints become an int64 tensor, floats a float64 one, bools a bool one; strings and
    bytes stay a list. Dicts give a dict of batches, namedtuples a namedtuple, other sequences a list, so
    `(image, label)` samples give `[images, labels]`.
    """
    elem = batch[0]
    if isinstance(elem, Tensor):
        return stack(batch)
    if isinstance(elem, np.ndarray):
        if _is_str_or_object(elem.dtype):
            raise TypeError(_ERROR.format(elem.dtype))
        return from_numpy(np.stack(batch))
    if isinstance(elem, np.bool_ | np.number | np.object_):
        return from_numpy(np.array(batch))
    if isinstance(elem, float):
        return tensor(batch, dtype=np.float64)
    if isinstance(elem, int):  # bool too: a bool tensor
        return tensor(batch)
    if isinstance(elem, str | bytes):
        return batch
    if isinstance(elem, Mapping):
        collated = {key: default_collate([sample[key] for sample in batch]) for key in elem}
        return _same_kind(elem, collated, MutableMapping)
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return type(elem)(*(default_collate(list(field)) for field in zip(*batch)))
    if isinstance(elem, Sequence):
        if any(len(sample) != len(elem) for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        collated = [default_collate(list(field)) for field in zip(*batch)]
        return collated if isinstance(elem, tuple) else _same_kind(elem, collated, MutableSequence)
    raise TypeError(_ERROR.format(type(elem)))


def default_convert(data):
    """One sample with its numpy arrays (and numpy scalars) turned into tensors, the rest left as it is:
    what DataLoader gives for each sample when `batch_size=None`."""
    if isinstance(data, Tensor):
        return data
    if isinstance(data, np.ndarray):
        return data if _is_str_or_object(data.dtype) else from_numpy(data)
    if isinstance(data, np.bool_ | np.number):
        return from_numpy(np.asarray(data))
    if isinstance(data, Mapping):
        return _same_kind(data, {key: default_convert(data[key]) for key in data}, MutableMapping)
    if isinstance(data, tuple) and hasattr(data, "_fields"):  # namedtuple
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]
    if isinstance(data, Sequence) and not isinstance(data, str | bytes):
        return _same_kind(data, [default_convert(d) for d in data], MutableSequence)
    return data


def _same_kind(original, converted, mutable):
    """`converted` (a dict or list) in the container type of `original` where that type can be made."""
    if isinstance(original, mutable):
        clone = copy.copy(original)
        if isinstance(clone, Mapping):
            clone.update(converted)
        else:
            clone[:] = converted
        return clone
    try:
        return type(original)(converted)
    except TypeError:
        return converted
