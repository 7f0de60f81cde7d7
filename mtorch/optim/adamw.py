"""AdamW (Loshchilov & Hutter, 2017): Adam with weight decay taken out of the moments."""

from .adam import Adam


class AdamW(Adam):
    """AdamW, as ``torch.optim.AdamW``: Adam whose weight decay shrinks the parameter directly::

        theta = theta - lr * lambda * theta             (before the Adam update; lambda = weight_decay)

    so the decay never enters ``m`` and ``v``. PyTorch's default ``weight_decay`` here is 1e-2.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *,
                 maximize=False):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize,
                         decoupled_weight_decay=True)

    def load_state_dict(self, state_dict):
        super().load_state_dict(state_dict)
        for group in self.param_groups:
            group["decoupled_weight_decay"] = True
