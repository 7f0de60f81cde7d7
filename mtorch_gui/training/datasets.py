"""The data a run trains on: a dataset of the registry (mtorch_gui.data.registry) loaded as whole numpy
arrays split into train, validation and test."""

from __future__ import annotations

from mtorch_gui.data.registry import dataset_info
from mtorch_gui.data.splits import DatasetSplits, Split

__all__ = ["DatasetSplits", "Split", "load_dataset"]


def load_dataset(name: str, limit: int | None = None, options: dict | None = None) -> DatasetSplits:
    """Load dataset ``name`` with ``options``, each split capped at ``limit`` samples if given; raises
    DatasetError (a ValueError) with the reason when it cannot be loaded."""
    return dataset_info(name, options).load(limit)
