"""mtorch: PyTorch's API over numpy, with every backward written out."""
