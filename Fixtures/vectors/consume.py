#!/usr/bin/env python3
"""A consumer of the conformance vectors in this directory, in numpy only (Spec/Vectors.md VEC-20).

It implements, from the Spec alone, the kNN query (NBR-1, NBR-5), the Mahalanobis distance
(ABS-2 ... ABS-5), NN-kNN's default bias (NNKNN-4) and its forward pass with every gradient
(NNKNN-2 ... NNKNN-9, all five variants), runs them on every test of knn.json, mahalanobis.json and
nnknn.json, and reports each failure by file, tcId and flags. This is what a PyTorch or JAX
implementation does with the vectors; a page of numpy per function is enough.

    python3 consume.py                  check the implementations below; exit 1 on any failure
    python3 consume.py --plant BUG      the same with a planted bug (wrongTieRule, noSelfMatchMask,
                                        biasOffByOne): the vectors must report failures
    python3 consume.py --check-planted  the clean run passes and every planted bug is caught (VEC-21)
"""
import argparse
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BUGS = {
    "wrongTieRule": "kNN ranks equal distances by the higher index first",
    "noSelfMatchMask": "codeExcludeIdentical forgets to mask cases at distance < 1e-8",
    "biasOffByOne": "the default bias takes the (k-1)-th nearest other case instead of the k-th",
}
PLANT = None


class Refused(Exception):
    """The input is invalid: a conforming implementation raises."""


def tensor(value):
    """A {"shape", "data"} object, a plain array or a number, as a float64 array."""
    def number(x):
        return {"nan": np.nan, "inf": np.inf, "-inf": -np.inf}.get(x, x) if isinstance(x, str) else x
    if isinstance(value, dict):
        return np.array([number(x) for x in value["data"]], dtype=np.float64).reshape(value["shape"])
    if isinstance(value, list):
        return np.array([number(x) for x in value], dtype=np.float64)
    return np.array(number(value), dtype=np.float64)


def finite(*arrays):
    for a in arrays:
        if not np.all(np.isfinite(a)):
            raise Refused("non-finite input")


# ---------------------------------------------------------------- kNN query (NBR-1, NBR-5, NBR-6)
def distance(a, b, metric):
    t = a - b
    if metric == "manhattan":
        return float(np.sum(np.abs(t)))
    if metric == "cosine":
        if np.array_equal(a, b):
            return 0.0
        na, nb = float(a @ a), float(b @ b)
        if na == 0 or nb == 0:
            return 0.0 if na == nb else 1.0
        return min(2.0, max(0.0, 1 - float(a @ b) / (np.sqrt(na) * np.sqrt(nb))))
    s = float(t @ t)
    return s if metric == "sqeuclidean" else float(np.sqrt(s))


def knn_query(train, queries, k, metric="euclidean"):
    if train.ndim != 2 or queries.ndim != 2 or queries.shape[1] != train.shape[1]:
        raise Refused("shapes")
    if not 1 <= k <= train.shape[0]:
        raise Refused("k")
    finite(train, queries)
    indices, distances = [], []
    for q in queries:
        d = [distance(q, x, metric) for x in train]
        # Ties to the lower index (NBR-5); the planted bug breaks them the other way.
        order = sorted(range(len(d)), key=(lambda j: (d[j], -j)) if PLANT == "wrongTieRule" else (lambda j: (d[j], j)))[:k]
        indices.append(order)
        distances.append([d[j] for j in order])
    return {"indices": np.array(indices, dtype=np.float64), "distances": np.array(distances)}


# ---------------------------------------------------------------- Mahalanobis (ABS-2 ... ABS-5)
def mahalanobis(mean, covariance, x):
    d = mean.shape[0]
    if mean.ndim != 1 or d < 1 or covariance.shape != (d, d):
        raise Refused("shapes")
    x = x.reshape(1, -1) if x.ndim == 1 else x
    if x.shape[1] != d:
        raise Refused("x")
    finite(mean, covariance, x)
    try:
        factor = np.linalg.cholesky(covariance)                    # D_M = ||u||, L u = x - mu (ABS-2)
    except np.linalg.LinAlgError:
        raise Refused("not positive definite")
    values, vectors = np.linalg.eigh(covariance)
    values, vectors = values[::-1], vectors[:, ::-1]                # largest eigenvalue first
    centred = x - mean
    u = np.linalg.solve(factor, centred.T).T
    y = centred @ vectors / np.sqrt(values)                         # y_i = v_i . (x - mu) / sqrt(lambda_i) (ABS-3)
    return {"distance": np.sqrt(np.sum(u * u, axis=1)), "eigenForm": np.sqrt(np.sum(y * y, axis=1)),
            "componentDistances": np.abs(y), "l1": np.sum(np.abs(y), axis=1)}  # eq. 10 (ABS-5)


