"""The drawing as data: a list of strokes, each a list of (x, y) points in canvas pixels (plain Python).

The canvas widget edits a `Strokes` and paints it; the network's input is rendered from it by
`preprocess.strokes_to_mnist`, so what the model reads never depends on how the screen drew the ink.
"""


class Strokes:
    def __init__(self, strokes=()):
        self.strokes = [[(float(x), float(y)) for x, y in s] for s in strokes]

    def __len__(self):
        return len(self.strokes)

    def is_empty(self):
        return not self.strokes

    def begin(self, x, y):
        """Start a new stroke at (x, y) (pen down)."""
        self.strokes.append([(float(x), float(y))])

    def extend(self, x, y):
        """Add a point to the stroke being drawn; a repeat of the last point is dropped."""
        point = (float(x), float(y))
        if self.strokes and self.strokes[-1][-1] != point:
            self.strokes[-1].append(point)

    def undo(self):
        """Remove the last stroke; False when there was none."""
        return bool(self.strokes) and self.strokes.pop() is not None

    def clear(self):
        self.strokes.clear()
