"""Golden 2-D Gaussian sample (Spec/Datasets.md DATA-18): the Abs-node Experiment 1 distribution
N(mu = [3, 2], Sigma = [[2, -1], [-1, 1]]), n = 16, drawn as mean + RandomState(7).standard_normal((n, 2)) @ L.T
with L = np.linalg.cholesky(Sigma). Run: python3 Fixtures/golden/make_gaussian.py
"""
import json
import os

import numpy as np

mu = np.array([3.0, 2.0])
sigma = np.array([[2.0, -1.0], [-1.0, 1.0]])
L = np.linalg.cholesky(sigma)
z = np.random.RandomState(7).standard_normal((16, 2))
x = mu + z @ L.T
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "gaussian.json"), "w") as f:
    json.dump({"numpy": np.__version__, "seed": 7, "points": [[float(v) for v in r] for r in x],
               "pointBits": [format(int(v), "016x") for v in x.reshape(-1).view(np.uint64)]}, f, separators=(",", ":"))
    f.write("\n")
