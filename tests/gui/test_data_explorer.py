"""The Data tab and menu: open your own data, see it, augment images; the dataset dialog.

The data are read on a plain thread whose answer reaches the UI queued; the tests wait for what the views
show (waitUntil), never on the thread's signal itself (a direct connection would run on that thread)."""

import dataclasses
import threading

import numpy as np
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox  # noqa: E402

from mtorch_gui.data import images, registry  # noqa: E402
from mtorch_gui.data.dialog import DatasetDialog  # noqa: E402
from mtorch_gui.data.explorer import DataExplorer  # noqa: E402
from mtorch_gui.data.qt_reader import qt_decode  # noqa: E402
from mtorch_gui.main_window import MainWindow  # noqa: E402

LOAD_TIMEOUT = 60_000  # ms; a guard against a hang, never reached on a working build


@pytest.fixture
def window(qtbot):
    w = MainWindow(use_settings=False)
    qtbot.addWidget(w)
    yield w
    w.document.undo_stack.setClean()
    images.set_decoder(images.pillow_decode)


def show_data(qtbot, window, name, options):
    """Make it the model's dataset and show the Data tab, waiting for the load."""
    explorer = window.data_explorer
    explorer.use_dataset(name, options)
    window.tabs.setCurrentWidget(explorer)
    window.show()
    qtbot.waitUntil(lambda: explorer.splits is not None and explorer.splits.name == name, timeout=LOAD_TIMEOUT)
    return explorer


def write_pngs(root, counts=(5, 4), size=(9, 9)):
    from PySide6.QtGui import QColor, QImage

    for c, n in enumerate(counts):
        (root / f"class{c}").mkdir(parents=True)
        for i in range(n):
            image = QImage(*size, QImage.Format.Format_RGB888)
            image.fill(QColor(60 * (c + 1), 0, 200))
            image.save(str(root / f"class{c}" / f"{i}.png"))
    return root


def test_the_data_tab_and_menu_sit_in_the_window(window):
    assert window.tabs.tabText(window.tabs.indexOf(window.data_explorer)) == "Data"
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Data") == titles.index("&Help") - 1
    assert images._decoder is qt_decode  # the app decodes with Qt's reader


def test_an_image_folder_is_shown_with_counts_samples_means_and_augmentation(qtbot, window, tmp_path):
    root = write_pngs(tmp_path / "pets")
    explorer = show_data(qtbot, window, "image_folder", {"path": str(root), "size": 8, "color": "rgb"})
    spec = window.document.spec
    assert spec.dataset == "image_folder" and spec.input_shape == (3, 8, 8)  # the editor's input follows
    assert "pets (image folder)" in window.editor.dataset.currentText()
    assert "2 classes (class0, class1)" in explorer.description.text()
    assert explorer.samples_box.isVisibleTo(explorer) and not explorer.samples.pixmap().isNull()
    assert explorer.means_box.isVisibleTo(explorer) and not explorer.scatter_box.isVisibleTo(explorer)
    assert np.allclose(explorer.splits.train.x[explorer.splits.train.y == 1][:, 0], 120 / 255, atol=0.01)

    explorer.augment_fields["shift"].setValue(2)
    explorer.augment_fields["noise"].setValue(0.1)
    assert window.document.config.augmentation == {"shift": 2, "noise": 0.1}  # in the model's settings
    assert not explorer.preview.pixmap().isNull()
    window.document.undo_stack.undo()  # one step: editing the augmentation merges, as typing in a field does
    assert window.document.config.augmentation == {}
    assert explorer.augment_fields["shift"].value() == 0  # the fields follow the document


def test_a_table_is_shown_as_a_scatter_of_its_principal_components(qtbot, window, tmp_path):
    rows = "".join(f"{i % 7},{i % 3},{i * 0.1},{'yes' if i % 2 else 'no'}\n" for i in range(60))
    (tmp_path / "t.csv").write_text("a,b,c,answer\n" + rows)
    explorer = show_data(qtbot, window, "csv", {"path": str(tmp_path / "t.csv")})
    assert window.document.spec.input_shape == (3,)
    assert explorer.scatter_box.isVisibleTo(explorer) and "principal components" in explorer.scatter_box.title()
    assert explorer.counts_box.isVisibleTo(explorer) and not explorer.augment_box.isVisibleTo(explorer)


def test_bad_data_is_refused_with_its_reason_and_the_model_stays(qtbot, window, tmp_path, dialogs):
    (tmp_path / "bad.csv").write_text("a,b\n1,x\n2\n")
    before = window.document.spec
    window.data_explorer.use_dataset("csv", {"path": str(tmp_path / "bad.csv")})
    assert dialogs.of("warning")[-1][2] == "bad.csv, row 3: 1 values, but the header has 2 columns."
    assert window.document.spec == before


