"""Batches of sequences of different lengths, as ``torch.nn.utils.rnn``. mtorch has pad_sequence;
PackedSequence (pack_padded_sequence, pad_packed_sequence) is not part of mtorch."""

from ...functions import stack
from ..functional.conv import pad


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
