"""Is the window responsive while a CNN trains? A 10 ms QTimer pings the UI thread's event loop while the
training panel (visible, plots live) trains an MNIST CNN in its QThread; each ping's lateness is the
delay a click or a keystroke would see. Prints the 50th and 99th percentile and the worst; target: the
99th percentile under 50 ms.

    python benchmarks/bench_gui_latency.py [--model LeNet-5] [--seconds 20]
"""

import argparse
import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from common import one_thread  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mtorch_gui.editor.document import ModelDocument  # noqa: E402
from mtorch_gui.model.presets import preset  # noqa: E402
from mtorch_gui.training.panel import TrainingPanel  # noqa: E402

PING_MS = 10


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="LeNet-5", help="a preset name")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to measure while training")
    args = parser.parse_args()
    one_thread()
    app = QApplication([])
    panel = TrainingPanel(ModelDocument(preset(args.model)))
    panel.resize(1000, 800)
    panel.show()

    pings, delays = [], []
    timer = QTimer()
    timer.setInterval(PING_MS)
    timer.timeout.connect(lambda: pings.append(time.perf_counter()))

    def measure():
        """Start pinging once batches flow (data loading is not training)."""
        if panel.last_batch is None:
            QTimer.singleShot(50, measure)
            return
        timer.start()
        QTimer.singleShot(int(1000 * args.seconds), finish)

    def finish():
        timer.stop()
        batches = panel.last_batch.epoch * panel.last_batch.batches_per_epoch + panel.last_batch.batch
        assert panel.stop_and_wait(5000)
        delays.extend(1000 * np.diff(pings) - PING_MS)
        print(f"Event-loop delay while {args.model} trains on MNIST ({batches} batches, "
              f"{panel.last_batch.samples_per_second:,.0f} samples/s, {panel.plots.redraws} redraws)")
        print(f"  pings: {len(delays)} of every {PING_MS} ms over {args.seconds:.0f} s")
        print(f"  delay p50 {np.percentile(delays, 50):.1f} ms, p99 {np.percentile(delays, 99):.1f} ms, "
              f"max {max(delays):.1f} ms (target p99 < 50 ms)")
        app.quit()

    panel.start()
    QTimer.singleShot(0, measure)
    app.exec()


if __name__ == "__main__":
    main()
