"""One source of randomness for all of mtorch, reseeded by `mtorch.manual_seed`; `use_generator` gives one
thread a stream of its own (a training thread, so nothing another thread draws changes its run)."""

import threading
from contextlib import contextmanager

import numpy as np


class Generator:
    """A seedable random source, like `torch.Generator`; `.rng` is the numpy Generator behind it."""

    def __init__(self, seed=None):
        self._seed = seed
        self.rng = np.random.default_rng(seed)

    def manual_seed(self, seed):
        self._seed = int(seed)
        self.rng = np.random.default_rng(self._seed)
        return self

    def initial_seed(self):
        return self._seed

    def seed(self):
        """Reseed from the operating system's entropy and return the new seed."""
        self._seed = int(np.random.SeedSequence().entropy % 2**63)
        self.rng = np.random.default_rng(self._seed)
        return self._seed


_default = Generator()
_this_thread = threading.local()  # .generator: the Generator `use_generator` set for this thread


def default_generator():
    """The numpy Generator that mtorch's own randomness (init, dropout, rand, shuffling) draws from: the
    default Generator's, or inside `use_generator(g)` on this thread, g's."""
    return getattr(_this_thread, "generator", _default).rng


@contextmanager
def use_generator(generator):
    """Within the block, mtorch's randomness on the calling thread draws from `generator` (an
    mtorch.Generator) instead of the default one; other threads keep drawing from theirs."""
    previous = getattr(_this_thread, "generator", _default)
    _this_thread.generator = generator
    try:
        yield generator
    finally:
        _this_thread.generator = previous


def manual_seed(seed):
    """Seed all of mtorch's randomness; returns the default Generator like PyTorch."""
    return _default.manual_seed(seed)


def initial_seed():
    return _default.initial_seed()


def rng_of(generator=None):
    """The numpy Generator of `generator` (an mtorch.Generator), or the default one."""
    return default_generator() if generator is None else generator.rng


# ----- sampling from distributions (numpy arrays in and out; the Tensor methods wrap these) ----------


def multinomial(probs, num_samples, replacement, rng):
    """Category indices drawn from each row of `probs` (1-D or 2-D, non-negative, not normalised)."""
    if probs.ndim not in (1, 2):
        raise RuntimeError(f"multinomial(): prob_dist must be 1 or 2 dim, got {probs.ndim}")
    p = np.atleast_2d(probs).astype(np.float64)
    if not np.isfinite(p).all() or (p < 0).any():
        raise RuntimeError("multinomial(): probability tensor contains either `inf`, `nan` or element < 0")
    if (p.sum(axis=1) <= 0).any():
        raise RuntimeError("multinomial(): invalid multinomial distribution (sum of probabilities <= 0)")
    rows, n = p.shape
    if replacement:
        cdf = np.cumsum(p, axis=1)
        cdf /= cdf[:, -1:]  # exactly 1 at the end (and on trailing zero-probability categories)
        u = rng.random((rows, num_samples))
        # one sorted search for all rows: row r's cdf and draws are shifted by r
        offset = np.arange(rows)[:, None]
        flat = np.searchsorted((cdf + offset).ravel(), (u + offset).ravel(), side="right")
        out = flat.reshape(rows, num_samples) - offset * n
    else:
        if num_samples > n:
            raise RuntimeError("multinomial(): cannot sample n_sample > prob_dist.size(-1) samples without "
                               "replacement")
        # drawing without replacement in proportion to p is taking the largest keys log(u) / p
        # (Efraimidis and Spirakis, 2006); zero-probability categories (key -inf) come last, in random
        # order, as PyTorch fills with them when too few categories are possible
        u = rng.random((rows, n))
        with np.errstate(divide="ignore"):
            keys = np.log(u) / p
        out = np.lexsort((u, -keys), axis=1)[:, :num_samples]
    out = out.astype(np.int64)
    return out[0] if probs.ndim == 1 else out


def bernoulli(p, rng):
    """1 with probability p, else 0, element-wise, in p's dtype."""
    if p.size and (np.min(p) < 0 or np.max(p) > 1):
        raise RuntimeError("bernoulli(): expected all probabilities to be in [0, 1]")
    return (rng.random(p.shape) < p).astype(p.dtype)
