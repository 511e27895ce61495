"""Goldens written by scikit-learn itself (Spec EVAL-40, NBR-31): KFold's test sets and
KNeighborsClassifier's predictions on the shipped data sets.

Run from the repository root:  python3 Fixtures/golden/make_sklearn.py
Writes sklearn.json next to this script; rerunning reproduces it byte for byte.

Contents:
- "kfold": KFold(n_splits, shuffle=True, random_state=seed).split(range(n)) test indices for the
  sizes of the shipped data sets (Iris 150, Wine 178, Breast Cancer 569, Balance 625, Digits 1797,
  Zebra (a) 110, Zebra (b) 220) with the reproductions' KFold(10, seed 42), and the small cases of
  kfold.json (n < splits * 2, seed 0, seed 2^32 - 1).
- "knn": for each shipped table (Fixtures/uci: iris, wine, breast_cancer, digits), the first two
  folds of KFold(10, shuffle=True, random_state=42); for k in 1, 4, 5, 15 and weights "uniform" and
  "distance": KNeighborsClassifier(n_neighbors=k, weights=w, algorithm="brute") fitted on the
  training rows and asked for predict (labels) and predict_proba (fractions) of the test rows, with
  kneighbors' distances. Features are the raw CSV values (no scaling).
"""
import csv
import gzip
import json
import os

import numpy as np
import sklearn
from sklearn.model_selection import KFold
from sklearn.neighbors import KNeighborsClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
UCI = os.path.join(HERE, "..", "uci")

KFOLD_CASES = [(150, 10, 42), (178, 10, 42), (569, 10, 42), (625, 10, 42), (1797, 10, 42), (110, 10, 42), (220, 10, 42),
               (10, 3, 0), (7, 2, 1), (25, 5, 4294967295)]


def read_table(name):
    """A scikit-learn CSV: a header line (n, d, class names...) unless gzip-compressed digits."""
    if name == "digits":
        with gzip.open(os.path.join(UCI, "digits.csv.gz"), "rt") as f:
            rows = [r for r in csv.reader(f) if r]
    else:
        with open(os.path.join(UCI, name + ".csv")) as f:
            rows = [r for r in csv.reader(f) if r][1:]
    x = np.array([[float(v) for v in r[:-1]] for r in rows])
    y = np.array([int(float(r[-1])) for r in rows])
    return x, y


kfold = []
for n, splits, seed in KFOLD_CASES:
    folds = KFold(n_splits=splits, shuffle=True, random_state=seed).split(np.arange(n))
    kfold.append({"n": n, "splits": splits, "seed": seed, "testIndices": [test.tolist() for _, test in folds]})

knn = []
for name in ["iris", "wine_data", "breast_cancer", "digits"]:
    x, y = read_table(name)
    folds = list(KFold(n_splits=10, shuffle=True, random_state=42).split(x))
    for fold, (train, test) in enumerate(folds[:2]):
        for k in [1, 4, 5, 15]:
            for weights in ["uniform", "distance"]:
                model = KNeighborsClassifier(n_neighbors=k, weights=weights, algorithm="brute").fit(x[train], y[train])
                distances, _ = model.kneighbors(x[test])
                knn.append({"data": name, "fold": fold, "k": k, "weights": weights, "classes": int(y.max()) + 1,
                            "train": train.tolist(), "test": test.tolist(),
                            "labels": model.predict(x[test]).tolist(),
                            "fractions": model.predict_proba(x[test]).tolist(),
                            "distances": distances.tolist()})

document = {"sklearn": sklearn.__version__, "numpy": np.__version__, "kfold": kfold, "knn": knn}
with open(os.path.join(HERE, "sklearn.json"), "w") as f:
    json.dump(document, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(kfold)} KFold cases and {len(knn)} kNN cases")
