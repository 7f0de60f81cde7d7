"""Samplers, DataLoader's sampler/batch_sampler/collate options and default_collate, against PyTorch.

Random orders come from mtorch's own generator and cannot equal PyTorch's for a seed, so random samplers
are tested for what they promise (coverage, counts, replacement, reproducibility); everything
deterministic (sequential batches, lengths, collated types, error messages) is compared with PyTorch.
"""

from collections import Counter, namedtuple

import numpy as np
import pytest

import mtorch
from mtorch.utils import data

Point = namedtuple("Point", "x y")


def _error(fn):
    try:
        fn()
    except Exception as e:  # the error itself is what is compared
        return type(e).__name__, str(e)
    return None


# ---- samplers ------------------------------------------------------------------------------------------------

def test_sequential_sampler():
    sampler = data.SequentialSampler(range(7))
    assert list(sampler) == list(range(7)) and len(sampler) == 7


def test_random_sampler_is_a_permutation_reproducible_by_seed():
    sampler = data.RandomSampler(range(50), generator=mtorch.Generator().manual_seed(2))
    first, second = list(sampler), list(sampler)
    assert sorted(first) == list(range(50)) and first != second and len(sampler) == 50
    assert all(type(i) is int for i in first)
    assert list(data.RandomSampler(range(50), generator=mtorch.Generator().manual_seed(2))) == first
    mtorch.manual_seed(0)
    default = list(data.RandomSampler(range(50)))
    mtorch.manual_seed(0)
    assert list(data.RandomSampler(range(50))) == default


def test_random_sampler_num_samples_without_and_with_replacement():
    repeated = data.RandomSampler(range(5), num_samples=12)
    counts = Counter(repeated)
    assert len(repeated) == 12 and sorted(counts) == list(range(5))
    assert sorted(counts.values()) == [2, 2, 2, 3, 3]  # two whole shuffles, then 2 of a third
    drawn = list(data.RandomSampler(range(4), replacement=True, num_samples=400, generator=mtorch.Generator(1)))
    assert len(drawn) == 400 and set(drawn) == {0, 1, 2, 3}


def test_subset_random_sampler():
    sampler = data.SubsetRandomSampler([10, 20, 30, 40], generator=mtorch.Generator(0))
    assert sorted(sampler) == [10, 20, 30, 40] and len(sampler) == 4


def test_weighted_random_sampler_follows_the_weights():
    weights = [0.0, 1.0, 3.0]
    drawn = Counter(data.WeightedRandomSampler(weights, 20_000, generator=mtorch.Generator(0)))
    assert drawn[0] == 0 and abs(drawn[2] / drawn[1] - 3) < 0.2
    once = list(data.WeightedRandomSampler([1, 5, 2, 4], 4, replacement=False, generator=mtorch.Generator(1)))
    assert sorted(once) == [0, 1, 2, 3]
    # without replacement the index of weight 0 comes only once the others are drawn, as in PyTorch
    assert list(data.WeightedRandomSampler([1.0, 0.0, 1.0], 3, replacement=False))[-1] == 1
    assert len(data.WeightedRandomSampler(mtorch.tensor([1.0, 2.0]), 9)) == 9


def test_batch_sampler_matches_pytorch():
    torch = pytest.importorskip("torch")
    for n, size, drop_last in [(10, 3, False), (10, 3, True), (9, 3, True), (2, 5, False), (2, 5, True)]:
        ours = data.BatchSampler(data.SequentialSampler(range(n)), size, drop_last)
        theirs = torch.utils.data.BatchSampler(torch.utils.data.SequentialSampler(range(n)), size, drop_last)
        assert list(ours) == list(theirs) and len(ours) == len(theirs)


def _sampler_errors(api):
    return [
        lambda: api.RandomSampler([]),
        lambda: api.RandomSampler(range(3), replacement=1),
        lambda: api.RandomSampler(range(3), num_samples=0),
        lambda: api.BatchSampler(range(3), 0, False),
        lambda: api.BatchSampler(range(3), 2.0, False),
        lambda: api.BatchSampler(range(3), 2, None),
        lambda: api.WeightedRandomSampler([1.0], 0),
        lambda: api.WeightedRandomSampler([1.0], True),
        lambda: api.WeightedRandomSampler([1.0], 2, replacement=1),
        lambda: api.WeightedRandomSampler([[1.0]], 1),
        lambda: list(api.WeightedRandomSampler([1.0, -1.0], 2)),
        lambda: list(api.WeightedRandomSampler([float("nan"), 1.0], 2)),
        lambda: list(api.WeightedRandomSampler([float("inf"), 1.0], 2)),
        lambda: list(api.WeightedRandomSampler([0.0, 0.0], 2)),
        lambda: list(api.WeightedRandomSampler([1.0, 1.0], 3, replacement=False)),
    ]


def test_sampler_errors_are_pytorchs():
    torch = pytest.importorskip("torch")
    for ours, theirs in zip(_sampler_errors(data), _sampler_errors(torch.utils.data), strict=True):
        expected = _error(theirs)
        assert expected is not None and _error(ours) == expected


# ---- DataLoader ----------------------------------------------------------------------------------------------

def test_loader_with_a_sampler_and_with_a_batch_sampler():
    ds = data.TensorDataset(mtorch.arange(10) * 10)
    loader = data.DataLoader(ds, batch_size=2, sampler=[9, 0, 4])
    assert [b.tolist() for (b,) in loader] == [[90, 0], [40]] and len(loader) == 2
    loader = data.DataLoader(ds, batch_sampler=[[1, 2, 3], [7]])
    assert [b.tolist() for (b,) in loader] == [[10, 20, 30], [70]] and loader.batch_size is None
    weighted = data.DataLoader(ds, batch_size=4, sampler=data.WeightedRandomSampler([0, 1] * 5, 8))
    assert all(v % 20 == 10 for (b,) in weighted for v in b.tolist()) and len(weighted) == 2


