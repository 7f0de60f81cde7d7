"""The layer-stack editor's widgets: palette, stack, properties, summary, undo/redo."""

import pytest
from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QListView, QWidget

from mtorch_gui.editor.document import ModelDocument
from mtorch_gui.editor.editor import EditorWidget
from mtorch_gui.editor.stack import LAYER_TYPE_MIME, LayerStackModel
from mtorch_gui.model.presets import preset


@pytest.fixture
def editor(qtbot):
    widget = EditorWidget(ModelDocument(preset("MLP 784-128-64-10")))
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def types(editor):
    return [layer.type for layer in editor.document.layers]


def row_text(editor, row, role):
    model = editor.stack.model()
    return model.data(model.index(row), role)


def select(editor, row):
    editor.stack.setCurrentIndex(editor.stack.model().index(row))


def test_object_names(editor):
    for name in ("layerPalette", "layerStack", "layerProperties", "modelSummary"):
        assert editor.findChild(QWidget, name) is not None, name
    assert isinstance(editor.findChild(QWidget, "layerStack"), QListView)


def test_rows_show_type_arguments_shape_and_parameters(editor):
    assert row_text(editor, 1, LayerStackModel.TypeRole) == "Linear"
    assert row_text(editor, 1, LayerStackModel.ArgsRole) == "784 → 128"
    assert row_text(editor, 1, LayerStackModel.ShapeRole) == "(128)"
    assert row_text(editor, 1, LayerStackModel.ParamsRole) == "100,480 params"
    assert "(784) → (128)" in row_text(editor, 1, Qt.ToolTipRole)


def test_add_from_palette_by_double_click_and_enter(editor, qtbot):
    palette = editor.palette_widget
    item = palette.items()["Dropout"]
    palette.tree.scrollToItem(item)
    rect = palette.tree.visualItemRect(item)
    select(editor, 2)
    qtbot.mouseClick(palette.tree.viewport(), Qt.LeftButton, pos=rect.center())   # a double click's
    qtbot.mouseDClick(palette.tree.viewport(), Qt.LeftButton, pos=rect.center())  # two halves
    assert types(editor)[3] == "Dropout"                           # after the selected layer
    assert editor.stack.current_row() == 3

    palette.search.setText("sigmo")
    assert [n for n, i in palette.items().items() if not i.isHidden()] == ["Sigmoid"]
    qtbot.keyClick(palette.search, Qt.Key_Return)                  # Enter adds the match
    assert types(editor)[4] == "Sigmoid"
    palette.tree.setCurrentItem(palette.items()["Sigmoid"])
    qtbot.keyClick(palette.tree, Qt.Key_Return)
    assert types(editor).count("Sigmoid") == 2


def test_drop_from_palette_inserts_where_dropped(editor):
    palette = editor.palette_widget
    data = palette.tree.mimeData([palette.items()["BatchNorm1d"]])
    assert data.hasFormat(LAYER_TYPE_MIME)
    model = editor.stack.model()
    assert model.dropMimeData(data, Qt.CopyAction, 2, 0, QModelIndex())
    assert types(editor)[2] == "BatchNorm1d"
    assert editor.document.validation.layers[2].derived == {"num_features": 128}
    editor.document.undo_stack.undo()
    assert "BatchNorm1d" not in types(editor)


def test_reorder_by_move_and_by_drag_with_undo(editor):
    model = editor.stack.model()
    before = types(editor)
    assert model.moveRows(QModelIndex(), 2, 1, QModelIndex(), 4)   # ReLU below the second Linear
    assert types(editor) == ["Flatten", "Linear", "Linear", "ReLU", "ReLU", "Linear"]
    assert editor.stack.current_row() == 3
    editor.document.undo_stack.undo()
    assert types(editor) == before
    editor.document.undo_stack.redo()
    assert types(editor)[3] == "ReLU"
    editor.document.undo_stack.undo()

    # a drag inside the stack: the row travels as mime data and is dropped at the top
    data = model.mimeData([model.index(5)])
    assert model.dropMimeData(data, Qt.MoveAction, 0, 0, QModelIndex())
    assert types(editor)[0] == "Linear" and not editor.document.validation.ok
    assert "Linear needs a flat input" in row_text(editor, 0, LayerStackModel.ErrorRole)
    editor.document.undo_stack.undo()
    assert types(editor) == before


