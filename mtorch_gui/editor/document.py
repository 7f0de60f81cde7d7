"""ModelDocument: the spec being edited, its undo stack and its file — the one object the views share.

The document is the whole model file: the architecture and every training setting (``spec.training``, read
as a TrainingConfig by ``config``). Every edit, of a layer or of a setting, goes through a QUndoCommand that
swaps whole specs (they are small), so undo and redo restore exactly what was there, reorders and property
changes included. Views listen to ``changed`` and read ``spec``, ``config`` and ``validation``; they never
modify the spec themselves. ``serial`` changes whenever the document starts over (New, Open, a preset), so
the training panel can tell a run of this model from a run of the one before.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from mtorch_gui.data.registry import dataset_info
from mtorch_gui.i18n import ui_text
from mtorch_gui.model.catalog import CATALOG
from mtorch_gui.model.files import load_spec, save_spec
from mtorch_gui.model.presets import preset
from mtorch_gui.model.spec import LayerSpec, ModelSpec, ValidationResult
from mtorch_gui.training.config import TrainingConfig


class _Edit(QUndoCommand):
    """Replace the document's spec; undo puts the previous one back. Consecutive changes of one argument
    of one layer (or of one training setting) merge into a single step, so typing 1-2-8 in a spin box is
    undone at once."""

    def __init__(self, document: ModelDocument, text: str, after: ModelSpec, select: int | None,
                 merge_key: tuple | None = None):
        super().__init__(text)
        self.document = document
        self.before, self.after = document.spec, after
        self.select_before, self.select_after = document.current_row, select
        self.merge_key = merge_key

    def redo(self):
        self.document._apply(self.after, self.select_after)

    def undo(self):
        self.document._apply(self.before, self.select_before)

    def id(self):
        return 1 if self.merge_key else -1

    def mergeWith(self, other):
        if other.merge_key != self.merge_key:
            return False
        self.after, self.select_after = other.after, other.select_after
        return True


class ModelDocument(QObject):
    """Holds ``spec``, ``config``, ``validation``, ``undo_stack``, ``file_path``, ``modified`` and ``serial``.

    ``changed`` is emitted after every edit, undo, redo, open and new; ``currentRowChanged(int)`` tells
    the stack view which row an edit concerns (-1 for none); ``fileChanged`` when the path or the
    modified flag changes (for the window title).
    """

    changed = Signal()
    currentRowChanged = Signal(int)
    fileChanged = Signal()

    def __init__(self, spec: ModelSpec | None = None, parent=None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self.fileChanged)
        self.file_path: str | None = None
        self.current_row = -1
        self.serial = 0
        self._spec = _with_every_setting(spec or preset())
        self._validation = self._spec.validate()

    # ---- reading ---------------------------------------------------------------------------------------

    @property
    def spec(self) -> ModelSpec:
        """A copy of the current spec (edit it through the methods below)."""
        return self._spec.copy()

    @property
    def config(self) -> TrainingConfig:
        """The training settings a run of this model uses (what the training panel shows)."""
        return TrainingConfig.for_spec(self._spec)

    @property
    def validation(self) -> ValidationResult:
        return self._validation

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def layers(self) -> list[LayerSpec]:
        """The current layers, read-only by convention (cheaper than ``spec`` for views)."""
        return self._spec.layers

    def set_current_row(self, row: int) -> None:
        """The stack view's selection, remembered so that undo and redo can restore it."""
        self.current_row = row

    # ---- undoable edits --------------------------------------------------------------------------------

    def add_layer(self, type_name: str, row: int | None = None, args: dict | None = None) -> int:
        """Insert a layer of ``type_name`` at ``row`` (default: the end); returns its row."""
        t = CATALOG[type_name]
        args = {**t.required_args(), **(args or {})}
        t.check_args(args)
        spec = self.spec
        row = len(spec.layers) if row is None else max(0, min(row, len(spec.layers)))
        spec.layers.insert(row, LayerSpec(type_name, args))
        self._push(self.tr("Add {layer}").format(layer=type_name), spec, row)
        return row

    def remove_layer(self, row: int) -> None:
        spec = self.spec
        layer = spec.layers.pop(row)
        self._push(self.tr("Delete {layer}").format(layer=layer.type), spec, min(row, len(spec.layers) - 1))

    def duplicate_layer(self, row: int) -> int:
        spec = self.spec
        layer = spec.layers[row]
        spec.layers.insert(row + 1, LayerSpec(layer.type, dict(layer.args)))
        self._push(self.tr("Duplicate {layer}").format(layer=layer.type), spec, row + 1)
        return row + 1

    def move_layer(self, row: int, to: int) -> None:
        """Move the layer at ``row`` so that it ends up at index ``to``."""
        spec = self.spec
        to = max(0, min(to, len(spec.layers) - 1))
        if to == row:
            return
        spec.layers.insert(to, spec.layers.pop(row))
        self._push(self.tr("Move {layer}").format(layer=spec.layers[to].type), spec, to)

    def set_arg(self, row: int, name: str, value) -> None:
        """Set one argument of one layer (checked; raises SpecError for a value the layer refuses)."""
        spec = self.spec
        layer = spec.layers[row]
        value = CATALOG[layer.type].arg(name).check(value, layer.type)
        if layer.values()[name] == value:
            return
        layer.args[name] = value
        self._push(self.tr("Set {layer} {argument}").format(layer=layer.type, argument=name), spec, row,
                   merge_key=(row, name))

    def set_setting(self, name: str, value) -> None:
        """Set one training setting (a TrainingConfig field but the dataset); raises ValueError for a value of
        the wrong type. Typing into one field is one undo step."""
        config = self.config.with_setting(name, value)
        if config == self.config:
            return
        spec = self.spec
        spec.training = config.training_dict()
        self._push(self.tr("Set {setting}").format(setting=name), spec, self.current_row,
                   merge_key=("training", name))

    def set_dataset(self, dataset: str, options: dict | None = None) -> None:
        """Feed the model another dataset (a registry name and its options); its input shape follows (the
        training settings stay as they are). Raises DatasetError (the model is unchanged) when the dataset
        cannot be used."""
        options = {} if options is None else dict(options)
        if (dataset, options) == (self._spec.dataset, self._spec.dataset_options):
            return
        info = dataset_info(dataset, options)
        spec = self.spec
        spec.dataset, spec.dataset_options, spec.input_shape = dataset, options, info.input_shape
        self._push(self.tr("Use {data}").format(data=ui_text(info.title)), spec, self.current_row)

    def set_name(self, name: str) -> None:
        name = name.strip()
        if not name or name == self._spec.name:
            return
        spec = self.spec
        spec.name = name
        self._push(self.tr("Rename to {name}").format(name=name), spec, self.current_row)

    # ---- files (not undoable: they start a new history) ------------------------------------------------

    def load_preset(self, name: str) -> None:
        """Start a new untitled model from a preset, named in the interface's language (New from preset:
        never into the open file, whose edits are not kept)."""
        spec = preset(name)
        spec.name = ui_text(spec.name)
        self.reset(spec)

    def reset(self, spec: ModelSpec, file_path: str | None = None) -> None:
        """Start over with ``spec`` (New, Open, a preset): clears the undo history; settings the spec leaves
        out take their defaults, written out so that the form, Save and ``mtorch-train`` agree."""
        self.undo_stack.clear()
        self.file_path = file_path
        self.serial += 1
        self._apply(_with_every_setting(spec), -1)
        self.fileChanged.emit()

    def open(self, path: str) -> None:
        """Load ``path``; raises SpecError naming the file and leaves the document as it was."""
        self.reset(load_spec(path), str(path))

    def save(self, path: str | None = None) -> None:
        """Write the spec to ``path`` (default: the current file) atomically; raises OSError. An untitled
        model's first save names it after the file."""
        path = str(path or self.file_path)
        if self.file_path is None and self._spec.name in ("Untitled", self.tr("Untitled")):
            self.set_name(Path(path).stem)  # an undo step of its own, before the clean state
        save_spec(self._spec, path)
        self.file_path = path
        self.undo_stack.setClean()
        self.fileChanged.emit()

    # ---- internals -------------------------------------------------------------------------------------

    def untitled_spec(self) -> ModelSpec:
        """An empty model on the same data with the same settings (File › New)."""
        spec = self.spec
        return ModelSpec(name=self.tr("Untitled"), dataset=spec.dataset, dataset_options=spec.dataset_options,
                         input_shape=spec.input_shape, training=spec.training)

    def _push(self, text: str, spec: ModelSpec, select: int | None, merge_key: tuple | None = None) -> None:
        self.undo_stack.push(_Edit(self, text, spec, select, merge_key))

    def _apply(self, spec: ModelSpec, select: int | None) -> None:
        self._spec = spec.copy()
        self._validation = self._spec.validate()
        self.current_row = -1 if select is None else select
        self.changed.emit()
        self.currentRowChanged.emit(self.current_row)


def _with_every_setting(spec: ModelSpec) -> ModelSpec:
    """A copy of ``spec`` whose ``training`` holds every setting (the defaults for those it leaves out)."""
    spec = spec.copy()
    spec.training = TrainingConfig.for_spec(spec).training_dict()
    return spec
