"""Golden values for the DkNN (Spec/DkNN.md DKNN-2 ... DKNN-7, DKNN-10, DKNN-11).

A numpy transcription of the two reference codes' arithmetic, with scikit-learn's exact search
(NearestNeighbors(algorithm='brute')) standing in for their approximate one:
- Papernot & McDaniel (cleverhans dknn.py): rows divided by np.linalg.norm, the training mean of
  the unit rows subtracted (training and queries); per layer the k nearest training rows; the
  nonconformity k L - (neighbours with label j) via np.bincount; calibration scores sorted, and
  np.trim_zeros(trim='f') for the reference's variant; p_j = (|A| - bisect_left(A, alpha_j)) / |A|
  (in float64 here, the reference keeps float32); prediction np.argmax, credibility np.max,
  confidence 1 - np.sort(p)[-2].
- Wallace et al.: the labels of the pooled neighbours (all layers in layer order, or the last
  layer), fractions per class, collections.Counter(...).most_common() for the prediction.
Data: three Gaussian classes at three layers of widths 5, 3, 2 (seed 20261201), 80 training
points, 25 calibration points, 20 queries, k = 10. Random doubles, so no distance ties.
Run: python3 Fixtures/golden/make_dknn.py (writes dknn.json next to this file).
"""
import bisect
import collections
import json
import os

import numpy as np
import sklearn
from sklearn.neighbors import NearestNeighbors

rng = np.random.RandomState(20261201)
WIDTHS, CLASSES, K = [5, 3, 2], 3, 10
N, M, Q = 80, 25, 20
centres = [rng.normal(0, 4.0, size=(CLASSES, w)) for w in WIDTHS]


def points(count):
    labels = rng.randint(0, CLASSES, size=count)
    return [centres[l][labels] + rng.normal(0, 1, size=(count, w)) for l, w in enumerate(WIDTHS)], labels


training, training_labels = points(N)
calibration, calibration_labels = points(M)
queries, _ = points(Q)


def space(name, train, others):
    if name == "raw":
        return train, others
    out_train, out_others, centres_ = [], [[] for _ in others], []
    for l, t in enumerate(train):
        u = t / np.linalg.norm(t, axis=1).reshape(-1, 1)
        c = np.mean(u, axis=0)
        out_train.append(u - c)
        for o, other in enumerate(others):
            v = other[l] / np.linalg.norm(other[l], axis=1).reshape(-1, 1)
            out_others[o].append(v - c)
    return out_train, out_others


def neighbours(train, query):
    result = []
    for t, q in zip(train, query):
        distances, indices = NearestNeighbors(n_neighbors=K, algorithm="brute").fit(t).kneighbors(q)
        result.append((indices, distances))
    return result


def nonconformity(found):
    rows = found[0][0].shape[0]
    out = np.zeros((rows, CLASSES), dtype=np.int64)
    for i in range(rows):
        in_class = np.array([np.bincount(training_labels[ind[i]], minlength=CLASSES) for ind, _ in found])
        for j in range(CLASSES):
            out[i, j] = len(found) * K - in_class[:, j].sum()
    return out


def papernot(found_cal, found_query, trim):
    cal = nonconformity(found_cal)
    scores = np.sort(np.array([cal[i, calibration_labels[i]] for i in range(M)]))
    if trim:
        scores = np.trim_zeros(scores, trim="f")
    alphas = nonconformity(found_query)
    p = np.array([[(len(scores) - bisect.bisect_left(list(scores), a)) / float(len(scores)) for a in row] for row in alphas])
    return {"scores": [int(s) for s in scores], "pValues": p.tolist(), "prediction": np.argmax(p, axis=1).tolist(),
            "credibility": np.max(p, axis=1).tolist(), "confidence": (1 - np.sort(p, axis=1)[:, -2]).tolist()}


def wallace(found_query, pooling):
    layers = found_query if pooling == "allLayers" else found_query[-1:]
    fractions, predictions, credibility, confidence = [], [], [], []
    for i in range(Q):
        pool = [int(training_labels[j]) for ind, _ in layers for j in ind[i]]
        counts = collections.Counter(pool).most_common()
        fractions.append([pool.count(c) / len(pool) for c in range(CLASSES)])
        predictions.append(counts[0][0])
        credibility.append(counts[0][1] / len(pool))
        confidence.append(1 - (counts[1][1] / len(pool) if len(counts) > 1 else 0.0))
    return {"conformity": fractions, "prediction": predictions, "credibility": credibility, "confidence": confidence}


out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "k": K, "classes": CLASSES,
       "training": [t.tolist() for t in training], "trainingLabels": training_labels.tolist(),
       "calibration": [c.tolist() for c in calibration], "calibrationLabels": calibration_labels.tolist(),
       "queries": [q.tolist() for q in queries], "spaces": {}}
for name in ["raw", "unitNormalizedCentered"]:
    train, (cal, query) = space(name, training, [calibration, queries])
    found_cal, found_query = neighbours(train, cal), neighbours(train, query)
    case = {"neighbors": [ind.tolist() for ind, _ in found_query], "distances": [d.tolist() for _, d in found_query],
            "nonconformity": nonconformity(found_query).tolist(),
            "keepZeros": papernot(found_cal, found_query, False), "trimZeros": papernot(found_cal, found_query, True)}
    if name == "raw":
        case["allLayers"] = wallace(found_query, "allLayers")
        case["lastLayer"] = wallace(found_query, "lastLayer")
    out["spaces"][name] = case

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dknn.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
