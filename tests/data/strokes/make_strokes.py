"""Generate the robustness set of mouse-drawn digits: tests/data/strokes/digits.json.

Source: hand-authored stroke skeletons, one to three writing styles per digit (the order and direction a
person moves the mouse), in a unit box (x right, y down). Each sample applies a random affine variation
(height 70-230 px on a 280x280 canvas, width 80-120%, slant -0.35..0.35, rotation -12..12 degrees,
position anywhere it fits), jitters the control points by ~2% of the size (slowly varying along a
stroke), and samples the strokes every ~3 px as mouse move events arrive.
Rerun: python tests/data/strokes/make_strokes.py
"""

import json
import math
from pathlib import Path

import numpy as np

CANVAS = 280
PER_DIGIT = 10


def arc(cx, cy, rx, ry, a0, a1, n=24):
    """Points on an ellipse from angle a0 to a1 in degrees (0 = right, 90 = down, as on screen)."""
    a = np.radians(np.linspace(a0, a1, n))
    return [(cx + rx * math.cos(t), cy + ry * math.sin(t)) for t in a]


def curve(n, fx, fy):
    t = np.linspace(0, 2 * np.pi, n)
    return list(zip(fx(t), fy(t)))


# digit -> styles -> strokes -> control points (a stroke is drawn through its points in order)
STYLES = {
    0: [
        [arc(0.5, 0.5, 0.3, 0.45, -90, -450)],
        [arc(0.5, 0.5, 0.32, 0.45, -60, -430)],
    ],
    1: [
        [[(0.5, 0.03), (0.5, 0.97)]],
        [[(0.3, 0.22), (0.52, 0.03), (0.5, 0.97)]],
    ],
    2: [
        [arc(0.5, 0.3, 0.3, 0.25, 190, 360) + [(0.72, 0.55), (0.45, 0.75), (0.18, 0.96), (0.85, 0.95)]],
        [arc(0.48, 0.28, 0.3, 0.24, 200, 380) + [(0.55, 0.62), (0.2, 0.95), (0.5, 0.93), (0.85, 0.96)]],
    ],
    3: [
        [arc(0.5, 0.27, 0.28, 0.23, 200, 450) + arc(0.5, 0.73, 0.32, 0.24, 270, 520)],
        [[(0.2, 0.05), (0.8, 0.05), (0.45, 0.45)] + arc(0.5, 0.7, 0.3, 0.26, 250, 520)],
    ],
    4: [
        [[(0.6, 0.03), (0.12, 0.65), (0.88, 0.65)], [(0.68, 0.3), (0.68, 0.98)]],
        [[(0.2, 0.03), (0.18, 0.6), (0.85, 0.6)], [(0.7, 0.05), (0.7, 0.98)]],
        [[(0.2, 0.03), (0.18, 0.6), (0.7, 0.6), (0.7, 0.05), (0.72, 0.98)]],
    ],
    5: [
        [[(0.3, 0.05), (0.26, 0.45)] + arc(0.5, 0.68, 0.3, 0.27, 220, 520), [(0.3, 0.05), (0.82, 0.04)]],
        [[(0.8, 0.04), (0.3, 0.05), (0.26, 0.45)] + arc(0.5, 0.68, 0.3, 0.27, 220, 520)],
    ],
    6: [
        [[(0.72, 0.03), (0.42, 0.25), (0.22, 0.6)] + arc(0.5, 0.73, 0.28, 0.23, 180, -150)],
        [arc(1.15, 0.7, 0.92, 0.67, 245, 180) + arc(0.5, 0.72, 0.27, 0.24, 180, -170)],
    ],
    7: [
        [[(0.12, 0.04), (0.85, 0.04), (0.38, 0.97)]],
        [[(0.12, 0.04), (0.85, 0.04), (0.4, 0.97)], [(0.33, 0.5), (0.78, 0.5)]],
    ],
    8: [
        [curve(60, lambda t: 0.5 - 0.6 * np.sin(t) * np.cos(t), lambda t: 0.5 - 0.46 * np.cos(t))],
        [arc(0.5, 0.27, 0.24, 0.22, -20, -270) + arc(0.5, 0.73, 0.3, 0.24, -90, 270)
         + [(0.3, 0.45), (0.6, 0.2), (0.72, 0.2)]],
    ],
    9: [
        [arc(0.42, 0.28, 0.28, 0.24, 0, -360) + [(0.68, 0.5), (0.66, 0.97)]],
        [arc(0.45, 0.27, 0.27, 0.23, 10, -350) + [(0.72, 0.45), (0.68, 0.8), (0.55, 0.97)]],
    ],
}


