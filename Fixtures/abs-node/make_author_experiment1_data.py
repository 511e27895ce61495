"""The Abs-node author's Experiment 1 data set, as stored in their repository (ABS-40).

alanoursland/NeuralNetworksAsNearestNeighbor keeps, for each of its four Experiment 1 runs,
src/results/ex1/<run>/gaussian_dataset.pt: one torch.save dictionary with X [1024, 2], Y [1024, 1],
mean [2] and cov_inv [2, 2], float32, on device cuda:0 (the points were drawn on a GPU, by CUDA's
Philox generator, so no CPU generator can redraw them). The four files are byte-identical
(git blob 481e407778d094f31270f2ade6f09ab697b72f7c). This script converts one to JSON with every
float32 written as repr() of its double, which parses back to the identical value.

    python3 Fixtures/abs-node/make_author_experiment1_data.py PATH/TO/gaussian_dataset.pt

(made with torch 2.15.0 from the repository snapshot at commit 1b2a107). Writes
author_experiment1_data.json next to this script.
"""
import hashlib
import json
import os
import sys

import torch


def main():
    path = sys.argv[1]
    raw = open(path, "rb").read()
    blob = hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()
    d = torch.load(path, map_location="cpu")
    assert d["X"].dtype == torch.float32 and tuple(d["X"].shape) == (1024, 2)
    doc = {
        "source": "alanoursland/NeuralNetworksAsNearestNeighbor, src/results/ex1/*/gaussian_dataset.pt (git blob %s), "
                  "converted by Fixtures/abs-node/make_author_experiment1_data.py with torch %s" % (blob, torch.__version__),
        "device": str(d["X"].device) + " (as saved: cuda:0)",
        "x": [[float(a), float(b)] for a, b in d["X"].tolist()],
        "y": [float(v) for v in d["Y"].reshape(-1).tolist()],
        "mean": [float(v) for v in d["mean"].tolist()],
        "cov_inv": [[float(v) for v in row] for row in d["cov_inv"].tolist()],
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "author_experiment1_data.json")
    with open(out, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
