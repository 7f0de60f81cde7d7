# A bigram character model from counts: a 27x27 count matrix filled with N[ix1, ix2] += 1, smoothed
# probabilities normalised with keepdim broadcasting, sampling with torch.multinomial and a seeded
# Generator, and the average negative log likelihood of the training words.
import torch

words = ("ava mia luna ella nora zoe lily emma leo max theo ivan oscar jude ezra hugo finn cora iris "
         "rosa alba nina vera mila otto axel eli noah liam omar ruby jade june lena maya sara tara "
         "anna hana kira lola nell rita tess yara zara adam ben carl dane evan felix gus hank ian "
         "jack kai luke milo nico owen paul quinn reed sam tom uri vic wade xander yusuf zane").split()

chars = sorted(set("".join(words)))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi["."] = 0
itos = {i: s for s, i in stoi.items()}
V = len(stoi)

N = torch.zeros((V, V), dtype=torch.int32)
for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        N[ix1, ix2] += 1

P = (N + 1).float()
P /= P.sum(1, keepdims=True)

g = torch.Generator().manual_seed(2147483647)
samples = []
for _i in range(5):
    out = []
    ix = 0
    while True:
        p = P[ix]
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    samples.append("".join(out))

log_likelihood = 0.0
n = 0
for w in words:
    chs = ["."] + list(w) + ["."]
    for ch1, ch2 in zip(chs, chs[1:]):
        logprob = torch.log(P[stoi[ch1], stoi[ch2]])
        log_likelihood += logprob
        n += 1
nll = -log_likelihood

RESULT = {
    "V": V,
    "N_dtype": N.dtype,
    "N_total": N.sum().item(),
    "N_row0": N[0].tolist(),
    "N_argmax_row0": N[0].argmax().item(),
    "P_dtype": P.dtype,
    "P_rows_sum_to_one": torch.allclose(P.sum(1), torch.ones(V)),
    "P_row1": P[1],
    "nll_is_tensor": isinstance(nll, torch.Tensor),
    "mean_nll": (nll / n).item(),
    "n_bigrams": n,
    "samples_end_with_dot": all(s.endswith(".") for s in samples),
    "sample_types": [type(s).__name__ for s in samples],
}