def catmull_rom(points, spacing):
    """A smooth curve through the control points, sampled about every `spacing` units."""
    p = np.asarray(points, float)
    if len(p) < 3:
        n = max(2, int(np.hypot(*(p[-1] - p[0])) / spacing) + 1)
        return np.linspace(p[0], p[-1], n)
    p = np.vstack([p[0], p, p[-1]])
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        n = max(2, int(np.hypot(*(p2 - p1)) / spacing) + 1)
        t = np.linspace(0, 1, n, endpoint=False)[:, None]
        # uniform Catmull-Rom: passes through p1 at t=0 and p2 at t=1
        out.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                          + (3 * p1 - p0 - 3 * p2 + p3) * t**3))
    out.append(p[-2][None])
    return np.vstack(out)


def polyline(points, spacing):
    """Straight segments through the points (sharp corners, as in a 7 or a 4), sampled every `spacing`."""
    p = np.asarray(points, float)
    return np.vstack([np.linspace(a, b, max(2, int(np.hypot(*(b - a)) / spacing)), endpoint=False)
                      for a, b in zip(p[:-1], p[1:])] + [p[-1:]])


def smooth_noise(n, rng, size=0.02, span=8):
    """Random offsets (n, 2) that drift slowly along a stroke (a moving average of white noise), so a
    long arc wobbles like a hand, not like a saw."""
    if n <= 5:
        return rng.normal(0, size, (n, 2))
    white = rng.normal(0, size * np.sqrt(span), (n + span - 1, 2))
    kernel = np.ones(span) / span
    return np.stack([np.convolve(white[:, i], kernel, mode="valid") for i in range(2)], axis=1)


def sample(strokes, rng):
    height = rng.uniform(70, 230)
    width = height * rng.uniform(0.8, 1.2)
    slant = rng.uniform(-0.35, 0.35)
    angle = math.radians(rng.uniform(-12, 12))
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    drawn = []
    for stroke in strokes:
        p = np.asarray(stroke, float) + smooth_noise(len(stroke), rng)
        # a few control points are a polyline with corners; arcs are many points, drawn smoothly
        p = polyline(p, 0.01) if len(stroke) <= 5 else catmull_rom(p, 0.01)
        p = np.c_[(p[:, 0] - 0.5 + slant * (0.5 - p[:, 1])) * width, (p[:, 1] - 0.5) * height] @ rot.T
        drawn.append(p)
    allp = np.vstack(drawn)
    lo, hi = allp.min(0), allp.max(0)
    offset = np.array([rng.uniform(8 - lo[i], CANVAS - 8 - hi[i]) for i in range(2)])
    out = []
    for p in drawn:
        p = np.round(p + offset)
        # mouse moves arrive every few pixels: keep points at least 3 px apart
        keep = [p[0]]
        for q in p[1:]:
            if np.hypot(*(q - keep[-1])) >= 3:
                keep.append(q)
        out.append(np.array(keep).clip(0, CANVAS - 1).astype(int).tolist())
    return out


def main():
    rng = np.random.default_rng(2026)
    digits = []
    for label, styles in STYLES.items():
        for i in range(PER_DIGIT):
            digits.append({"label": label, "strokes": sample(styles[i % len(styles)], rng)})
    path = Path(__file__).with_name("digits.json")
    path.write_text(json.dumps({"canvas_size": CANVAS, "digits": digits}, separators=(",", ":")))
    print(f"wrote {len(digits)} digits to {path}")


if __name__ == "__main__":
    main()
