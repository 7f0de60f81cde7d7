"""What live plotting costs: training throughput of one MNIST epoch with the training panel attached
(curves, progress, status redrawn as the run goes) and without it (the same worker thread, its reports
dropped), alternating runs, best of each. Target: the panel costs at most 5% (ratio <= 1.05).

    python benchmarks/bench_gui_plotting.py [--model LeNet-5] [--limit 10000] [--repeats 3]
"""

import argparse
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import one_thread  # noqa: E402
from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mtorch_gui.editor.document import ModelDocument  # noqa: E402
from mtorch_gui.model.presets import preset  # noqa: E402
from mtorch_gui.training.config import TrainingConfig  # noqa: E402
from mtorch_gui.training.datasets import load_dataset  # noqa: E402
from mtorch_gui.training.engine import Trainer  # noqa: E402
from mtorch_gui.training.panel import TrainingPanel  # noqa: E402
from mtorch_gui.training.worker import TrainingWorker  # noqa: E402


def without_panel(app, spec, config, data):
    """Samples per second of one epoch in a TrainingWorker thread whose reports nothing draws."""
    last = []
    worker = TrainingWorker(lambda: Trainer(spec, config, data=data))
    worker.batchesReady.connect(lambda infos: last.append(infos[-1]))
    loop = QEventLoop()
    thread = worker.start(1, loop.quit)  # kept until its finished has been handled
    loop.exec()
    thread.deleteLater()
    return last[-1].samples_per_second


def with_panel(panel):
    """Samples per second of one epoch started from the visible panel, everything drawn live."""
    loop = QEventLoop()
    panel.running.connect(lambda on: on or loop.quit())
    panel.start()
    loop.exec()
    panel.running.disconnect()
    return panel.last_batch.samples_per_second


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="LeNet-5", help="a preset name")
    parser.add_argument("--limit", type=int, default=10000, help="training samples per epoch")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    one_thread()
    app = QApplication([])
    spec = preset(args.model)
    config = TrainingConfig.for_spec(spec, epochs=1, sample_limit=args.limit)
    spec.training = config.training_dict()  # the panel trains its document's settings
    data = load_dataset(config.dataset, config.sample_limit)

    panel = TrainingPanel(ModelDocument(spec))
    panel.resize(1000, 800)
    panel.show()

    bare, drawn = [], []
    for repeat in range(1, args.repeats + 1):
        bare.append(without_panel(app, spec, config, data))
        print(f"  run {repeat} without panel: {bare[-1]:,.0f} samples/s", flush=True)
        drawn.append(with_panel(panel))
        print(f"  run {repeat} with panel   : {drawn[-1]:,.0f} samples/s ({panel.plots.redraws} redraws so far)",
              flush=True)
    ratio = max(bare) / max(drawn)
    print(f"Live plotting overhead, {args.model}, one epoch of {len(data.train)} samples, best of {args.repeats}")
    print(f"  without panel: {max(bare):,.0f} samples/s")
    print(f"  with panel   : {max(drawn):,.0f} samples/s")
    print(f"  ratio time with/without: {ratio:.3f} (target <= 1.05)")


if __name__ == "__main__":
    main()
