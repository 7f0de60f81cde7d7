"""What the views of back-propagation cost a training run: the whole window (offscreen) trains a model from the
Train tab with the Backprop tab following the trained weights, the Histograms and Embedding views analysing
every epoch and, for a 2-D set, the Playground tab shown and redrawn live; then the same run with those views
cut off (their slots made no-ops). Runs alternate; the medians of the process's CPU time per run (training
thread, analysis threads and UI thread together) and of the samples per second are compared.
Target: the views cost at most 5% (CPU ratio <= 1.05).

    python benchmarks/bench_live_views.py [--model "MLP 784-128-64-10"] [--limit 10000] [--epochs 2] [--rounds 3]
    python benchmarks/bench_live_views.py --spiral      # the Playground on the spiral set, a 2-4-4-2 tanh MLP
"""

import argparse
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import one_thread  # noqa: E402
from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mtorch_gui.backprop.epoch_views import EpochViews  # noqa: E402
from mtorch_gui.backprop.inspector import BackpropInspector  # noqa: E402
from mtorch_gui.backprop.playground_view import PlaygroundView  # noqa: E402
from mtorch_gui.main_window import MainWindow  # noqa: E402
from mtorch_gui.model.presets import preset  # noqa: E402
from mtorch_gui.model.spec import LayerSpec, ModelSpec  # noqa: E402

SLOTS = ((EpochViews, "epoch_ended"), (PlaygroundView, "set_payload"), (BackpropInspector, "set_trained"))


def spiral_spec(epochs):
    return ModelSpec(name="spiral", dataset="spiral", input_shape=(2,),
                     layers=[LayerSpec("Linear", {"out_features": 4}), LayerSpec("Tanh"),
                             LayerSpec("Linear", {"out_features": 4}), LayerSpec("Tanh"),
                             LayerSpec("Linear", {"out_features": 2})],
                     training={"loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.03, "batch_size": 10,
                               "epochs": epochs})


def run(window):
    """One run from the Train tab to its end: (CPU seconds of the process, samples per second)."""
    loop = QEventLoop()
    window.training.running.connect(lambda on: on or loop.quit())
    cpu = time.process_time()
    window.training.start()
    loop.exec()
    cpu = time.process_time() - cpu
    window.training.running.disconnect()
    return cpu, window.training.last_batch.samples_per_second


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="MLP 784-128-64-10", help="a preset name")
    parser.add_argument("--limit", type=int, default=10000, help="samples per split")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--spiral", action="store_true", help="the spiral set with the Playground shown")
    args = parser.parse_args()
    one_thread()
    QApplication([])
    if args.spiral:
        spec, what = spiral_spec(args.epochs * 50), "a 2-4-4-2 tanh MLP on the spiral set"
    else:
        spec = preset(args.model)
        spec.training = {**spec.training, "epochs": args.epochs, "sample_limit": args.limit}
        what = f"{args.model} on {args.limit} MNIST samples"
    window = MainWindow(spec, use_settings=False)
    window.resize(1440, 900)
    window.show()
    window.backprop.source.setCurrentIndex(window.backprop.source.findData("trained"))
    if args.spiral:
        window.tabs.setCurrentWidget(window.playground)
    originals = {(cls, name): getattr(cls, name) for cls, name in SLOTS}
    times = {"with the views": [], "without": []}
    for round_ in range(1, args.rounds + 1):
        for label in times:
            for (cls, name), slot in originals.items():
                setattr(cls, name, slot if label == "with the views" else lambda *a, **k: None)
            times[label].append(run(window))
            cpu, speed = times[label][-1]
            print(f"  round {round_} {label}: CPU {cpu:.2f} s, {speed:,.0f} samples/s", flush=True)
    for (cls, name), slot in originals.items():
        setattr(cls, name, slot)
    medians = {label: tuple(statistics.median(c) for c in zip(*t)) for label, t in times.items()}
    print(f"Views of back-propagation, {what}, {spec.training['epochs']} epochs, medians of {args.rounds}:")
    for label, (cpu, speed) in medians.items():
        print(f"  {label:15}: CPU {cpu:.2f} s per run, {speed:,.0f} samples/s")
    ratio = medians["with the views"][0] / medians["without"][0]
    print(f"  ratio CPU with/without: {ratio:.3f} (target <= 1.05); samples/s without/with: "
          f"{medians['without'][1] / medians['with the views'][1]:.3f}")


if __name__ == "__main__":
    main()
