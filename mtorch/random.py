"""One source of randomness for all of mtorch, reseeded by `mtorch.manual_seed`."""

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


def default_generator():
    """The numpy Generator that mtorch's own randomness (init, dropout, rand, shuffling) draws from."""
    return _default.rng


def manual_seed(seed):
    """Seed all of mtorch's randomness; returns the default Generator like PyTorch."""
    return _default.manual_seed(seed)


def initial_seed():
    return _default.initial_seed()


def rng_of(generator=None):
    """The numpy Generator of `generator` (an mtorch.Generator), or the default one."""
    return default_generator() if generator is None else generator.rng
