"""Golden Zebra (a) and (b) data sets (Spec/Datasets.md, the Zebra generator; seed 000 Figure 2),
made the way the original generator makes them: numpy's legacy global generator seeded 42.
    np.random.seed(42)
    Zebra (a), 110 points: x = 0 (10 times), 10 (10 times), ..., 100; y = 100 * rand(110);
                           label 0 where x is a multiple of 20, else 1.
    Zebra (b), 220 points: Zebra (a), then y2 = the same grid as x, x2 = 100 + 100 * rand(110)
                           (the same stream, continued); label 0 where y2 is a multiple of 20.
Also writes B (the mean distance to the k-th nearest other point, NNKNN-4) for k = 1 and 5.
Coordinates are also written as IEEE-754 bit patterns (xBits, hex), compared exactly.
Run: python3 Fixtures/golden/make_zebra.py  (writes zebra.json next to this file).
"""
import json
import os

import numpy as np

np.random.seed(42)
grid = np.repeat(np.arange(0, 101, 10), 10).astype(float)
y = 100 * np.random.rand(110)
a_x = np.stack([grid, y], axis=1)
a_y = np.where(grid % 20 == 0, 0, 1)
x2 = 100 + 100 * np.random.rand(110)
b_x = np.concatenate([a_x, np.stack([x2, grid], axis=1)])
b_y = np.concatenate([a_y, np.where(grid % 20 == 0, 0, 1)])


def mean_kth(points, k):
    d = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    return float(np.sort(d, axis=1)[:, k - 1].mean())


def bits(points):
    """Row-major IEEE-754 bit patterns as hex strings: readers whose JSON number parsing is not
    correctly rounded (Foundation's JSONSerialization on Linux) still compare exactly."""
    return [format(int(v), "016x") for v in points.reshape(-1).view(np.uint64)]


out = {
    "numpy": np.__version__,
    "a": {"x": [[float(v) for v in row] for row in a_x], "xBits": bits(a_x), "labels": [int(v) for v in a_y],
          "B": {"1": mean_kth(a_x, 1), "5": mean_kth(a_x, 5)}},
    "b": {"x": [[float(v) for v in row] for row in b_x], "xBits": bits(b_x), "labels": [int(v) for v in b_y],
          "B": {"1": mean_kth(b_x, 1), "5": mean_kth(b_x, 5)}},
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "zebra.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print({k: out[k]["B"] for k in "ab"}, y[:3], x2[:3])
