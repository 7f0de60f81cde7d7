# Evaluation idioms: model.eval() with torch.no_grad(), accuracy from (argmax(dim=1) == y).sum().item(),
# torch.inference_mode() as context manager and decorator, @torch.no_grad() on a function,
# torch.set_grad_enabled(False/True), detach(), requires_grad_ and is_grad_enabled().
import numpy as np
import torch
import torch.nn as nn

rng = np.random.default_rng(0)
X = torch.from_numpy(rng.standard_normal((50, 4)).astype(np.float32))
y = torch.from_numpy((X[:, 0].numpy() > 0).astype(np.int64))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 2))
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.from_numpy(np.random.default_rng(p.numel()).standard_normal(tuple(p.shape))
                                 .astype(np.float32)))

model.eval()
correct = 0
with torch.no_grad():
    for i in range(0, 50, 10):
        out = model(X[i:i + 10])
        correct += (out.argmax(dim=1) == y[i:i + 10]).sum().item()
        inside_no_grad = out.requires_grad

with torch.inference_mode():
    inf_out = model(X)
    inf_requires_grad = inf_out.requires_grad
    inf_enabled = torch.is_grad_enabled()


@torch.inference_mode()
def predict(batch):
    return model(batch).argmax(1)


@torch.no_grad()
def evaluate(batch):
    return model(batch), torch.is_grad_enabled()


eval_out, enabled_in_decorated = evaluate(X)
torch.set_grad_enabled(False)
off = model(X).requires_grad
torch.set_grad_enabled(True)
on = model(X).requires_grad
with torch.set_grad_enabled(False):
    ctx_off = model(X).requires_grad

w = torch.ones(3).requires_grad_()
d = (w * 2).detach()
model.train()
train_outs_differ = not torch.equal(model(X), model(X))
model.eval()

RESULT = {
    "correct": correct,
    "accuracy": correct / 50,
    "inside_no_grad": inside_no_grad,
    "inf_requires_grad": inf_requires_grad,
    "inf_enabled": inf_enabled,
    "inf_out": inf_out,
    "predict": predict(X),
    "enabled_in_decorated": enabled_in_decorated,
    "enabled_after": torch.is_grad_enabled(),
    "eval_out_requires_grad": eval_out.requires_grad,
    "off": off,
    "on": on,
    "ctx_off": ctx_off,
    "detached_requires_grad": d.requires_grad,
    "w_is_leaf": w.is_leaf,
    "dropout_active_in_train": train_outs_differ,
    "eval_deterministic": torch.equal(model(X), model(X)),
    "training_flags": [m.training for m in model],
}