def test_loader_with_shuffle_and_drop_last_lengths():
    ds = data.TensorDataset(mtorch.arange(10))
    loader = data.DataLoader(ds, batch_size=4, shuffle=True, drop_last=True, generator=mtorch.Generator(3))
    batches = [b.tolist() for (b,) in loader]
    assert len(loader) == 2 and [len(b) for b in batches] == [4, 4] and len(set(sum(batches, []))) == 8
    assert isinstance(loader.sampler, data.RandomSampler) and loader.sampler.generator is loader.generator


def test_loader_without_batching_converts_each_sample():
    samples = [(np.arange(2), 1, "a"), (np.arange(2) + 2, 2, "b")]
    loader = data.DataLoader(samples, batch_size=None)
    assert len(loader) == 2
    (x, y, s), _ = list(loader)
    assert isinstance(x, mtorch.Tensor) and x.tolist() == [0, 1] and y == 1 and s == "a"


def _loader_errors(api):
    ds = list(range(10))
    return [
        lambda: api.DataLoader(ds, sampler=[1], shuffle=True),
        lambda: api.DataLoader(ds, batch_sampler=[[1]], batch_size=2),
        lambda: api.DataLoader(ds, batch_sampler=[[1]], shuffle=True),
        lambda: api.DataLoader(ds, batch_sampler=[[1]], sampler=[1]),
        lambda: api.DataLoader(ds, batch_sampler=[[1]], drop_last=True),
        lambda: api.DataLoader(ds, batch_size=None, drop_last=True),
        lambda: api.DataLoader(ds, batch_size=0),
        lambda: api.DataLoader(ds, batch_size=2.0),
        lambda: api.DataLoader(ds, num_workers=-1),
        lambda: api.DataLoader(ds, timeout=-1),
        lambda: api.DataLoader(ds, prefetch_factor=2),
        lambda: api.DataLoader(ds, num_workers=2, prefetch_factor=-1),
        lambda: api.DataLoader(ds, persistent_workers=True),
    ]


def test_loader_errors_are_pytorchs():
    torch = pytest.importorskip("torch")
    for ours, theirs in zip(_loader_errors(data), _loader_errors(torch.utils.data), strict=True):
        expected = _error(theirs)
        assert expected is not None and _error(ours) == expected


def test_loader_batches_match_pytorch():
    torch = pytest.importorskip("torch")
    samples = [(np.full(3, i, np.float32), i, float(i) / 2) for i in range(7)]
    for kwargs in [{"batch_size": 3}, {"batch_size": 3, "drop_last": True}, {"sampler": [6, 0, 3], "batch_size": 2},
                   {"batch_sampler": [[1, 2], [5]]}]:
        ours, theirs = list(data.DataLoader(samples, **kwargs)), list(torch.utils.data.DataLoader(samples, **kwargs))
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=True):
            for x, y in zip(a, b, strict=True):
                assert str(x.dtype) == str(y.dtype).removeprefix("torch.")
                np.testing.assert_array_equal(x.numpy(), y.numpy())


# ---- default_collate -----------------------------------------------------------------------------------------

COLLATE_CASES = [
    [1, 2],
    [1.5, 2.0],
    [True, False],
    [np.float32(1), np.float32(2)],
    [np.int32(1), np.int32(2)],
    [np.zeros((2, 3), np.uint8), np.ones((2, 3), np.uint8)],
    [np.arange(3.0), np.arange(3.0)],
    ["a", "b"],
    [(1, 2.0), (3, 4.0)],
    [[1, 2.0], [3, 4.0]],
    [{"a": 1, "b": np.zeros(2)}, {"a": 2, "b": np.ones(2)}],
    [Point(1, 2.0), Point(3, 4.0)],
    [{"x": (1, [2.0])}, {"x": (3, [4.0])}],
]


def _plain(value):
    """A collated batch as nested Python containers of (dtype name, values), comparable across frameworks."""
    if hasattr(value, "numpy") and hasattr(value, "dtype"):
        return str(value.dtype).removeprefix("torch."), value.numpy().tolist()
    if isinstance(value, dict):
        return type(value).__name__, {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value).__name__, [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("batch", COLLATE_CASES, ids=lambda b: type(b[0]).__name__)
def test_default_collate_matches_pytorch(batch):
    torch = pytest.importorskip("torch")
    assert _plain(data.default_collate(batch)) == _plain(torch.utils.data.default_collate(batch))


def test_default_collate_types_without_pytorch():
    assert data.default_collate([1, 2]).dtype == mtorch.int64
    assert data.default_collate([1.5, 2.0]).dtype == mtorch.float64
    assert data.default_collate([True]).dtype == mtorch.bool
    assert isinstance(data.default_collate([Point(1, 2), Point(3, 4)]), Point)


def test_default_collate_and_convert_errors_match_pytorch():
    torch = pytest.importorskip("torch")
    for batch in ([None, None], [np.array(["x"])] * 2, [[1, 2], [3]]):
        assert _error(lambda b=batch: data.default_collate(b)) == _error(
            lambda b=batch: torch.utils.data.default_collate(b))
    sample = (np.zeros(2), 3, [np.ones(1)], {"k": np.int64(4)}, "s")
    assert _plain(data.default_convert(sample)) == _plain(torch.utils.data.default_convert(sample))
