# Variable-length token sequences: nn.Embedding with padding_idx (zero row, no gradient), pad_sequence,
# pack_padded_sequence(enforce_sorted=False) into an LSTM, pad_packed_sequence, and the final hidden
# state equal to the output at each sequence's last real step.
import numpy as np
import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

torch.manual_seed(0)
seqs = [torch.tensor([4, 2, 7, 1]), torch.tensor([3, 5]), torch.tensor([6, 1, 2])]
lengths = torch.tensor([len(s) for s in seqs])
padded = pad_sequence(seqs, batch_first=True, padding_value=0)

emb = nn.Embedding(10, 4, padding_idx=0)
with torch.no_grad():
    emb.weight.copy_(torch.from_numpy(np.random.default_rng(0).standard_normal((10, 4)).astype(np.float32)))
    emb.weight[0] = 0
lstm = nn.LSTM(4, 5, batch_first=True)
embedded = emb(padded)
packed = pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
packed_out, (h_n, c_n) = lstm(packed)
out, out_lengths = pad_packed_sequence(packed_out, batch_first=True)
last = out[torch.arange(3), lengths - 1]
out.sum().backward()

emb2 = nn.Embedding(10, 3, padding_idx=0)
RESULT = {
    "padded": padded,
    "padded_time_major_shape": tuple(pad_sequence(seqs).shape),
    "embedded": embedded.detach(),
    "padding_row_zero": bool((emb2.weight[0] == 0).all()),
    "padding_grad_zero": bool((emb.weight.grad[0] == 0).all()),
    "used_row_has_grad": bool((emb.weight.grad[4] != 0).any()),
    "out_shape": tuple(out.shape),
    "out_lengths": out_lengths,
    "h_n_shape": tuple(h_n.shape),
    "h_n_is_last_real_step": torch.allclose(h_n[0], last, atol=1e-6),
    "padded_outputs_zero": bool((out[1, 2:] == 0).all()),
}