def test_keyboard_delete_duplicate_and_move(editor, qtbot):
    editor.activateWindow()
    qtbot.waitActive(editor)
    select(editor, 1)
    editor.stack.setFocus()
    qtbot.keyClick(editor.stack, Qt.Key_D, Qt.ControlModifier)
    assert types(editor)[:3] == ["Flatten", "Linear", "Linear"] and len(types(editor)) == 7
    assert editor.stack.current_row() == 2
    qtbot.keyClick(editor.stack, Qt.Key_Down, Qt.AltModifier)
    assert types(editor)[2:4] == ["ReLU", "Linear"] and editor.stack.current_row() == 3
    qtbot.keyClick(editor.stack, Qt.Key_Up, Qt.AltModifier)
    assert types(editor)[2] == "Linear"
    qtbot.keyClick(editor.stack, Qt.Key_Delete)
    assert types(editor) == ["Flatten", "Linear", "ReLU", "Linear", "ReLU", "Linear"]
    stack = editor.document.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == \
        ["Duplicate Linear", "Move Linear", "Move Linear", "Delete Linear"]
    after = types(editor)
    for _ in range(4):
        stack.undo()
    assert types(editor) == ["Flatten", "Linear", "ReLU", "Linear", "ReLU", "Linear"] and not editor.document.modified
    for _ in range(4):
        stack.redo()
    assert types(editor) == after


def test_edit_a_property_updates_shapes_counts_and_undoes_in_one_step(editor, qtbot):
    select(editor, 1)
    spin = editor.properties.findChild(QWidget, "arg_out_features")
    assert spin.value() == 128
    assert editor.properties.findChild(QWidget, "derived_in_features").text() == "784"
    spin.setValue(12)
    spin.setValue(32)                                              # typing 1-2 then 3-2 merges
    assert editor.document.layers[1].args["out_features"] == 32
    assert editor.document.validation.layers[3].derived == {"in_features": 32}
    assert row_text(editor, 1, LayerStackModel.ShapeRole) == "(32)"
    summary = editor.summary.findChild(QWidget, "summary_total")
    total = 784 * 32 + 32 + 32 * 64 + 64 + 650
    assert summary.text() == f"{total:,}"
    assert f"Total params: {total:,}" in editor.summary.table.toPlainText()
    editor.document.undo_stack.undo()
    assert editor.document.layers[1].args["out_features"] == 128 and spin.value() == 128
    assert summary.text() == "109,386"
    editor.document.undo_stack.redo()
    assert spin.value() == 32

    bias = editor.properties.findChild(QWidget, "arg_bias")
    bias.setChecked(False)
    assert editor.document.validation.layers[1].params == 784 * 32
    assert "no bias" in row_text(editor, 1, LayerStackModel.ArgsRole)


def test_each_argument_kind_has_its_widget(editor):
    doc = editor.document
    doc.reset(preset("LeNet-5"))
    doc.add_layer("MaxPool2d", 1)
    select(editor, 1)
    props = editor.properties
    stride = props.findChild(QWidget, "arg_stride")
    assert stride.auto.isChecked()                                 # None: the kernel size
    stride.auto.setChecked(False)
    stride.size.spins[1].setValue(1)
    assert doc.layers[1].args["stride"] == (2, 1)
    assert doc.validation.layers[1].output_shape == (6, 14, 27)
    props.findChild(QWidget, "arg_ceil_mode").setChecked(True)
    assert doc.layers[1].values()["ceil_mode"] is True

    select(editor, 0)
    padding = props.findChild(QWidget, "arg_padding")
    padding.mode.setCurrentText("valid")
    assert doc.layers[0].args["padding"] == "valid"
    assert doc.validation.layers[0].output_shape == (6, 24, 24)

    doc.reset(preset("LSTM sin-to-cos"))
    select(editor, 0)
    props.findChild(QWidget, "arg_bidirectional").setChecked(True)
    assert doc.validation.layers[0].output_shape == (50, 64)
    assert props.findChild(QWidget, "derived_input_size").text() == "1"
    doc.add_layer("GELU")
    select(editor, 2)
    props.findChild(QWidget, "arg_approximate").setCurrentText("tanh")
    assert doc.layers[2].args["approximate"] == "tanh"


def test_invalid_stack_is_marked_on_the_row_and_in_the_status(editor):
    select(editor, 0)
    editor.delete_action.trigger()
    error = row_text(editor, 0, LayerStackModel.ErrorRole)
    assert error == "Linear needs a flat input but receives (1, 28, 28): add a Flatten before it"
    assert error in row_text(editor, 0, Qt.ToolTipRole)
    assert row_text(editor, 1, LayerStackModel.ShapeRole) == ""        # unknown below the error
    assert "Layer 1: Linear needs a flat input" in editor.status.text()
    editor.document.undo_stack.undo()
    assert "Ready to train" in editor.status.text()


