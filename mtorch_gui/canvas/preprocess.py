"""Turn a drawing into an MNIST digit, the way MNIST itself was made (plain numpy, no Qt).

MNIST's recipe (LeCun et al.): the ink's bounding box is scaled, keeping its aspect ratio, so that its
longer side is 20 pixels, with anti-aliasing (area averaging), then placed in a 28x28 field so that its
centre of mass is at the centre. Measured on MNIST's test set, that centre is pixel (14, 14) (mean
(13.99, 14.01)) and its spread (std 0.29) is that of rounding to whole pixels, so we do the same.

A drawing comes as strokes (lists of (x, y) points in any units). To keep the stroke thickness in the
28x28 result close to MNIST's whatever size the user draws at, the strokes are rendered with a pen whose
width is a fixed fraction of the ink's bounding box, then normalised exactly like an image.
"""

import math

import numpy as np

MNIST_SIZE = 28
MNIST_BOX = 20
MNIST_CENTRE = 14.0
# Mean stroke width of MNIST's test digits is 2.40 px by `stroke_width`; this pen width reproduces it.
MNIST_PEN_WIDTH = 2.4
SUPERSAMPLE = 4


def centre_of_mass(image):
    """(row, col) of the intensity-weighted mean pixel position."""
    mass = image.sum()
    rows = np.arange(image.shape[0]) @ image.sum(axis=1) / mass
    cols = np.arange(image.shape[1]) @ image.sum(axis=0) / mass
    return float(rows), float(cols)


def ink_box(image, threshold=0.0):
    """(top, bottom, left, right) half-open bounds of pixels brighter than threshold, or None."""
    rows = np.flatnonzero((image > threshold).any(axis=1))
    cols = np.flatnonzero((image > threshold).any(axis=0))
    if rows.size == 0:
        return None
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def stroke_width(image):
    """Mean stroke width in pixels: a stroke of width w and length L has ink w*L and two edges of length L,
    and the image gradient integrates to the edge length, so w = 2 * sum(I) / sum(|grad I|)."""
    dy = np.diff(image, axis=0)[:, :-1]
    dx = np.diff(image, axis=1)[:-1, :]
    edge = np.hypot(dy, dx).sum()
    return float(2 * image.sum() / edge) if edge > 0 else 0.0


def _area_weights(n_in, scale):
    """Matrix (n_out, n_in) of area-averaging weights: output pixel k covers input [k/scale, (k+1)/scale)."""
    n_out = max(1, math.ceil(n_in * scale - 1e-6))
    lo = np.arange(n_out)[:, None] / scale
    hi = lo + 1 / scale
    i = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(hi, i + 1) - np.maximum(lo, i), 0, None)
    return (overlap * scale).astype(np.float32)


def area_resize(image, scale):
    """Resize by `scale` with a box filter: each output pixel is the mean of the input area it covers."""
    return _area_weights(image.shape[0], scale) @ image @ _area_weights(image.shape[1], scale).T


def fit_box(image, box=MNIST_BOX):
    """Crop to the ink and scale so that the longer side of the ink is `box` pixels, keeping the aspect."""
    bounds = ink_box(image)
    if bounds is None:
        return np.zeros((1, 1), np.float32)
    top, bottom, left, right = bounds
    ink = image[top:bottom, left:right].astype(np.float32)
    return area_resize(ink, box / max(ink.shape))


def centre_by_mass(image, size=MNIST_SIZE, centre=MNIST_CENTRE):
    """Place `image` in a size x size field, shifted by whole pixels so its centre of mass is at `centre`."""
    out = np.zeros((size, size), np.float32)
    if image.sum() <= 0:
        return out
    cy, cx = centre_of_mass(image)
    top, left = round(centre - cy), round(centre - cx)
    h, w = image.shape
    # the part of the image that lands inside the field (ink pushed past the border is lost, as in MNIST)
    y0, x0 = max(top, 0), max(left, 0)
    y1, x1 = min(top + h, size), min(left + w, size)
    out[y0:y1, x0:x1] = image[y0 - top:y1 - top, x0 - left:x1 - left]
    return out


def image_to_mnist(image):
    """Any grayscale ink image (ink bright, background 0) -> 28x28 float32 in [0, 1], MNIST's layout."""
    return np.clip(centre_by_mass(fit_box(image)), 0.0, 1.0)


def _thin(points, spacing):
    """Keep the points at least `spacing` from the previously kept one, and the last point."""
    kept = [points[0]]
    for x, y in points[1:-1].tolist():
        if math.hypot(x - kept[-1][0], y - kept[-1][1]) >= spacing:
            kept.append((x, y))
    return np.array(kept + ([points[-1]] if len(points) > 1 else []), np.float64)


def _segments(points, step):
    """Split a polyline into segments (starts, ends) between step/2 and `step` long (fewer for dense
    mouse input, more for sparse points). A single point is one segment of length 0 (a dot)."""
    points = _thin(points, step / 2)
    if len(points) == 1:
        points = np.repeat(points, 2, axis=0)
    a, ab = points[:-1], np.diff(points, axis=0)
    pieces = np.maximum(np.ceil(np.hypot(ab[:, 0], ab[:, 1]) / step), 1).astype(int)
    seg = np.repeat(np.arange(len(a)), pieces)
    n = pieces[seg]
    k = np.arange(len(seg)) - np.repeat(np.cumsum(pieces) - pieces, pieces)    # piece index in its segment
    return a[seg] + (k / n)[:, None] * ab[seg], a[seg] + ((k + 1) / n)[:, None] * ab[seg]


