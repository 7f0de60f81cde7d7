"""The computational graph of one forward pass, as data to draw (no Qt): the autograd nodes with the shapes
of what they made, the leaves they read (the sample and the parameters), and the edges between them, laid out
in levels by depth (a node one level past its deepest input; the view draws them top to bottom), as torchviz
and micrograd's draw_dot show it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .trace import BackpropTrace

INPUT, PARAM, OP = "input", "param", "op"


@dataclass
class GraphNode:
    key: int  # id() of the autograd node or of the leaf Tensor
    label: str  # "LinearBackward0", "1.weight", "input x"
    shape: tuple  # of the value it makes (an op's output, a leaf itself)
    kind: str  # INPUT, PARAM or OP
    column: int = 0
    row: int = 0
    step: int | None = None  # for an op: its position among the session's steps (layers first, then these)


@dataclass
class ComputationalGraph:
    nodes: list[GraphNode]
    edges: list[tuple[int, int]]  # (from key, to key), in the forward direction

    def node(self, key) -> GraphNode:
        return next(n for n in self.nodes if n.key == key)


def graph_of(trace: BackpropTrace) -> ComputationalGraph:
    nodes, edges = {}, []
    first_step = len(trace.layers)
    for i, step in enumerate(trace.steps):
        shape = () if step.grad_output is None else tuple(np.shape(step.grad_output))
        nodes[id(step.node)] = GraphNode(id(step.node), step.name, shape, OP, step=first_step + i)
    for step in trace.steps:
        for operand in step.operands:
            p = operand.producer
            if p is None:
                continue
            if id(p) not in nodes:  # a leaf: the sample or a parameter
                nodes[id(p)] = GraphNode(id(p), operand.label, tuple(np.shape(operand.value)),
                                         PARAM if operand.param else INPUT)
            edges.append((id(p), id(step.node)))
    _layout(nodes, edges)
    return ComputationalGraph(list(nodes.values()), edges)


def _layout(nodes, edges):
    """Ops in columns by depth from the inputs; a parameter in the column before the op that reads it.
    Rows: in order of arrival within a column."""
    inputs = {}
    for a, b in edges:
        inputs.setdefault(b, []).append(a)
    depth = {}

    def column(key):  # iterative longest path from the leaves (a long recurrent chain must not recurse)
        stack = [key]
        while stack:
            k = stack[-1]
            pending = [a for a in inputs.get(k, []) if nodes[a].kind == OP and a not in depth]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            depth[k] = 1 + max((depth[a] for a in inputs.get(k, []) if nodes[a].kind == OP), default=0)
        return depth[key]

    for key, n in nodes.items():
        if n.kind == OP:
            n.column = column(key)
    for a, b in edges:
        if nodes[a].kind == PARAM:
            nodes[a].column = nodes[b].column - 1
    rows = {}
    for n in sorted(nodes.values(), key=lambda n: (n.column, n.kind != OP)):
        n.row = rows.get(n.column, 0)
        rows[n.column] = n.row + 1