def test_presets_and_dataset(editor):
    doc = editor.document
    chosen = []
    editor.presetChosen.connect(chosen.append)
    editor.presets_menu.actions()[2].trigger()                     # LeNet-5: the window opens it as new
    assert chosen == ["LeNet-5"]
    doc.load_preset("LeNet-5")
    assert doc.spec.name == "LeNet-5" and types(editor)[0] == "Conv2d"
    assert doc.file_path is None and not doc.modified and doc.undo_stack.count() == 0
    settings = doc.spec.training
    editor.dataset.setCurrentIndex(editor.dataset.findData("sin_to_cos"))
    editor.dataset.activated.emit(editor.dataset.currentIndex())
    assert doc.spec.input_shape == (50, 1) and doc.spec.training == settings  # no setting silently reset
    assert "Conv2d needs (channels, height, width) but receives (50, 1)" in doc.validation.first_error
    doc.undo_stack.undo()
    assert doc.spec.name == "LeNet-5" and doc.spec.dataset == "mnist" and not doc.modified


def test_rename_the_model(editor, qtbot):
    editor.title.setFocus()
    editor.title.selectAll()
    qtbot.keyClicks(editor.title, "My MLP")
    qtbot.keyClick(editor.title, Qt.Key_Return)
    assert editor.document.spec.name == "My MLP"
    editor.document.undo_stack.undo()
    assert editor.title.text() == "MLP 784-128-64-10"


def test_empty_stack_shows_a_hint(editor):
    editor.document.reset(preset("RNN sin-to-cos").__class__(name="Empty"))
    assert editor.stack.model().rowCount() == 0
    assert "no layers yet" in editor.status.text()
    editor.stack.grab()                                            # paints the placeholder without error


def drop_on_stack(editor, data, row, action):
    """Deliver a drag's enter, move and drop events to the stack's viewport at the top edge of ``row``."""
    view = editor.stack
    rect = view.visualRect(view.model().index(row))
    pos = QPointF(rect.center().x(), rect.top() + 2)
    viewport = view.viewport()
    for event in (QDragEnterEvent(pos.toPoint(), action, data, Qt.LeftButton, Qt.NoModifier),
                  QDragMoveEvent(pos.toPoint(), action, data, Qt.LeftButton, Qt.NoModifier),
                  QDropEvent(pos, action, data, Qt.LeftButton, Qt.NoModifier)):
        QApplication.sendEvent(viewport, event)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")    # PySide6 flags Qt's only drag-event constructors
def test_drops_delivered_to_the_stack_view(editor):
    palette = editor.palette_widget
    drop_on_stack(editor, palette.tree.mimeData([palette.items()["Dropout"]]), 1, Qt.CopyAction)
    assert types(editor)[:3] == ["Flatten", "Dropout", "Linear"]
    model = editor.stack.model()
    drop_on_stack(editor, model.mimeData([model.index(1)]), 4, Qt.MoveAction)   # Dropout below ReLU
    assert types(editor)[:4] == ["Flatten", "Linear", "ReLU", "Dropout"]
    stack = editor.document.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == ["Add Dropout", "Move Dropout"]


def test_stack_model_passes_qt_model_tester_through_edits(editor, qtmodeltester):
    model = editor.stack.model()
    qtmodeltester.check(model)
    doc = editor.document
    doc.add_layer("Tanh", 1)
    assert model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 5)
    doc.remove_layer(0)
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    qtmodeltester.check(model)


def test_a_layer_with_more_than_2_63_parameters_is_shown_exactly(qtbot):
    """Five Upsample x16, Flatten, Linear 65536: the count was passed through a C++ int and crashed the
    stack view's painting."""
    from mtorch_gui.model.spec import LayerSpec, ModelSpec

    layers = [LayerSpec("Upsample", {"scale_factor": 16.0}) for _ in range(5)]
    layers += [LayerSpec("Flatten"), LayerSpec("Linear", {"out_features": 65536})]
    spec = ModelSpec(name="huge", dataset="mnist", input_shape=(1, 28, 28), layers=layers)
    widget = EditorWidget(ModelDocument(spec))
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    qtbot.waitExposed(widget)
    params = (28 * 16 ** 5) ** 2 * 65536 + 65536
    assert params > 2 ** 63
    assert row_text(widget, 6, LayerStackModel.ParamsRole) == f"{params:,} params"
    select(widget, 6)
    widget.stack.viewport().grab()  # paints every row
    widget.summary.grab()
    assert widget.findChild(QWidget, "summary_total").text() == f"{params:,}"
    assert f"{params:,}" in widget.summary.table.toPlainText()
    assert f"{params:,} parameters" in widget.properties.status.text()
