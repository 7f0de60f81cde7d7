# A small TransformerEncoder (batch_first, sinusoidal positional encoding as a registered buffer,
# src_key_padding_mask) trained to tag each token of a sequence with the running maximum so far,
# using a causal mask from nn.Transformer.generate_square_subsequent_mask.
import math

import torch
import torch.nn as nn


class PositionalEncoding(nn.Module):
    def __init__(self, d_model, max_len=64):
        super().__init__()
        position = torch.arange(max_len).unsqueeze(1)
        div_term = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, d_model)
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe)

    def forward(self, x):
        return x + self.pe[: x.size(1)]


class Tagger(nn.Module):
    def __init__(self, vocab=8, d_model=32):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.pos = PositionalEncoding(d_model)
        layer = nn.TransformerEncoderLayer(d_model=d_model, nhead=4, dim_feedforward=64, dropout=0.0,
                                           batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, num_layers=2)
        self.head = nn.Linear(d_model, vocab)

    def forward(self, src, mask=None, padding_mask=None):
        h = self.encoder(self.pos(self.embed(src) * math.sqrt(32)), mask=mask,
                         src_key_padding_mask=padding_mask)
        return self.head(h)


torch.manual_seed(0)
B, T = 32, 10
mask = nn.Transformer.generate_square_subsequent_mask(T)
model = Tagger()
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
losses = []
for _step in range(60):
    src = torch.randint(0, 8, (B, T))
    target = torch.cummax(src, dim=1).values
    logits = model(src, mask=mask)
    loss = nn.functional.cross_entropy(logits.reshape(-1, 8), target.reshape(-1))
    opt.zero_grad()
    loss.backward()
    opt.step()
    losses.append(loss.item())

model.eval()
with torch.no_grad():
    src = torch.randint(0, 8, (64, T))
    acc = (model(src, mask=mask).argmax(-1) == torch.cummax(src, dim=1).values).float().mean().item()
    padding = torch.zeros(2, T, dtype=torch.bool)
    padding[1, 6:] = True
    padded_out = model(src[:2], padding_mask=padding)

RESULT = {
    "mask": mask,
    "pe_is_buffer": "pos.pe" in dict(model.named_buffers()),
    "pe_not_param": all("pe" not in n for n, _ in model.named_parameters()),
    "n_layers": len(model.encoder.layers),
    "out_shape": tuple(padded_out.shape),
    "rough_final_loss": sum(losses[-5:]) / 5,
    "rough_accuracy": acc,
    "learned": losses[-1] < 0.6 * losses[0],
}
