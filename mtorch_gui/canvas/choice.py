"""Which model the Draw tab reads with: the shipped CNN, the model just trained, or weights loaded from a
file. Plain Python, no Qt: the panel shows the entries in a combo box and reads with the chosen one.

Each entry keeps its own Predictor (a private copy of the model), so choosing another entry and coming back
is instant, and the test images a model gets wrong are looked for once per entry (``Predictor.mistakes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mtorch_gui.model.text import Text

from .predictor import Predictor

SHIPPED, TRAINED, FILE = "shipped", "trained", "file"    # in the order the combo box lists them


@dataclass
class Entry:
    source: str             # SHIPPED, TRAINED or FILE
    predictor: Predictor
    file: str | None = None  # the weights file of a FILE entry

    @property
    def title(self) -> Text:
        """What the combo box lists: where the model comes from (the label beside it names the model)."""
        if self.source == SHIPPED:
            return Text("canvas", "Shipped CNN")
        if self.source == TRAINED:
            return Text("canvas", "Just trained: {name}").format(name=self.predictor.name)
        return Text("canvas", "From file: {file}").format(file=Path(self.file).name)


class ModelChoice:
    """At most one entry per source; ``current`` is the chosen one (None before any model is set)."""

    def __init__(self):
        self._entries: dict[str, Entry] = {}
        self.current: Entry | None = None

    def entries(self) -> list[Entry]:
        return [self._entries[s] for s in (SHIPPED, TRAINED, FILE) if s in self._entries]

    def get(self, source: str) -> Entry | None:
        return self._entries.get(source)

    def set(self, source: str, payload: dict, file: str | None = None, choose: bool = True) -> Entry:
        """Put a model in ``source``'s place (replacing the one there) and, with ``choose``, read with it."""
        entry = Entry(source, Predictor(payload), file)
        if self.current is not None and self.current.source == source:
            self.current = entry
        self._entries[source] = entry
        if choose:
            self.current = entry
        return entry

    def choose(self, source: str) -> Entry:
        self.current = self._entries[source]
        return self.current
