"""Goldens for the .npy reader and writer (Spec/Formats.md FMT-20 ... FMT-23), written by numpy.

Run from the repository root:  python3 Fixtures/golden/npy/make_npy.py
Writes next to this script: one .npy file per case and expected.json, which gives each file's
shape and its values in row-major order as doubles. Cases: every accepted dtype (float64, float32,
int64, int32, uint8) little- and big-endian, C and Fortran order, a 0-d array, an empty array, a
3-d Fortran array, format versions 2.0 and 3.0, and float64 arrays saved by np.save that the
writer must reproduce byte for byte.
"""
import json
import os

import numpy as np
from numpy.lib import format as npy_format

HERE = os.path.dirname(os.path.abspath(__file__))
base = np.array([[1.5, -2.0, 3.0], [4.0, 0.0, -6.25]])
integers = np.array([[1, -2, 3], [40000, 0, -6]])
cases = {}


def save(name, array, version=None):
    path = os.path.join(HERE, name + ".npy")
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as f:
            npy_format.write_array(f, array, version=version)
    cases[name] = {"shape": list(array.shape), "data": [float(v) for v in np.asarray(array, dtype=np.float64).reshape(-1, order="C")]}


for kind, values in [("f8", base), ("f4", base), ("i8", integers), ("i4", integers), ("u1", np.abs(integers) % 251)]:
    for order in ["<", ">"] if kind != "u1" else ["|"]:
        array = values.astype(np.dtype(order + kind))
        label = {"<": "le", ">": "be", "|": ""}[order]
        save(f"{kind}{label}_c", array)
        save(f"{kind}{label}_fortran", np.asfortranarray(array))
save("scalar", np.array(2.5))
save("empty", np.zeros((0, 3)))
save("cube_fortran", np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4) / 8))
save("vector", np.array([0.1, -1e300, 5e-324]))
save("version2", base, version=(2, 0))
save("version3", base, version=(3, 0))
save("int64_large", np.array([2**53, -(2**53)], dtype="<i8"))
with open(os.path.join(HERE, "int64_inexact.npy"), "wb") as f:
    np.save(f, np.array([2**53 + 1], dtype="<i8"))
with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({"numpy": np.__version__, "files": cases, "refused": {"int64_inexact": "inexactInteger"}}, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"wrote {len(cases) + 1} files")
