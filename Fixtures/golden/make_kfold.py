"""Golden fold assignments of scikit-learn's KFold(n_splits, shuffle=True, random_state=seed)
(Spec/Evaluation.md EVAL-1). scikit-learn is not installed here, so this script performs
scikit-learn's documented algorithm (sklearn/model_selection/_split.py: KFold._iter_test_indices
and BaseCrossValidator.split) with numpy only:
    indices = np.arange(n); check_random_state(seed).shuffle(indices)   # RandomState(seed)
    fold_sizes = np.full(n_splits, n // n_splits); fold_sizes[:n % n_splits] += 1
    test fold i = indices[start:start + fold_sizes[i]], returned through a boolean mask (ascending).
Run: python3 Fixtures/golden/make_kfold.py  (writes kfold.json next to this file).
"""
import json
import os

import numpy as np

CASES = [(150, 10, 42), (178, 10, 42), (569, 10, 42), (625, 10, 42), (1797, 10, 42),
         (110, 10, 42), (220, 10, 42), (10, 3, 0), (7, 2, 1), (25, 5, 4294967295)]


def kfold_test_indices(n, n_splits, seed):
    indices = np.arange(n)
    np.random.RandomState(seed).shuffle(indices)
    fold_sizes = np.full(n_splits, n // n_splits, dtype=int)
    fold_sizes[: n % n_splits] += 1
    folds, current = [], 0
    for size in fold_sizes:
        mask = np.zeros(n, dtype=bool)
        mask[indices[current:current + size]] = True
        folds.append([int(i) for i in np.arange(n)[mask]])
        current += size
    return folds


out = [{"n": n, "splits": k, "seed": s, "testIndices": kfold_test_indices(n, k, s)} for n, k, s in CASES]
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kfold.json")
with open(path, "w") as f:
    json.dump({"numpy": np.__version__, "cases": out}, f, separators=(",", ":"))
    f.write("\n")
