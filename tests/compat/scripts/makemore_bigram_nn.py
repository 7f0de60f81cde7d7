# The same bigram model as a one-layer network: F.one_hot inputs, W = torch.randn(..., generator=g,
# requires_grad=True), softmax by hand, loss from probs[torch.arange(num), ys], W.grad = None,
# loss.backward() and the update W.data += -lr * W.grad.
import torch
import torch.nn.functional as F

words = ("ava mia luna ella nora zoe lily emma leo max theo ivan oscar jude ezra hugo finn cora iris "
         "rosa alba nina vera mila otto axel eli noah liam omar ruby jade june lena maya sara tara "
         "anna hana kira lola nell rita tess yara zara adam ben carl dane evan felix gus hank ian "
         "jack kai luke milo nico owen paul quinn reed sam tom uri vic wade xander yusuf zane").split()
chars = sorted(set("".join(words)))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
V = len(stoi)

xs, ys = [], []
for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        xs.append(stoi[ch1])
        ys.append(stoi[ch2])
xs = torch.tensor(xs)
ys = torch.tensor(ys)
num = xs.nelement()

g = torch.Generator().manual_seed(2147483647)
W = torch.randn((V, V), generator=g, requires_grad=True)

xenc = F.one_hot(xs, num_classes=V).float()
losses = []
for _k in range(150):
    logits = xenc @ W
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdims=True)
    loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W ** 2).mean()
    losses.append(loss.item())
    W.grad = None
    loss.backward()
    W.data += -20 * W.grad

# the same loss through F.cross_entropy
ce = F.cross_entropy(xenc @ W, ys) + 0.01 * (W ** 2).mean()

RESULT = {
    "xs_dtype": xs.dtype,
    "xenc_shape": tuple(xenc.shape),
    "xenc_dtype": xenc.dtype,
    "one_hot_dtype": F.one_hot(xs, num_classes=V).dtype,
    "num": num,
    "rough_final_loss": losses[-1],
    "cross_entropy_matches": abs(ce.item() - (-(F.softmax(xenc @ W, 1))[torch.arange(num), ys].log().mean()
                                               + 0.01 * (W ** 2).mean()).item()) < 1e-5,
    "W_is_leaf": W.is_leaf,
    "loss_fell": losses[-1] < 0.6 * losses[0],
}
