"""mtorch.utils.data: datasets, random_split, default_collate and DataLoader."""

from collections import namedtuple

import numpy as np
import pytest

import mtorch
from mtorch.utils.data import DataLoader, Dataset, Subset, TensorDataset, default_collate, random_split


class Squares(Dataset):
    """A dataset with items only (no __getitems__): (x, x**2, {'id': x})."""

    def __len__(self):
        return 10

    def __getitem__(self, i):
        return np.float32(i), i * i, {"id": i}


def _arrays(batch):
    return [b.numpy() for b in batch]


def test_tensor_dataset_items_and_length():
    x, y = mtorch.arange(12.0).reshape(6, 2), mtorch.arange(6)
    ds = TensorDataset(x, y)
    assert len(ds) == 6
    xi, yi = ds[4]
    np.testing.assert_array_equal(xi.numpy(), [8.0, 9.0])
    assert yi.item() == 4
    with pytest.raises(ValueError, match="same first dimension"):
        TensorDataset(x, mtorch.arange(5))


def test_loader_in_order_with_length_and_drop_last():
    ds = TensorDataset(mtorch.arange(10.0), mtorch.arange(10))
    loader = DataLoader(ds, batch_size=4)
    assert len(loader) == 3 and loader.dataset is ds
    batches = list(loader)
    assert [len(x) for x, _ in batches] == [4, 4, 2]
    np.testing.assert_array_equal(np.concatenate([y.numpy() for _, y in batches]), np.arange(10))
    dropped = DataLoader(ds, batch_size=4, drop_last=True)
    assert len(dropped) == 2 and [len(x) for x, _ in dropped] == [4, 4]


def test_batches_are_tensors_of_the_dataset_dtypes():
    x, y = next(iter(DataLoader(TensorDataset(mtorch.randn(8, 3), mtorch.arange(8)), batch_size=5)))
    assert isinstance(x, mtorch.Tensor) and x.shape == (5, 3) and x.dtype == mtorch.float32
    assert isinstance(y, mtorch.Tensor) and y.dtype == mtorch.int64


def test_shuffle_is_a_new_permutation_each_epoch_seeded_by_manual_seed():
    ds = TensorDataset(mtorch.arange(50))

    def epoch(loader):
        return np.concatenate([b.numpy() for (b,) in loader])

    loader = DataLoader(ds, batch_size=8, shuffle=True)
    mtorch.manual_seed(3)
    first, second = epoch(loader), epoch(loader)
    assert sorted(first) == list(range(50)) and not np.array_equal(first, second)
    mtorch.manual_seed(3)
    np.testing.assert_array_equal(epoch(loader), first)


def test_generator_gives_its_own_reproducible_order():
    ds = TensorDataset(mtorch.arange(30))

    def order(seed):
        loader = DataLoader(ds, batch_size=7, shuffle=True, generator=mtorch.Generator().manual_seed(seed))
        return np.concatenate([b.numpy() for (b,) in loader])

    mtorch.manual_seed(0)
    a = order(5)
    mtorch.manual_seed(1)  # the default generator does not matter when one is given
    np.testing.assert_array_equal(order(5), a)
    assert not np.array_equal(order(6), a)


def test_whole_batch_fast_path_equals_item_by_item():
    ds = TensorDataset(mtorch.randn(23, 2, 3), mtorch.arange(23))
    item_by_item = DataLoader(ds, batch_size=5, shuffle=True, collate_fn=lambda samples: default_collate(samples),
                              generator=mtorch.Generator(4))
    fast = DataLoader(ds, batch_size=5, shuffle=True, generator=mtorch.Generator(4))
    for a, b in zip(item_by_item, fast, strict=True):
        for x, y in zip(a, b, strict=True):
            assert x.dtype == y.dtype
            np.testing.assert_array_equal(x.numpy(), y.numpy())


def test_fast_path_reads_arrays_once_per_batch():
    class Counting(TensorDataset):
        calls = 0

        def __getitem__(self, index):
            Counting.calls += 1
            return super().__getitem__(index)

    list(DataLoader(Counting(mtorch.zeros(100, 4)), batch_size=10))
    assert Counting.calls == 0


def test_dataset_without_getitems_is_collated_recursively():
    xs, squares, ids = next(iter(DataLoader(Squares(), batch_size=4)))
    assert xs.dtype == mtorch.float32 and xs.tolist() == [0, 1, 2, 3]
    assert squares.dtype == mtorch.int64 and squares.tolist() == [0, 1, 4, 9]
    assert ids["id"].tolist() == [0, 1, 2, 3]


