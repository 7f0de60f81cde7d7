"""The training panel's views (issue 12): a diverging run pauses with its reason, layers are numbered from 1,
nothing of the last run stays on screen when a new one starts, and the ETA goes when a run ends.

Runs are steered with the ``gate`` (tests/gui/conftest.py), never with the clock.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from mtorch_gui.editor.document import ModelDocument  # noqa: E402
from mtorch_gui.model.spec import LayerSpec, ModelSpec  # noqa: E402
from mtorch_gui.training.panel import TrainingPanel  # noqa: E402

RUN_TIMEOUT = 60_000


def tiny_spec(**training):
    return ModelSpec(
        name="tiny", dataset="mnist", input_shape=(1, 28, 28),
        layers=[LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 16}), LayerSpec("ReLU"),
                LayerSpec("Linear", {"out_features": 10})],
        training={"loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 3e-3, "batch_size": 32, "epochs": 1,
                  **training})


@pytest.fixture
def make_panel(qtbot, gate):
    panels = []

    def make(spec=None, limit=256):
        panel = TrainingPanel(ModelDocument(spec or tiny_spec()))
        panel.settings.sample_limit.setValue(limit)
        qtbot.addWidget(panel)
        panels.append(panel)
        return panel

    yield make
    gate.open()
    for panel in panels:
        assert panel.stop_and_wait(RUN_TIMEOUT)
    qtbot.waitUntil(lambda: not any(panel.is_running() for panel in panels), timeout=RUN_TIMEOUT)


def click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_lr_10_pauses_with_the_reason_then_goes_on_at_the_lower_rate(qtbot, make_panel):
    panel = make_panel(tiny_spec(lr=10.0, epochs=2))
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: panel.message.text().startswith("Paused: After epoch 1"), timeout=RUN_TIMEOUT)
    text = panel.message.text()
    assert "the run diverges" in text and "try 1." in text and text.endswith("press Resume, or press Stop.")
    assert panel.is_running() and panel.pause_button.text() == "Resume" and panel.stop_button.isEnabled()
    assert panel.settings.lr.isEnabled()
    panel.settings.lr.setValue(0.001)
    click(qtbot, panel.pause_button)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    end = panel.last_run()
    assert panel._worker.outcome == "finished" and end.epoch == 2 and end.history.batch_lr[-1] == 0.001
    assert panel.message.text().startswith("Finished 2 epochs")


def test_a_diverging_run_can_be_stopped_while_paused(qtbot, make_panel):
    panel = make_panel(tiny_spec(lr=10.0, epochs=3))
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: panel.message.text().startswith("Paused: "), timeout=RUN_TIMEOUT)
    click(qtbot, panel.stop_button)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    assert panel._worker.outcome == "stopped" and panel.last_run().epoch == 1 and panel.more_button.isEnabled()


def test_the_eta_goes_after_stop_and_a_new_run_starts_with_empty_views(qtbot, make_panel, gate):
    panel = make_panel(tiny_spec(epochs=1, batch_size=8), limit=256)
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    assert panel.confusion.matrix is not None and panel.plots.loss.raw.size == 32
    assert "ETA" not in panel.speed.text() and "samples/s" in panel.speed.text()

    gate.close()
    click(qtbot, panel.train_button)  # a new run: nothing of the last one stays on screen
    assert panel.plots.raw_curve.xData is None or len(panel.plots.raw_curve.xData) == 0
    assert panel.confusion.matrix is None and panel.first_layer.picture.pixmap().isNull()
    qtbot.waitUntil(lambda: panel.plots.loss.raw.size == 1 and gate.held, timeout=RUN_TIMEOUT)
    click(qtbot, panel.stop_button)
    gate.open()
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    assert panel._worker.outcome == "stopped" and "ETA" not in panel.speed.text()


def test_gradient_legends_and_first_layer_count_layers_from_1(qtbot, make_panel):
    panel = make_panel()
    click(qtbot, panel.train_button)
    qtbot.waitUntil(lambda: not panel.is_running(), timeout=RUN_TIMEOUT)
    panel.plots.redraw()
    legend = [label.text for _, label in panel.plots.grad_plot.plotItem.legend.items]
    assert legend == ["2 Linear", "4 Linear"]  # Flatten is layer 1, as in the editor's stack
    assert panel.first_layer.caption.text().startswith("Linear weights of layer 2,")


def test_legends_list_only_drawn_curves_and_never_sit_on_them(qtbot):
    from mtorch_gui.training.plots import LivePlots, epoch_ticks

    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.add_epoch({"epoch": 1, "train_loss": 1.0, "val_loss": 1.1, "val_tail_mse": 0.05})
    legend = plots.accuracy_plot.plotItem.legend
    assert [label.text for _, label in legend.items] == ["validation"]  # no train line in a regression
    assert legend.parentItem() is not plots.accuracy_plot.plotItem.vb  # under the axes, not over the curves
    assert epoch_ticks(4) == [(1, "1"), (2, "2"), (3, "3"), (4, "4")] and epoch_ticks(30)[0] == (3, "3")
    assert plots.accuracy_plot.getViewBox().viewRange()[0] == [0.5, 1.5]  # the last tick inside the plot


@pytest.mark.parametrize("width, side_by_side", [(471, False), (951, True)])
def test_the_confusion_tab_shows_every_class_whatever_its_width(qtbot, width, side_by_side):
    import numpy as np
    from PySide6.QtWidgets import QBoxLayout

    from mtorch_gui.training.confusion import ConfusionMatrixView

    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    view.resize(width, 644)  # 471: the Confusion tab at the window's default 1440x900
    view.show()
    cm = np.diag(np.arange(800, 1000, 20)) + 3
    view.set_matrix(cm, np.diag(cm) / cm.sum(axis=1))
    assert (view.box.direction() == QBoxLayout.LeftToRight) == side_by_side
    (x0, x1), _ = view.accuracy_plot.viewRange()
    assert x0 <= -0.5 and x1 >= 9.5  # all ten bars in the range shown

    def nothing_cut():  # nothing drawn beyond a plot's edge, once the layout has settled
        return all(plot.plotItem.sceneBoundingRect().width() <= plot.width() + 1
                   for plot in (view.heat_plot, view.accuracy_plot))

    qtbot.waitUntil(nothing_cut)


@pytest.mark.parametrize("size, written", [((470, 330), False), ((951, 644), True)])
def test_the_confusion_counts_are_written_in_only_when_their_cells_hold_them(qtbot, size, written):
    import numpy as np
    from PySide6.QtGui import QFontMetrics

    from mtorch_gui.training.confusion import ConfusionMatrixView

    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    view.resize(*size)  # 470x330: the Confusion tab on a 1280x720 screen (issue 12), where counts overlapped
    view.show()
    cm = np.diag(np.arange(800, 1000, 20)) + 3
    view.set_matrix(cm, np.diag(cm) / cm.sum(axis=1))
    cell = view.heat_plot.getViewBox().sceneBoundingRect().width() / 10
    qtbot.waitUntil(lambda: all(label.isVisible() == written for label in view.labels))
    widest = max(QFontMetrics(label.textItem.font()).horizontalAdvance(label.toPlainText()) for label in view.labels)
    assert (widest < cell) == written


@pytest.mark.parametrize("width, columns", [(480, 1), (700, 2)])
def test_the_curves_go_one_a_row_when_narrow_and_scroll_only_vertically(qtbot, width, columns):
    from mtorch_gui.training.plots import PLOT_MIN_HEIGHT, LivePlots

    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.resize(width, 400)  # 480: the Curves tab on a 1280x720 screen (issue 12)
    plots.show()
    qtbot.waitUntil(lambda: plots.columns == columns)
    first, *small = plots.all_plots()
    assert plots.grid.getItemPosition(plots.grid.indexOf(first)) == (0, 0, 1, columns)
    assert [plots.grid.getItemPosition(plots.grid.indexOf(p))[:2] for p in small] == \
        [(1 + i // columns, i % columns) for i in range(4)]
    assert all(p.height() >= PLOT_MIN_HEIGHT for p in plots.all_plots())   # never squeezed: it scrolls instead
    assert plots.scroll.horizontalScrollBar().maximum() == 0 and plots.scroll.verticalScrollBar().maximum() > 0


def test_a_short_log_axis_labels_only_the_ticks_it_has_room_for(qtbot):
    import numpy as np

    from mtorch_gui.training.plots import LogFriendlyAxis

    axis = LogFriendlyAxis("left")
    # 0.25 .. 1.2: less than a decade, pyqtgraph's own ticks are 0.3, 0.4, ..., 0.9, 1 (eight labels)
    labelled = {height: [round(10 ** v, 3) for v in axis.logTickValues(np.log10(0.25), np.log10(1.2), height, [])[0][1]]
                for height in (300, 100, 30)}
    assert labelled == {300: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 100: [0.5, 1.0], 30: [1.0]}


def test_a_short_log_axis_that_thinning_would_empty_keeps_some_labels(qtbot):
    import numpy as np

    from mtorch_gui.training.plots import LogFriendlyAxis

    axis = LogFriendlyAxis("left")
    for low, high, height in ((0.6, 0.95, 80), (6, 9.5, 60), (0.25, 0.45, 40)):  # no 1, 2 or 5 inside
        values = axis.logTickValues(np.log10(low), np.log10(high), height, [])[0][1]
        assert 1 <= len(values) <= height // LogFriendlyAxis.LABEL_SPACING, (low, high, values)
        assert all(np.log10(low) <= v <= np.log10(high) for v in values)
