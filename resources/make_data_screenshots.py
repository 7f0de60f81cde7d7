"""Regenerate resources/screenshots/data_mnist.png and data_spiral.png: the Data tab on MNIST (class counts,
samples and mean image per class, augmentation with its preview) and on the spiral (class counts and the
points), offscreen, no display needed.

    python resources/make_data_screenshots.py
"""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mtorch_gui.data.explorer import DataExplorer  # noqa: E402
from mtorch_gui.editor.document import ModelDocument  # noqa: E402
from mtorch_gui.model.presets import preset  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "screenshots"


def shoot(app, name, options, size, path, augmentation=None):
    document = ModelDocument(preset())
    document.set_dataset(name, options)
    if augmentation:
        document.set_setting("augmentation", augmentation)
    explorer = DataExplorer(document)
    explorer.resize(*size)
    explorer.show()
    while explorer.splits is None:  # loaded on a thread
        QTest.qWait(50)
    QTest.qWait(100)
    explorer.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}: {explorer.description.text()}")


def main():
    app = QApplication.instance() or QApplication([])
    OUT.mkdir(exist_ok=True)
    shoot(app, "mnist", {}, (900, 1180), OUT / "data_mnist.png", {"shift": 2, "rotation": 15.0, "noise": 0.1})
    shoot(app, "spiral", {"noise": 0.2}, (900, 760), OUT / "data_spiral.png")


if __name__ == "__main__":
    main()
