# Sequence regression with nn.RNN, nn.LSTM and nn.GRU (batch_first, two layers): predict the next value
# of noisy sine waves from the last hidden state; output / hidden shapes, an explicit h0, parameter
# names, and training with Adam + MSELoss.
import numpy as np
import torch
import torch.nn as nn


class Regressor(nn.Module):
    def __init__(self, cell, hidden=12):
        super().__init__()
        self.rnn = cell(input_size=1, hidden_size=hidden, num_layers=2, batch_first=True)
        self.fc = nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


rng = np.random.default_rng(0)
phase = rng.uniform(0, 2 * np.pi, (32, 1))
t = np.arange(13) * 0.5
waves = np.sin(phase + t) + rng.standard_normal((32, 13)) * 0.02
X = torch.tensor(waves[:, :12, None], dtype=torch.float32)
y = torch.tensor(waves[:, 12:], dtype=torch.float32)

torch.manual_seed(0)
RESULT = {}
for name, cell in [("rnn", nn.RNN), ("lstm", nn.LSTM), ("gru", nn.GRU)]:
    model = Regressor(cell)
    out, hidden = model.rnn(X[:4])
    RESULT[f"{name}_out_shape"] = tuple(out.shape)
    if name == "lstm":
        h_n, c_n = hidden
        RESULT["lstm_c_shape"] = tuple(c_n.shape)
        h0 = (torch.zeros(2, 4, 12), torch.zeros(2, 4, 12))
    else:
        h_n = hidden
        h0 = torch.zeros(2, 4, 12)
    RESULT[f"{name}_h_shape"] = tuple(h_n.shape)
    RESULT[f"{name}_last_step_is_h_n"] = torch.allclose(out[:, -1], h_n[-1])
    RESULT[f"{name}_h0_same"] = torch.allclose(model.rnn(X[:4], h0)[0], out)
    RESULT[f"{name}_params"] = [n for n, _ in model.rnn.named_parameters()]
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    loss_fn = nn.MSELoss()
    losses = []
    for _epoch in range(30):
        loss = loss_fn(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    RESULT[f"{name}_learned"] = losses[-1] < 0.25 * losses[0]
