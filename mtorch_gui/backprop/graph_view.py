"""The computational graph drawn with a QGraphicsScene: a box per autograd node (its name and output shape)
and per leaf (the sample, each parameter), arrows in the forward direction, top to bottom. Clicking an op's
box asks the inspector to show that backward step; the step shown is outlined."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView

from .graph import INPUT, OP, PARAM, ComputationalGraph

BOX_W, BOX_H, GAP_X, GAP_Y = 190, 44, 24, 40  # depth runs downwards, a depth's nodes side by side
FILL = {OP: QColor(214, 230, 245), PARAM: QColor(253, 226, 196), INPUT: QColor(214, 239, 214)}


class NodeItem(QGraphicsRectItem):
    def __init__(self, node):
        super().__init__(0, 0, BOX_W, BOX_H)
        self.node = node
        self.setBrush(QBrush(FILL[node.kind]))
        self.setPen(QPen(QColor(90, 90, 100), 1))
        shape = "×".join(map(str, node.shape)) or "()"
        for i, text in enumerate((node.label, shape)):
            label = QGraphicsSimpleTextItem(text, self)
            label.setPos(8, 5 + 18 * i)
        if node.kind == OP:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip(node.label)


class ComputationalGraphView(QGraphicsView):
    stepChosen = Signal(int)  # the session position of the op clicked

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("computationalGraph")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.graph: ComputationalGraph | None = None

    def set_graph(self, graph: ComputationalGraph):
        scene = self.scene()
        scene.clear()
        self.graph = graph
        boxes = {}
        for node in graph.nodes:
            item = NodeItem(node)
            item.setPos(node.row * (BOX_W + GAP_X), node.column * (BOX_H + GAP_Y))
            scene.addItem(item)
            boxes[node.key] = item
        pen = QPen(QColor(120, 120, 130), 1.2)
        for a, b in graph.edges:
            start = boxes[a].sceneBoundingRect()
            end = boxes[b].sceneBoundingRect()
            p, q = QPointF(start.center().x(), start.bottom()), QPointF(end.center().x(), end.top())
            path = QPainterPath(p)
            path.cubicTo(QPointF(p.x(), p.y() + GAP_Y / 2), QPointF(q.x(), q.y() - GAP_Y / 2), q)
            scene.addPath(path, pen).setZValue(-1)
            arrow = QPainterPath(q)
            arrow.lineTo(q + QPointF(-4, -7))
            arrow.lineTo(q + QPointF(4, -7))
            arrow.closeSubpath()
            scene.addPath(arrow, pen, QBrush(pen.color()))
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))

    def highlight(self, keys):
        """Outline the boxes of these autograd nodes (the step shown: one node backward, a layer's forward)."""
        first = None
        for item in self.scene().items():
            if isinstance(item, NodeItem):
                chosen = item.node.key in keys
                item.setPen(QPen(QColor(200, 40, 40), 3) if chosen else QPen(QColor(90, 90, 100), 1))
                first = item if chosen and first is None else first
        if first is not None:
            self.ensureVisible(first, 40, 40)

    def mousePressEvent(self, event):
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        if item is not None and item.node.step is not None:
            self.stepChosen.emit(item.node.step)
            return
        super().mousePressEvent(event)
