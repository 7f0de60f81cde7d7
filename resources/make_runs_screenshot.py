"""Regenerate resources/screenshots/runs.png: the Runs tab with three runs of the MLP preset recorded by
mtorch-train (SGD, Adam at two learning rates, 3 epochs on 3000 samples), their curves overlaid (offscreen,
in a data folder of its own: the user's run database is not touched).

    python resources/make_runs_screenshot.py
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="mtorch-runs-screenshot-")

from mtorch_gui.app import SCREENSHOT_SIZE, make_application  # noqa: E402
from mtorch_gui.model.presets import preset  # noqa: E402
from mtorch_gui.runs.store import RunStore, default_database  # noqa: E402
from mtorch_gui.training import cli  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "screenshots" / "runs.png"
RUNS = [("SGD", "0.05"), ("Adam", "0.001"), ("Adam", "0.01")]


def main():
    app = make_application([])
    model = Path(os.environ["XDG_DATA_HOME"]) / "mlp.json"
    model.write_text(preset("MLP 784-128-64-10").to_json())
    database = default_database()
    for optimizer, lr in RUNS:
        cli.main([str(model), "--runs", str(database), "--epochs", "3", "--limit", "3000", "--optimizer", optimizer,
                  "--lr", lr])
    store = RunStore(database)
    for run in store.runs():
        store.rename(run.id, f"MLP {run.optimizer} lr={run.lr:g}")
    store.set_tags(1, "baseline")

    from mtorch_gui.main_window import MainWindow

    window = MainWindow(use_settings=False)
    window.resize(*SCREENSHOT_SIZE)
    window.tabs.setCurrentWidget(window.runs)
    window.show()
    window.runs.refresh()
    for run in store.runs():
        window.runs.set_ticked(run.id, True)
    window.runs.select([3])
    for _ in range(5):
        app.processEvents()
    OUT.parent.mkdir(exist_ok=True)
    window.grab().save(str(OUT))
    print(f"wrote {OUT.relative_to(ROOT)}")
    window.close()


if __name__ == "__main__":
    main()