# ---------------------------------------------------------------- NN-kNN (NNKNN-2 ... NNKNN-9)
VARIANTS = {  # glocal, distance, relu case weights, exclude identical cases
    "code": ("code", "weightedEuclidean", False, False), "paper": ("paper", "paperAbsolute", False, False),
    "paperSquared": ("paper", "paperSquared", False, False), "codeReluCaseWeights": ("code", "weightedEuclidean", True, False),
    "codeExcludeIdentical": ("code", "weightedEuclidean", False, True),
}


def default_bias(cases, k):
    """B = mean over cases of the distance to the k-th nearest other case, self excluded by index."""
    n = cases.shape[0]
    if not 1 <= k < n:
        raise Refused("k")
    kth = []
    for i in range(n):
        others = sorted(float(np.sqrt(np.sum((cases[i] - cases[j]) ** 2))) for j in range(n) if j != i)
        position = k - 2 if PLANT == "biasOffByOne" else k - 1    # the planted bug counts the case itself
        kth.append(others[position] if position >= 0 else 0.0)
    return {"B": sum(kth) / n}


def leaky(x, slope):
    return np.where(x > 0, x, slope * x)


def leaky_grad(x, slope):
    return np.where(x > 0, 1.0, slope)                              # leakyReLU'(0) = slope (FOUND-24)


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def nnknn_forward(a, variant):
    glocal, kind, relu_weights, exclude = VARIANTS[variant]
    q, c = tensor(a["queries"]), tensor(a["cases"])
    labels_c, classes, B, slope = np.array(a["caseLabels"], dtype=int), int(a["classes"]), float(a["B"]), float(a.get("slope", 0.001))
    GW, cW, bias, cwt = tensor(a["GW"]), tensor(a["cW"]), tensor(a["bias"]), tensor(a["caseWeight"])
    if c.shape[0] < 2 or set(range(classes)) - set(labels_c.tolist()) or not B > 0:
        raise Refused("cases, classes or B")
    one_hot = np.eye(classes)[labels_c]                             # [n, C]
    gw = leaky(GW, slope)                                           # [w, d]
    coef = leaky(cW, slope) if glocal == "code" else cW             # [n, w]
    cw = coef @ gw                                                  # [n, d]  (NNKNN-2)
    diff = q[:, None, :] - c[None, :, :]                            # [m, n, d]
    if kind == "paperAbsolute":
        D = np.sum(cw[None] * np.abs(diff), axis=2)                 # (NNKNN-3)
    else:
        S = np.sum(cw[None] * diff ** 2, axis=2)
        D = np.sqrt(np.maximum(S, 0)) if kind == "weightedEuclidean" else S
    act = sigmoid((bias[None, :] - D) * (8 / B) - 4)                # (NNKNN-5)
    mask = (D >= 1e-8).astype(float) if exclude and PLANT != "noSelfMatchMask" else np.ones_like(D)
    weights = np.maximum(cwt, 0) if relu_weights else cwt
    A = (act * mask * weights[None, :]) @ one_hot                   # [m, C]
    out = {"distances": D, "activations": act * mask, "classActivations": A}
    if "labels" not in a:
        return out
    y = np.array(a["labels"], dtype=int)
    m = q.shape[0]
    shifted = A - A.max(axis=1, keepdims=True)
    p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    out["loss"] = float(-np.mean(np.log(p[np.arange(m), y])))      # (NNKNN-9)
    # Backward, layer by layer.
    dA = (p - np.eye(classes)[y]) / m
    dP = dA @ one_hot.T                                             # P = act mask weights
    d_weights = np.sum(dP * act * mask, axis=0)
    d_case_weight = d_weights * (cwt > 0) if relu_weights else d_weights
    dz = dP * weights[None, :] * mask * act * (1 - act)
    d_bias = np.sum(dz, axis=0) * (8 / B)
    dD = -dz * (8 / B)
    if kind == "paperAbsolute":
        d_cw = np.einsum("mn,mnd->nd", dD, np.abs(diff))
        dq = np.einsum("mn,nd,mnd->md", dD, cw, np.sign(diff))
    else:
        dS = np.where(S > 0, dD / (2 * np.where(S > 0, D, 1)), 0.0) if kind == "weightedEuclidean" else dD  # NNKNN-8
        d_cw = np.einsum("mn,mnd->nd", dS, diff ** 2)
        dq = np.einsum("mn,nd,mnd->md", dS, cw, 2 * diff)
    d_coef, d_gw = d_cw @ gw.T, coef.T @ d_cw
    d_cW = d_coef * leaky_grad(cW, slope) if glocal == "code" else d_coef
    out["gradients"] = {"GW": d_gw * leaky_grad(GW, slope), "cW": d_cW, "bias": d_bias, "caseWeight": d_case_weight, "queries": dq}
    return out


