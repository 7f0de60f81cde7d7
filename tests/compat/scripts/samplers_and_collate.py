# Samplers and collate functions: BatchSampler over SequentialSampler, SubsetRandomSampler for a
# train/validation split, WeightedRandomSampler to balance an imbalanced dataset, a DataLoader driven
# by batch_sampler=, and a custom collate_fn that pads variable-length sequences.
import torch
from torch.utils.data import (
    BatchSampler,
    DataLoader,
    RandomSampler,
    SequentialSampler,
    SubsetRandomSampler,
    TensorDataset,
    WeightedRandomSampler,
)

torch.manual_seed(0)

batches = list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=False))
batches_dropped = list(BatchSampler(SequentialSampler(range(10)), batch_size=3, drop_last=True))

# train / validation split by index
dataset = TensorDataset(torch.arange(100).float().unsqueeze(1), torch.arange(100) % 2)
indices = list(range(len(dataset)))
split = 20
train_sampler = SubsetRandomSampler(indices[split:])
valid_sampler = SubsetRandomSampler(indices[:split])
train_loader = DataLoader(dataset, batch_size=16, sampler=train_sampler)
valid_loader = DataLoader(dataset, batch_size=16, sampler=valid_sampler)
train_seen = sorted(int(v) for xb, _ in train_loader for v in xb.flatten())
valid_seen = sorted(int(v) for xb, _ in valid_loader for v in xb.flatten())

# imbalanced labels: 90 of class 0, 10 of class 1, sampled with inverse-frequency weights
targets = torch.cat([torch.zeros(90, dtype=torch.long), torch.ones(10, dtype=torch.long)])
class_count = torch.bincount(targets)
class_weights = 1.0 / class_count.float()
sample_weights = class_weights[targets]
sampler = WeightedRandomSampler(sample_weights, num_samples=2000, replacement=True)
drawn = torch.tensor(list(sampler))
minority_share = (targets[drawn] == 1).float().mean().item()

# RandomSampler with its own generator: a permutation
perm = list(RandomSampler(range(8), generator=torch.Generator().manual_seed(3)))

# batch_sampler= gives the loader whole batches of indices
loader = DataLoader(dataset, batch_sampler=BatchSampler(SequentialSampler(range(10)), batch_size=4,
                                                        drop_last=False))
sizes = [len(xb) for xb, yb in loader]


# custom collate: pad sequences of different lengths and return their lengths
def pad_collate(batch):
    seqs, labels = zip(*batch)
    lengths = torch.tensor([len(s) for s in seqs])
    padded = torch.zeros(len(seqs), int(lengths.max()), dtype=torch.long)
    for i, s in enumerate(seqs):
        padded[i, :len(s)] = s
    return padded, lengths, torch.tensor(labels)


seq_data = [(torch.arange(1, n + 1), n % 2) for n in [3, 5, 2, 4, 1]]
padded, lengths, labels = next(iter(DataLoader(seq_data, batch_size=5, collate_fn=pad_collate)))

# the default collate on dicts and tuples of numbers
dict_data = [{"x": torch.tensor([float(i), 2.0 * i]), "y": i, "name": f"s{i}"} for i in range(4)]
dict_batch = next(iter(DataLoader(dict_data, batch_size=4)))

RESULT = {
    "batches": batches,
    "batches_dropped": batches_dropped,
    "train_seen": train_seen,
    "valid_seen": valid_seen,
    "class_count": class_count.tolist(),
    "sample_weight_dtype": sample_weights.dtype,
    "n_drawn": len(drawn),
    "rough_minority_share": minority_share,
    "balanced": 0.4 < minority_share < 0.6,
    "perm_is_permutation": sorted(perm) == list(range(8)),
    "batch_sampler_sizes": sizes,
    "padded": padded,
    "lengths": lengths,
    "labels": labels,
    "dict_keys": sorted(dict_batch),
    "dict_x": dict_batch["x"],
    "dict_y": dict_batch["y"],
    "dict_name": dict_batch["name"],
}
