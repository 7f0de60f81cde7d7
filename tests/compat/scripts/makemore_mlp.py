# A makemore-style MLP: context windows of block_size characters, an embedding table C indexed as C[X],
# tanh hidden layer, F.cross_entropy, torch.randint minibatches, manual SGD with p.data += -lr * p.grad,
# lossi / stepi tracking, a learning-rate decay, evaluation and sampling.
import torch
import torch.nn.functional as F

words = ("ava mia luna ella nora zoe lily emma leo max theo ivan oscar jude ezra hugo finn cora iris "
         "rosa alba nina vera mila otto axel eli noah liam omar ruby jade june lena maya sara tara "
         "anna hana kira lola nell rita tess yara zara adam ben carl dane evan felix gus hank ian "
         "jack kai luke milo nico owen paul quinn reed sam tom uri vic wade xander yusuf zane").split()
chars = sorted(set("".join(words)))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
itos = {i: s for s, i in stoi.items()}
V = len(stoi)
block_size = 3


def build_dataset(words):
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + ".":
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]
    return torch.tensor(X), torch.tensor(Y)


Xtr, Ytr = build_dataset(words)

g = torch.Generator().manual_seed(2147483647)
C = torch.randn((V, 10), generator=g)
W1 = torch.randn((30, 64), generator=g) * 0.2
b1 = torch.randn(64, generator=g) * 0.01
W2 = torch.randn((64, V), generator=g) * 0.1
b2 = torch.randn(V, generator=g) * 0
parameters = [C, W1, b1, W2, b2]
for p in parameters:
    p.requires_grad = True

torch.manual_seed(42)
lossi, stepi = [], []
for i in range(400):
    ix = torch.randint(0, Xtr.shape[0], (32,))
    emb = C[Xtr[ix]]
    h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
    logits = h @ W2 + b2
    loss = F.cross_entropy(logits, Ytr[ix])
    for p in parameters:
        p.grad = None
    loss.backward()
    lr = 0.1 if i < 300 else 0.01
    for p in parameters:
        p.data += -lr * p.grad
    stepi.append(i)
    lossi.append(loss.log10().item())

with torch.no_grad():
    emb = C[Xtr]
    h = torch.tanh(emb.view(emb.shape[0], -1) @ W1 + b1)
    full_loss = F.cross_entropy(h @ W2 + b2, Ytr).item()

g = torch.Generator().manual_seed(2147483647 + 10)
names = []
for _ in range(5):
    out, context = [], [0] * block_size
    while len(out) < 20:
        emb = C[torch.tensor([context])]
        h = torch.tanh(emb.view(1, -1) @ W1 + b1)
        probs = F.softmax(h @ W2 + b2, dim=1)
        ix = torch.multinomial(probs, num_samples=1, generator=g).item()
        context = context[1:] + [ix]
        out.append(ix)
        if ix == 0:
            break
    names.append("".join(itos[i] for i in out))

RESULT = {
    "X_shape": tuple(Xtr.shape),
    "X_dtype": Xtr.dtype,
    "first_contexts": Xtr[:6].tolist(),
    "first_targets": Ytr[:6].tolist(),
    "emb_shape": tuple(C[Xtr].shape),
    "n_params": sum(p.nelement() for p in parameters),
    "n_steps": len(stepi),
    "rough_full_loss": full_loss,
    "learned": full_loss < 2.6,
    "names_are_strings": all(isinstance(n, str) and n for n in names),
}
