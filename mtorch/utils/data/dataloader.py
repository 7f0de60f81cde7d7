"""DataLoader: batches of a dataset in the order a sampler gives, as `torch.utils.data.DataLoader`."""

from .collate import default_collate, default_convert
from .sampler import BatchSampler, RandomSampler, SequentialSampler


class DataLoader:
    """Iterate over `dataset` in batches.

    The indices come from `sampler` (default: `SequentialSampler`, or with `shuffle=True` a `RandomSampler`
    drawing a new order every epoch from `generator`, else from mtorch's default generator), grouped into
    lists of `batch_size` by a `BatchSampler` (`drop_last` drops a final short batch), or from a
    `batch_sampler` that yields the lists itself. `collate_fn` turns a list of samples into a batch (default:
    `default_collate`); with `batch_size=None` every sample comes alone, through `default_convert`. The same
    combinations as in PyTorch are refused with PyTorch's messages.

    With the default `collate_fn`, a dataset that defines `__getitems__(indices)` (TensorDataset, MNIST,
    SineToCosine, Subsets of them) hands over each batch whole, indexed from its arrays in one go.
    Loading happens in this process: `num_workers`, `pin_memory`, `timeout`, `worker_init_fn`,
    `multiprocessing_context`, `prefetch_factor`, `persistent_workers`, `pin_memory_device` and `in_order`
    are checked as PyTorch checks them and change nothing else.
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                             "multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > "
                             "0 to enable multiprocessing, otherwise set prefetch_factor to None.")
        if prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")
        shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, "
                                 "and drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with "
                             "drop_last")
        if sampler is None:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.num_workers = num_workers
        self.pin_memory = pin_memory
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.prefetch_factor = prefetch_factor
        self.persistent_workers = persistent_workers
        self.pin_memory_device = pin_memory_device
        self.in_order = in_order

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    def __len__(self):
        return len(self.batch_sampler if self._auto_collation else self.sampler)

    def __iter__(self):
        if not self._auto_collation:
            for index in self.sampler:
                yield self.collate_fn(self.dataset[index])
            return
        whole = self.collate_fn is default_collate and hasattr(self.dataset, "__getitems__")
        for indices in self.batch_sampler:
            if whole:
                yield self.dataset.__getitems__(indices)
            else:
                yield self.collate_fn([self.dataset[i] for i in indices])