# ---------------------------------------------------------------- running the vectors (VEC-4)
IMPLEMENTATIONS = {
    "knn.query": lambda a, v: knn_query(tensor(a["train"]), tensor(a["queries"]), int(a["k"]), a.get("metric", "euclidean")),
    "mahalanobis.distance": lambda a, v: mahalanobis(tensor(a["mean"]), tensor(a["covariance"]), tensor(a["x"])),
    "nnknn.defaultBias": lambda a, v: default_bias(tensor(a["cases"]), int(a["k"])),
    "nnknn.forward": lambda a, v: nnknn_forward(a, v or "code"),
}


def compare(name, ours, expected, tolerance):
    """Problems of one result against the expected value (VEC-4's tolerance rule)."""
    if isinstance(expected, dict) and "shape" not in expected:
        return [p for key in expected for p in compare(f"{name}.{key}", (ours or {}).get(key), expected[key], tolerance)]
    want = tensor(expected)
    got = np.asarray(ours, dtype=np.float64).reshape(want.shape) if ours is not None and np.size(ours) == want.size else None
    if got is None:
        return [f"{name}: missing or of another size"]
    if not np.array_equal(np.isnan(got), np.isnan(want)) or not np.array_equal(got[np.isinf(want)], want[np.isinf(want)]):
        return [f"{name}: non-finite values differ"]
    fin = np.isfinite(want)
    if name.split(".")[-1] in tolerance["exact"]:
        return [] if np.array_equal(got[fin], want[fin]) else [f"{name}: not equal"]
    bound = tolerance["scaled"] * np.max(np.abs(want[fin]), initial=0.0) + tolerance["absolute"]
    error = np.max(np.abs(got[fin] - want[fin]), initial=0.0)
    return [] if error <= bound else [f"{name}: error {error:.3g} > {bound:.3g} (scaled {tolerance['scaled']:g}, absolute {tolerance['absolute']:g})"]


def run(directory):
    """Every test of the implemented functions; returns (tests run, failures)."""
    count, failures = 0, []
    for file in ["knn.json", "mahalanobis.json", "nnknn.json"]:
        with open(os.path.join(directory, file)) as f:
            vectors = json.load(f)
        for group in vectors["testGroups"]:
            implementation = IMPLEMENTATIONS.get(group["function"])
            if implementation is None:
                continue
            label = group["function"] + ("/" + group["variant"] if "variant" in group else "")
            for test in group["tests"]:
                count += 1
                where = f"{file} tcId {test['tcId']} [{', '.join(test['flags'])}] {label}"
                try:
                    ours = implementation(test["arguments"], group.get("variant"))
                except (Refused, ValueError, np.linalg.LinAlgError) as refusal:
                    if test["result"] != "invalid":
                        failures.append(f"{where}: refused a valid input ({refusal})")
                    continue
                if test["result"] == "invalid":
                    failures.append(f"{where}: accepted an invalid input")
                    continue
                failures += [f"{where}: {p}" for p in compare("", ours, test["expected"], group["tolerance"])]
    return count, failures


def main():
    global PLANT
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", default=HERE)
    parser.add_argument("--plant", choices=sorted(BUGS))
    parser.add_argument("--check-planted", action="store_true")
    options = parser.parse_args()
    PLANT = options.plant
    count, failures = run(options.dir)
    for failure in failures:
        print("FAIL " + failure)
    print(f"{count} tests, {len(failures)} failures" + (f" (planted bug: {PLANT})" if PLANT else ""))
    if not options.check_planted:
        return 1 if failures else 0
    if failures:
        print("the clean implementation fails: the planted-bug check is meaningless")
        return 1
    missed = []
    for bug, description in BUGS.items():
        PLANT = bug
        _, caught = run(options.dir)
        cases = sorted({c.split(":")[0] for c in caught})
        print(f"planted {bug} ({description}): caught by {len(cases)} tests" + (f", e.g. {cases[0]}" if cases else ""))
        if not caught:
            missed.append(bug)
    print("every planted bug is caught" if not missed else f"NOT caught: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
