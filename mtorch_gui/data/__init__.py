"""Datasets, plain Python (no Qt): the registry (one ``DatasetInfo`` per dataset and the one check that a
model's output fits it), the splits a run trains on, the built-in datasets and the importers."""