def test_custom_collate_fn_gets_the_list_of_samples():
    seen = []
    loader = DataLoader(TensorDataset(mtorch.arange(6)), batch_size=4, collate_fn=seen.append)
    list(loader)
    assert [len(s) for s in seen] == [4, 2] and isinstance(seen[0][0], tuple)


def test_default_collate_types():
    assert default_collate([1, 2]).dtype == mtorch.int64
    assert default_collate([1.5, 2.0]).dtype == mtorch.float64  # as in PyTorch
    assert default_collate([True, False]).dtype == mtorch.bool
    assert default_collate([np.float64(1), np.float64(2)]).dtype == mtorch.float64
    arrays = default_collate([np.zeros((2, 3), np.uint8), np.ones((2, 3), np.uint8)])
    assert arrays.shape == (2, 2, 3) and arrays.dtype == mtorch.uint8
    assert default_collate(["a", "b"]) == ["a", "b"]
    tensors = default_collate([mtorch.ones(3), mtorch.zeros(3)])
    assert tensors.shape == (2, 3)
    nested = default_collate([{"x": (1, [2.0])}, {"x": (3, [4.0])}])
    assert nested["x"][0].tolist() == [1, 3] and nested["x"][1][0].tolist() == [2.0, 4.0]
    Point = namedtuple("Point", "x y")
    point = default_collate([Point(1, 2.0), Point(3, 4.0)])
    assert isinstance(point, Point) and point.x.tolist() == [1, 3]
    with pytest.raises(RuntimeError, match="equal size"):
        default_collate([(1, 2), (3,)])
    with pytest.raises(TypeError, match="object"):
        default_collate([object()])


def test_subset_and_its_fast_path():
    ds = TensorDataset(mtorch.arange(10) * 10)
    sub = Subset(ds, [7, 2, 5])
    assert len(sub) == 3 and sub[1][0].item() == 20
    (batch,) = next(iter(DataLoader(sub, batch_size=3)))
    assert batch.tolist() == [70, 20, 50]
    _, squares, _ = next(iter(DataLoader(Subset(Squares(), [3, 1]), batch_size=2)))
    assert squares.tolist() == [9, 1]


def test_random_split_lengths_and_fractions():
    ds = TensorDataset(mtorch.arange(10))
    a, b = random_split(ds, [7, 3], generator=mtorch.Generator(0))
    assert (len(a), len(b)) == (7, 3)
    assert sorted(np.concatenate([a.indices, b.indices])) == list(range(10))
    c, d, e = random_split(ds, [0.5, 0.3, 0.2], generator=mtorch.Generator(0))
    assert [len(c), len(d), len(e)] == [5, 3, 2]
    f, g, h = random_split(TensorDataset(mtorch.arange(11)), [1 / 3, 1 / 3, 1 / 3])
    assert [len(f), len(g), len(h)] == [4, 4, 3]  # the leftover item goes to the first subset, as in PyTorch
    again = random_split(ds, [7, 3], generator=mtorch.Generator(0))[0]
    np.testing.assert_array_equal(again.indices, a.indices)
    with pytest.raises(ValueError, match="do not sum"):
        random_split(ds, [4, 4])


def test_random_split_matches_pytorch_lengths():
    torch = pytest.importorskip("torch")
    for lengths in ([0.1, 0.2, 0.7], [0.25, 0.25, 0.5], [1 / 3] * 3):
        ours = [len(s) for s in random_split(TensorDataset(mtorch.arange(17)), lengths)]
        theirs = [len(s) for s in torch.utils.data.random_split(range(17), lengths)]
        assert ours == theirs


def test_batch_size_must_be_positive():
    with pytest.raises(ValueError, match="batch_size"):
        DataLoader(TensorDataset(mtorch.arange(3)), batch_size=0)


def test_concat_dataset_indexes_across_its_parts():
    from mtorch.utils.data import ConcatDataset

    both = ConcatDataset([TensorDataset(mtorch.arange(3)), TensorDataset(mtorch.arange(10, 12))])
    assert len(both) == 5 and both.cumulative_sizes == [3, 5]
    assert [both[i][0].item() for i in range(5)] == [0, 1, 2, 10, 11] and both[-1][0].item() == 11
    assert len(Squares() + Squares()) == 20
    with pytest.raises(ValueError, match="should not exceed dataset length"):
        both[-6]
    with pytest.raises(ValueError, match="should not be an empty iterable"):
        ConcatDataset([])
