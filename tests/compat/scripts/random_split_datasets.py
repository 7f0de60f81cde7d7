# Dataset utilities: a custom Dataset class, TensorDataset indexing, random_split by counts and by
# fractions with a seeded Generator, Subset, ConcatDataset, DataLoader batch counts with drop_last and
# shuffle, and iterating a loader twice.
import torch
from torch.utils.data import ConcatDataset, DataLoader, Dataset, Subset, TensorDataset, random_split


class Squares(Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, idx):
        return torch.tensor([float(idx)]), idx * idx


X = torch.arange(100, dtype=torch.float32).view(50, 2)
y = torch.arange(50)
ds = TensorDataset(X, y)
xi, yi = ds[3]
train_ds, val_ds = random_split(ds, [40, 10], generator=torch.Generator().manual_seed(42))
a, b, c = random_split(range(10), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(0))
covered = sorted(list(train_ds.indices) + list(val_ds.indices))

loader = DataLoader(train_ds, batch_size=16, shuffle=True)
dropped = DataLoader(train_ds, batch_size=16, shuffle=True, drop_last=True)
epoch1 = sorted(int(v) for _, yb in loader for v in yb)
epoch2 = sorted(int(v) for _, yb in loader for v in yb)

sq = Squares(7)
sq_batch = next(iter(DataLoader(sq, batch_size=4)))
sub = Subset(sq, [1, 3, 5])
both = ConcatDataset([sq, Subset(sq, [0, 1])])

RESULT = {
    "len": len(ds),
    "item": (xi, yi),
    "slice": ds[1:3][0],
    "split_lengths": [len(train_ds), len(val_ds)],
    "fraction_lengths": [len(a), len(b), len(c)],
    "split_covers_all": covered == list(range(50)),
    "split_disjoint": not set(train_ds.indices) & set(val_ds.indices),
    "n_batches": len(loader),
    "n_batches_dropped": len(dropped),
    "batch_sizes": [len(yb) for _, yb in loader],
    "epochs_see_everything": epoch1 == epoch2 == sorted(int(y[i]) for i in train_ds.indices),
    "subset_item": train_ds[0][1].item() == int(y[train_ds.indices[0]]),
    "sq_batch": sq_batch,
    "sub_items": [sub[i][1] for i in range(len(sub))],
    "concat_len": len(both),
    "concat_last": both[8][1],
}
