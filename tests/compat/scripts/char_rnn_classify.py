# The char-RNN classifier from the NLP-from-scratch tutorial, shrunk: one-hot line tensors built with
# torch.zeros(len(line), 1, n_letters) and tensor[li][0][index] = 1, an RNN cell made of nn.Linear
# layers with LogSoftmax, NLLLoss, the manual update p.data.add_(p.grad.data, alpha=-lr), and topk.
import random
import string

import torch
import torch.nn as nn

all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)
category_lines = {
    "English": ["smith", "jones", "taylor", "brown", "wilson", "walker", "wright", "thompson"],
    "Italian": ["rossi", "russo", "ferrari", "esposito", "bianchi", "romano", "colombo", "ricci"],
    "Japanese": ["sato", "suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "nakamura"],
}
all_categories = list(category_lines)
n_categories = len(all_categories)


def letterToIndex(letter):
    return all_letters.find(letter)


def lineToTensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        tensor[li][0][letterToIndex(letter)] = 1
    return tensor


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super().__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(input_size, hidden_size)
        self.h2h = nn.Linear(hidden_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, input, hidden):
        hidden = torch.tanh(self.i2h(input) + self.h2h(hidden))
        output = self.softmax(self.h2o(hidden))
        return output, hidden

    def initHidden(self):
        return torch.zeros(1, self.hidden_size)


def categoryFromOutput(output):
    top_n, top_i = output.topk(1)
    category_i = top_i[0].item()
    return all_categories[category_i], category_i


torch.manual_seed(0)
random.seed(0)
rnn = RNN(n_letters, 32, n_categories)
criterion = nn.NLLLoss()
learning_rate = 0.05


def train(category_tensor, line_tensor):
    hidden = rnn.initHidden()
    rnn.zero_grad()
    for i in range(line_tensor.size()[0]):
        output, hidden = rnn(line_tensor[i], hidden)
    loss = criterion(output, category_tensor)
    loss.backward()
    for p in rnn.parameters():
        p.data.add_(p.grad.data, alpha=-learning_rate)
    return output, loss.item()


pairs = [(c, line) for c in all_categories for line in category_lines[c]]
losses = []
for _it in range(300):
    category, line = random.choice(pairs)
    category_tensor = torch.tensor([all_categories.index(category)], dtype=torch.long)
    output, loss = train(category_tensor, lineToTensor(line))
    losses.append(loss)


def predict(line):
    with torch.no_grad():
        hidden = rnn.initHidden()
        line_tensor = lineToTensor(line)
        for i in range(line_tensor.size()[0]):
            output, hidden = rnn(line_tensor[i], hidden)
    return categoryFromOutput(output)[0]


correct = sum(predict(line) == c for c, line in pairs)
RESULT = {
    "n_letters": n_letters,
    "letter_index": letterToIndex("J"),
    "line_tensor_shape": tuple(lineToTensor("Jones").size()),
    "line_tensor_ones": lineToTensor("Jones").sum().item(),
    "line_tensor_hot": lineToTensor("ab")[1][0].nonzero().flatten().tolist(),
    "output_shape": tuple(rnn(lineToTensor("a")[0], rnn.initHidden())[0].shape),
    "rough_late_loss": sum(losses[-100:]) / 100,
    "loss_fell": sum(losses[-100:]) < 0.8 * sum(losses[:100]),
    "rough_train_accuracy": correct / len(pairs),
}
