"""The canvas's preprocessing (plain numpy): drawings come out the way MNIST's digits were made."""

import json
from pathlib import Path

import numpy as np
import pytest

from mtorch_gui.canvas.preprocess import (
    MNIST_CENTRE,
    area_resize,
    centre_by_mass,
    centre_of_mass,
    image_to_mnist,
    ink_box,
    render_strokes,
    stroke_width,
    strokes_to_mnist,
)
from mtorch_gui.canvas.strokes import Strokes

STROKES = Path(__file__).parent / "data" / "strokes" / "digits.json"
HALF_PIXEL = 0.5 + 1e-4     # shifts are whole pixels, as MNIST's: a symmetric digit's centre lands on x.5


def ring(size, centre, radii, thickness):
    """A filled elliptical ring (a '0') of the given stroke thickness in a size x size image."""
    ys, xs = np.mgrid[0:size, 0:size] + 0.5
    r = np.hypot((ys - centre[0]) / radii[0], (xs - centre[1]) / radii[1])
    return (np.abs(r - 1) * min(radii) < thickness / 2).astype(np.float32)


def seven(size, top_left, scale, thickness):
    """A '7' (a bar and a diagonal) drawn with square pixels, not antialiased."""
    img = np.zeros((size, size), np.float32)
    y0, x0 = top_left
    img[y0:y0 + thickness, x0:x0 + int(60 * scale)] = 1
    for t in np.linspace(0, 1, 400):
        y, x = int(y0 + t * 100 * scale), int(x0 + (60 - 35 * t) * scale)
        img[y:y + thickness, x - thickness:x] = 1
    return img


SYNTHETIC = {
    "thin ring, off-centre": ring(300, (90, 200), (60, 40), 2),
    "thick ring, centred": ring(300, (150, 150), (120, 90), 40),
    "small ring in a corner": ring(300, (20, 20), (12, 9), 3),
    "wide flat ring": ring(300, (150, 150), (40, 130), 10),
    "thin seven": seven(300, (10, 200), 0.8, 2),
    "thick big seven": seven(400, (20, 30), 3.0, 35),
    "single pixel line": np.eye(64, dtype=np.float32)[::-1] * 0.7,
}


@pytest.mark.parametrize("name", SYNTHETIC)
def test_synthetic_images_get_mnist_layout(name):
    out = image_to_mnist(SYNTHETIC[name])
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert 0 <= out.min() and out.max() <= 1
    top, bottom, left, right = ink_box(out)
    assert max(bottom - top, right - left) == 20          # the longer side of the ink fills 20 pixels
    cy, cx = centre_of_mass(out)
    assert abs(cy - MNIST_CENTRE) <= HALF_PIXEL and abs(cx - MNIST_CENTRE) <= HALF_PIXEL


def test_aspect_ratio_is_kept():
    out = image_to_mnist(ring(300, (150, 150), (120, 60), 8))     # twice as tall as wide
    top, bottom, left, right = ink_box(out)
    assert bottom - top == 20 and right - left == 10


def test_area_resize_averages():
    image = np.random.default_rng(0).random((80, 60)).astype(np.float32)
    small = area_resize(image, 0.25)
    assert small.shape == (20, 15)
    np.testing.assert_allclose(small[3, 4], image[12:16, 16:20].mean(), rtol=1e-5)
    # a fractional scale keeps the total ink per area: sum scales by scale^2
    np.testing.assert_allclose(area_resize(image, 20 / 80 * 0.93).sum(), image.sum() * (0.25 * 0.93) ** 2, rtol=1e-4)


def test_centre_by_mass_shifts_by_whole_pixels():
    img = np.zeros((5, 3), np.float32)
    img[4, 2] = 1
    out = centre_by_mass(img)
    assert out[14, 14] == 1 and out.sum() == 1


def test_drawing_size_does_not_change_the_result():
    t = np.linspace(0, 2 * np.pi, 300)
    arc = np.stack([np.cos(t[:150]) * 50 + 100, np.sin(t[:150] - np.pi) * 40 + 80], 1)
    two = [arc, [(150, 80), (50, 200), (160, 200)]]
    images = [strokes_to_mnist([np.asarray(s, float) * k + 7 for s in two]) for k in (0.1, 1, 10)]
    np.testing.assert_allclose(images[0], images[1], atol=1e-3)
    np.testing.assert_allclose(images[2], images[1], atol=1e-3)


def test_pen_is_a_fixed_fraction_of_the_ink_box():
    t = np.linspace(0, 2 * np.pi, 100)
    circle = [np.stack([np.cos(t), np.sin(t)], 1)]       # closed: no line ends to bias the width estimate
    for pen in (1.5, 2.4, 4):
        width = stroke_width(image_to_mnist(render_strokes(circle, pen_width=pen)))
        assert abs(width / pen - 1) < 0.1


def mnist_test_images(n):
    mnist = pytest.importorskip("mtorch.datasets").MNIST(train=False)
    return mnist.data.numpy()[:n].astype(np.float32) / 255


def test_drawn_digits_match_mnist_statistics():
    """The robustness set's drawings, preprocessed, have MNIST's stroke width, ink and centre."""
    digits = json.loads(STROKES.read_text())["digits"]
    drawn = np.stack([strokes_to_mnist(d["strokes"]) for d in digits])
    mnist = mnist_test_images(1000)
    width = lambda images: np.median([stroke_width(x) for x in images])  # noqa: E731
    assert abs(width(drawn) - width(mnist)) < 0.15            # MNIST: 2.40 px
    assert 0.8 < np.median(drawn.sum((1, 2))) / np.median(mnist.sum((1, 2))) < 1.25
    for image in drawn:
        cy, cx = centre_of_mass(image)
        assert abs(cy - MNIST_CENTRE) <= HALF_PIXEL and abs(cx - MNIST_CENTRE) <= HALF_PIXEL


def test_empty_drawing_and_a_dot():
    assert strokes_to_mnist([]).sum() == 0
    dot = strokes_to_mnist([[(10, 10)]])
    assert np.isfinite(dot).all() and dot.sum() > 0


def test_strokes_document():
    s = Strokes()
    assert s.is_empty()
    s.begin(1, 2)
    s.extend(1, 2)            # a repeated point is dropped
    s.extend(3, 4)
    s.begin(5, 5)
    assert s.strokes == [[(1.0, 2.0), (3.0, 4.0)], [(5.0, 5.0)]]
    assert s.undo() and len(s) == 1
    s.clear()
    assert not s.undo() and s.is_empty()


def test_probabilities_from_each_kind_of_output():
    from mtorch_gui.canvas.predictor import probabilities

    scores = np.array([2.0, 0.0, -1.0])
    np.testing.assert_allclose(probabilities(scores, "Linear"), np.exp(scores) / np.exp(scores).sum())
    np.testing.assert_allclose(probabilities(np.log([0.2, 0.8]), "LogSoftmax"), [0.2, 0.8])
    np.testing.assert_allclose(probabilities(np.array([0.9, 0.3]), "Sigmoid"), [0.75, 0.25])
    np.testing.assert_allclose(probabilities(np.array([0.1, 0.9]), "Softmax"), [0.1, 0.9])
