"""Batches of sequences of different lengths, as ``torch.nn.utils.rnn``: pad_sequence, and PackedSequence with
pack_padded_sequence, pad_packed_sequence and pack_sequence.

A PackedSequence keeps PyTorch's layout: the batch sorted by decreasing length, then `data` the time-major
concatenation of the rows still active at each step (batch_sizes[t] of them at step t). Packing and unpacking
are advanced indexing of Tensors, so the gradient flows through them without a Function of their own.
"""

from collections import namedtuple

import numpy as np

from ...creation import full, tensor
from ...functions import cat, stack
from ...tensor import Tensor
from ..functional.conv import pad


class PackedSequence(namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """data (sum of lengths, *), batch_sizes (int64, one per step), sorted_indices (the original batch index
    of each sorted row, or None when the input was sorted) and unsorted_indices (its inverse)."""

    __slots__ = ()

    def __new__(cls, data, batch_sizes, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = _invert(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)


def _invert(permutation):
    inverse = np.empty_like(permutation.numpy())
    inverse[permutation.numpy()] = np.arange(len(inverse))
    return tensor(inverse)


def _packed_positions(batch_sizes):
    """(t, b) of every packed row, in `data` order: step by step, the first batch_sizes[t] sorted rows."""
    return np.nonzero(np.arange(int(batch_sizes[0]))[None, :] < batch_sizes[:, None])


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded batch (L, N, *) ((N, L, *) with batch_first) whose sequence n has lengths[n] real steps."""
    lengths = np.asarray(lengths.numpy() if isinstance(lengths, Tensor) else lengths, dtype=np.int64).reshape(-1)
    if batch_first:
        input = input.transpose(0, 1)
    if len(lengths) != input.shape[1]:
        raise ValueError(f"Expected {input.shape[1]} lengths, one per sequence of the batch, got {len(lengths)}")
    if enforce_sorted:
        if np.any(lengths[1:] > lengths[:-1]):
            raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. "
                               "You can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence "
                               "to sidestep this requirement if you do not need ONNX exportability.")
        sorted_indices = None
    else:
        order = np.argsort(-lengths, kind="stable")
        sorted_indices, lengths = tensor(order), lengths[order]
        input = input[:, order]
    if lengths.size == 0 or lengths.min() <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' "
                           "that is <= 0")
    if lengths[0] > input.shape[0]:
        raise RuntimeError(f"Expected every length to be at most the padded length {input.shape[0]}, got "
                           f"{int(lengths[0])}")
    batch_sizes = (lengths[None, :] > np.arange(lengths[0])[:, None]).sum(axis=1)
    steps, rows = _packed_positions(batch_sizes)
    return PackedSequence(input[steps, rows], tensor(batch_sizes), sorted_indices)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Undo pack_padded_sequence: (padded (T, N, *) ((N, T, *) with batch_first), lengths int64), in the
    original batch order, T the longest length or total_length."""
    data, batch_sizes = sequence.data, sequence.batch_sizes.numpy()
    steps = len(batch_sizes)
    if total_length is not None:
        if total_length < steps:
            raise ValueError("Expected total_length to be at least the length of the longest sequence in input, "
                             f"but got total_length={total_length} and max sequence length being {steps}")
        steps = total_length
    batch = int(batch_sizes[0])
    # where each (t, b) of the padded batch comes from: its packed row, or the padding row after the data
    source = np.full((steps, batch), data.shape[0], dtype=np.int64)
    source[_packed_positions(batch_sizes)] = np.arange(data.shape[0])
    lengths = (np.arange(batch)[None, :] < batch_sizes[:, None]).sum(axis=0)
    if sequence.unsorted_indices is not None:
        order = sequence.unsorted_indices.numpy()
        source, lengths = source[:, order], lengths[order]
    padding = full((1, *data.shape[1:]), padding_value, dtype=data.dtype)
    padded = cat([data, padding])[source]
    return (padded.transpose(0, 1) if batch_first else padded), tensor(lengths)


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of tensors (L_i, *) (by decreasing length unless enforce_sorted=False)."""
    sequences = list(sequences)
    return pack_padded_sequence(pad_sequence(sequences), [s.shape[0] for s in sequences],
                                enforce_sorted=enforce_sorted)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack tensors (L_i, *) of different lengths into (L_max, N, *) ((N, L_max, *) with batch_first),
    filling with padding_value after (or, with padding_side="left", before) each sequence."""
    if padding_side not in ("right", "left"):
        raise ValueError(f"Expected padding_side to be one of left or right, but got {padding_side}.")
    sequences = list(sequences)
    longest = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        missing = longest - s.shape[0]
        widths = [0, 0] * (s.ndim - 1) + ([missing, 0] if padding_side == "left" else [0, missing])
        padded.append(pad(s, widths, value=padding_value) if missing else s)
    return stack(padded, dim=0 if batch_first else 1)
