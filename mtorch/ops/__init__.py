"""The Tensor's own differentiable operations, one `Function` each (forward and backward together)."""