def test_recent_datasets_are_remembered(qtbot, window, tmp_path, monkeypatch):
    (tmp_path / "t.csv").write_text("a,b\n" + "".join(f"{i},{i % 2}\n" for i in range(20)))
    explorer = window.data_explorer
    explorer.use_dataset("csv", {"path": str(tmp_path / "t.csv")})
    explorer.use_dataset("mnist", {})
    explorer._fill_recent()
    actions = explorer.recent_menu.actions()
    assert len(actions) == 1 and "t.csv (table)" in actions[0].text()
    (tmp_path / "t.csv").write_text("a,b\n" + "".join(f"{i},{i % 2}\n" for i in range(30)))  # read anew
    read_on, kind = [], registry.KINDS["csv"]
    monkeypatch.setitem(registry.KINDS, "csv", dataclasses.replace(kind, describe=lambda options: read_on.append(
        threading.current_thread()) or kind.describe(options)))
    actions[0].trigger()
    qtbot.waitUntil(lambda: window.document.spec.dataset == "csv", timeout=LOAD_TIMEOUT)
    assert read_on and threading.main_thread() not in read_on      # the file is read on a thread
    assert QApplication.overrideCursor() is None


def test_a_recent_dataset_that_went_bad_is_refused_and_the_model_stays(qtbot, window, tmp_path, dialogs):
    (tmp_path / "t.csv").write_text("a,b\n" + "".join(f"{i},{i % 2}\n" for i in range(20)))
    explorer = window.data_explorer
    explorer.use_dataset("csv", {"path": str(tmp_path / "t.csv")})
    explorer.use_dataset("mnist", {})
    (tmp_path / "t.csv").write_text("a,b\n1,x\n2\n")
    explorer._fill_recent()
    explorer.recent_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: bool(dialogs.of("warning")), timeout=LOAD_TIMEOUT)
    assert dialogs.of("warning")[-1][2] == "t.csv, row 3: 1 values, but the header has 2 columns."
    assert window.document.spec.dataset == "mnist" and QApplication.overrideCursor() is None


def test_the_dataset_dialog_offers_the_options_and_describes_the_choice(qtbot, tmp_path):
    (tmp_path / "t.csv").write_text("x,y,kind\n" + "".join(f"{i},{i % 5},{'ab'[i % 2]}\n" for i in range(40)))
    dialog = DatasetDialog("image_folder", {}, choose_file=True)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.path.setText(str(tmp_path / "t.csv"))
    dialog._path_changed()
    qtbot.waitUntil(lambda: ok.isEnabled(), timeout=LOAD_TIMEOUT)
    assert "2 classes (a, b)" in dialog.description.text(), dialog.description.text()
    label = dialog.findChild(QComboBox, "dataset_label")
    assert [label.itemData(i) for i in range(label.count())] == ["", "x", "y", "kind"]
    label.setCurrentIndex(2)  # y: then the text column "kind" would be a feature
    qtbot.waitUntil(lambda: "column kind: a is not a number" in dialog.description.text(), timeout=LOAD_TIMEOUT)
    assert not ok.isEnabled() and dialog.choice() == ("csv", {"path": str(tmp_path / "t.csv"), "label": "y"})
    dialog.path.setText(str(tmp_path / "missing"))
    dialog._path_changed()  # told at once, before any reading
    assert "is neither a folder" in dialog.description.text() and not ok.isEnabled()


def test_dataset_options_of_a_2d_set(qtbot, tmp_path):
    dialog = DatasetDialog("spiral", {"noise": 0.3})
    qtbot.addWidget(dialog)
    assert not dialog.path_row.isVisibleTo(dialog)
    dialog._fields["points"].setValue(200)
    dialog._fields["features"].setText("x1,x2,x1^2")
    assert dialog.choice() == ("spiral", {"noise": 0.3, "points": 200, "features": "x1,x2,x1^2"})


def test_attach_works_on_any_window_with_tabs_and_menus(qtbot, window):
    assert isinstance(window.data_explorer, DataExplorer)


def test_an_image_qt_cannot_read_is_named_in_the_tab(qtbot, window, tmp_path, dialogs):
    root = write_pngs(tmp_path / "pets")
    (root / "class1" / "9.png").write_bytes(b"\x89PNG broken")
    explorer = window.data_explorer
    explorer.use_dataset("image_folder", {"path": str(root)})  # the folder's layout is fine: it is chosen
    window.tabs.setCurrentWidget(explorer)
    window.show()
    qtbot.waitUntil(lambda: "Cannot read the image" in explorer.description.text(), timeout=LOAD_TIMEOUT)
    assert "class1/9.png" in explorer.description.text() and explorer.splits is None
    assert not explorer.samples_box.isVisibleTo(explorer)
