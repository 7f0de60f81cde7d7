"""Regenerate the screenshots of the views that show back-propagation (offscreen, no display needed):

- resources/screenshots/backprop_cnn.png: the Backprop tab mid-backward through the shipped CNN (the Draw
  tab's model) on an MNIST test image, at its second Conv2d, with the finite-difference check done;
- resources/screenshots/backprop_original.png: the same on the original 784-16-16-10 sigmoid network with a
  square loss, trained for one epoch on 2000 images, at its first Linear, after one SGD step;
- resources/screenshots/backprop_graph.png: that network's computational graph, the same step outlined;
- resources/screenshots/playground_spiral.png: the Playground tab during training on the spiral set (features
  x1, x2, x1², x2², sin x1, sin x2 into an 8-8 tanh MLP), at epoch 60 of 300;
- resources/screenshots/embedding_map.png and histograms.png: the Train tab's Embedding and Histograms views
  after three epochs of the 784-128-64-10 MLP on 6000 images, a clicked test sample beside the map.

    python resources/make_backprop_screenshots.py
"""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from mtorch_gui.backprop.epoch_views import EpochViews  # noqa: E402
from mtorch_gui.backprop.inspector import BackpropInspector  # noqa: E402
from mtorch_gui.backprop.playground_view import PlaygroundView  # noqa: E402
from mtorch_gui.backprop.trace import BackwardStep  # noqa: E402
from mtorch_gui.editor.document import ModelDocument  # noqa: E402
from mtorch_gui.model.presets import PRESETS  # noqa: E402
from mtorch_gui.model.spec import LayerSpec, ModelSpec  # noqa: E402
from mtorch_gui.training.config import TrainingConfig  # noqa: E402
from mtorch_gui.training.engine import EpochReport, Trainer, numpy_state_dict  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "screenshots"
ORIGINAL = "Original MLP (784-16-16-10, sigmoid output, square loss)"
SIZE = (1500, 980)


def inspector(spec) -> BackpropInspector:
    view = BackpropInspector(ModelDocument(spec))
    view.run_job = lambda job, done: done(job())  # the picture shows the finished check
    view.resize(*SIZE)
    view.show()
    return view


def step_of(view, name, nth=0) -> int:
    """The position of the nth backward step named ``name``."""
    found = [i for i, s in enumerate(view.session.steps) if isinstance(s, BackwardStep) and s.name == name]
    return found[nth]


def save(view, name):
    for _ in range(3):  # each layout level settles in its own round of events
        QApplication.processEvents()
    path = OUT / name
    view.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}: {view.title.text()}")


def cnn():
    view = inspector(PRESETS[ORIGINAL].copy())
    view.source.setCurrentIndex(view.source.findData("shipped"))
    view.sample_index.setValue(8)
    view.go(step_of(view, "Conv2dBackward0", 0))  # the engine meets the last conv first: the second one
    view.check()
    save(view, "backprop_cnn.png")


def original():
    spec = PRESETS[ORIGINAL].copy()
    trainer = Trainer(spec, TrainingConfig.for_spec(spec, epochs=1, sample_limit=2000))
    for _ in trainer.train():
        pass
    view = inspector(spec)
    view.set_trained({"spec": spec, "state_dict": numpy_state_dict(trainer.model)})
    view.source.setCurrentIndex(view.source.findData("trained"))
    view.sample_index.setValue(0)
    view.lr.setValue(1.0)
    view.apply_step()
    view.go(step_of(view, "LinearBackward0", 2))
    view.check()
    save(view, "backprop_original.png")
    view.pages.setCurrentWidget(view.graph_view)
    save(view, "backprop_graph.png")


def epoch_views():
    spec = PRESETS["MLP 784-128-64-10"].copy()
    trainer = Trainer(spec, TrainingConfig.for_spec(spec, epochs=3, sample_limit=6000))
    views = EpochViews()
    views.run_job = lambda job, done: done(job())
    views.budget = 1.0  # every epoch analysed
    for report in trainer.train():
        if isinstance(report, EpochReport):
            views.epoch_ended({"spec": spec, "state_dict": report.state_dict}, report.metrics["epoch"])
    for view, name in ((views.embedding, "embedding_map.png"), (views.histograms, "histograms.png")):
        view.resize(1000, 640)
        view.show()
        if view is views.embedding:
            view.show_sample(int(np.flatnonzero(view.result.embedding.predictions != view.result.embedding.labels)[0]))
        QApplication.processEvents()
        path = OUT / name
        view.grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT)}")


def playground():
    spec = ModelSpec(name="spiral", dataset="spiral",
                     dataset_options={"features": "x1,x2,x1^2,x2^2,sin(x1),sin(x2)"}, input_shape=(6,),
                     layers=[LayerSpec("Linear", {"out_features": 8}), LayerSpec("Tanh"),
                             LayerSpec("Linear", {"out_features": 8}), LayerSpec("Tanh"),
                             LayerSpec("Linear", {"out_features": 2})],
                     training={"loss": "CrossEntropyLoss", "optimizer": "Adam", "lr": 0.03, "batch_size": 10,
                               "epochs": 300})
    trainer = Trainer(spec, TrainingConfig.for_spec(spec))
    view = PlaygroundView(ModelDocument(spec))
    view.resize(1400, 760)
    view.show()
    for report in trainer.train(until_epoch=60):  # the run goes on from here: this is mid-training
        if isinstance(report, EpochReport):
            view.set_payload({"spec": spec, "state_dict": report.state_dict})
    view.redraw()
    QApplication.processEvents()
    path = OUT / "playground_spiral.png"
    view.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}: epoch {trainer.epoch}, test accuracy "
          f"{trainer.history.epochs[-1]['test_accuracy']:.0%}")


def main():
    QApplication.instance() or QApplication([])
    OUT.mkdir(exist_ok=True)
    cnn()
    original()
    playground()
    epoch_views()


if __name__ == "__main__":
    main()