def render_strokes(strokes, pen_width=MNIST_PEN_WIDTH, box=MNIST_BOX, supersample=SUPERSAMPLE):
    """Render strokes (lists of (x, y) points) as an anti-aliased ink image whose longer side is
    box * supersample pixels, drawn with a round pen of `pen_width` box pixels (so the pen is a fixed
    fraction of the ink's bounding box). Returns float32 in [0, 1], ink = 1; None when there is no ink."""
    strokes = [np.asarray(s, np.float64).reshape(-1, 2) for s in strokes if len(s)]
    if not strokes:
        return None
    allpts = np.concatenate(strokes)
    origin = allpts.min(axis=0)
    extent = float((allpts.max(axis=0) - origin).max())
    # the pen adds half its width on every side, so the points span (box - pen) box pixels
    pixel_scale = (box - pen_width) / extent * supersample if extent > 0 else 1.0
    radius = pen_width * supersample / 2
    width, height = np.ceil((allpts.max(axis=0) - origin) * pixel_scale + 2 * radius).astype(int)
    return _coverage([(s - origin) * pixel_scale + radius for s in strokes], radius, width, height,
                     float(supersample))


def render_canvas(strokes, canvas_size, pen_width, shape, supersample=SUPERSAMPLE):
    """The strokes as drawn on a square canvas of `canvas_size` (in the strokes' units) with a round pen
    `pen_width` wide, resized to `shape` (height, width) pixels: float32 ink coverage in [0, 1] (what the
    picture looks like, with no MNIST-style cropping or centring)."""
    height, width = shape
    strokes = [np.asarray(s, np.float64).reshape(-1, 2) for s in strokes if len(s)]
    if not strokes:
        return np.zeros((height, width), np.float32)
    scale = np.array([width, height]) * supersample / canvas_size      # pixels per canvas unit, x and y
    ink = _coverage([s * scale for s in strokes], pen_width * scale.mean() / 2, width * supersample,
                    height * supersample, float(supersample))
    return _area_weights(height * supersample, 1 / supersample) @ ink @ _area_weights(width * supersample,
                                                                                     1 / supersample).T


def _coverage(strokes, radius, width, height, step):
    """A (height, width) image of how much a round pen of `radius` pixels drawn along the strokes (in pixel
    coordinates) covers each pixel, anti-aliased, in [0, 1]."""
    pieces = [_segments(s, step) for s in strokes]
    a = np.concatenate([p[0] for p in pieces])
    b = np.concatenate([p[1] for p in pieces])
    # every segment touches only a k x k window of pixels around it; pad the canvas so windows fit
    k = int(np.ceil(step + 2 * radius)) + 2
    corner = np.floor(np.minimum(a, b) - radius).astype(int)              # (S, 2) window origins (x, y)
    offs = np.arange(k)
    xs = corner[:, 0, None, None] + offs[None, None, :]                   # (S, 1, k)
    ys = corner[:, 1, None, None] + offs[None, :, None]                   # (S, k, 1)
    apx = xs + 0.5 - a[:, 0, None, None]
    apy = ys + 0.5 - a[:, 1, None, None]
    ab = b - a
    # nearest point of each segment to each pixel centre: a + t (b - a), t = clip(ap.ab / |ab|^2, 0, 1)
    t = (apx * ab[:, 0, None, None] + apy * ab[:, 1, None, None]) / np.maximum((ab**2).sum(1), 1e-12)[
        :, None, None
    ]
    t = np.clip(t, 0, 1)
    d = np.hypot(apx - t * ab[:, 0, None, None], apy - t * ab[:, 1, None, None])
    # windows that reach past the image are clipped to it (the canvas edge cuts the ink, as on screen)
    padded = np.full((height + 2 * k, width + 2 * k), np.inf)
    inside = (xs + k >= 0) & (xs + k < width + 2 * k) & (ys + k >= 0) & (ys + k < height + 2 * k)
    yy, xx = np.broadcast_arrays(ys + k, xs + k)
    np.minimum.at(padded, (yy[inside], xx[inside]), np.broadcast_to(d, yy.shape)[inside])
    dist = padded[k : k + height, k : k + width]
    # coverage of a pixel by the pen's edge ~ clip(radius - distance + 1/2)
    return np.clip(radius + 0.5 - dist, 0, 1).astype(np.float32)


def strokes_to_mnist(strokes, pen_width=MNIST_PEN_WIDTH):
    """Strokes (lists of (x, y) points, y down) -> the 28x28 float32 image an MNIST network expects;
    `pen_width` in box pixels (20 across the ink), MNIST's mean stroke width by default."""
    image = render_strokes(strokes, pen_width)
    if image is None:
        return np.zeros((MNIST_SIZE, MNIST_SIZE), np.float32)
    return image_to_mnist(image)
