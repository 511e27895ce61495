"""Golden values for numpy's legacy MT19937 RandomState (Spec/Randomness.md RAND-4 to RAND-10).

Run from anywhere: python3 Fixtures/golden/make_mt19937.py  (writes mt19937.json next to this file).
Every entry starts from a fresh np.random.RandomState(seed) (legacy init_genrand seeding).
Floats are written with repr(), so they parse back to the identical double.
"""
import json
import os
import platform

import numpy as np

SEEDS = [0, 1, 42, 2**32 - 1]


def fresh(seed):
    return np.random.RandomState(seed)


def ints(a):
    return [int(v) for v in a]


def floats(a):
    return [float(v) for v in a]


def entry(seed):
    raw = fresh(seed)._bit_generator.random_raw(20)
    # Cross-check: a full 32-bit legacy randint is the raw word itself (rng = 2^32 - 1).
    assert ints(raw) == ints(fresh(seed).randint(0, 2**32, size=20, dtype=np.uint64))
    rs = fresh(seed)
    first_sample = rs.random_sample()
    rs = fresh(seed)
    arr = np.arange(37)
    rs.shuffle(arr)
    # Interleaving checks that the cached second normal survives other draws (legacy has_gauss).
    rs = fresh(seed)
    interleaved = [
        float(rs.standard_normal()),
        float(rs.random_sample()),
        float(rs.standard_normal()),
        float(rs.standard_normal()),
        float(rs.randint(0, 10)),
        float(rs.standard_normal()),
    ]
    return {
        "seed": seed,
        "raw32": ints(raw),
        "random_sample": floats(fresh(seed).random_sample(20)),
        "permutation10": ints(fresh(seed).permutation(10)),
        "permutation150": ints(fresh(seed).permutation(150)),
        "shuffle_arange37": ints(arr),
        "standard_normal": floats(fresh(seed).standard_normal(20)),
        "randint_0_7": ints(fresh(seed).randint(0, 7, size=20)),
        "randint_0_1000": ints(fresh(seed).randint(0, 1000, size=20)),
        "randint_m5_5": ints(fresh(seed).randint(-5, 5, size=20)),
        # Ranges above 2^32 - 1 use masked rejection on 64-bit draws (hi word first).
        "randint_0_2p40": ints(fresh(seed).randint(0, 2**40, size=10)),
        "randint_m2p62_2p62": ints(fresh(seed).randint(-2**62, 2**62, size=10)),
        "uint64_full": ints(fresh(seed).randint(0, 2**64, size=5, dtype=np.uint64)),
        "uniform_m8_8": floats(fresh(seed).uniform(-8, 8, size=10)),
        "interleaved_normal_sample_normal_normal_randint10_normal": interleaved,
        "first_random_sample": float(first_sample),
    }


def dump(doc):
    # One array per line, keeps the diff readable; json.dumps writes floats with repr().
    lines = ["{", f' "numpy": {json.dumps(doc["numpy"])},', ' "cases": [']
    for i, case in enumerate(doc["cases"]):
        items = [f'   "{k}": {json.dumps(v)}' for k, v in case.items()]
        lines.append("  {\n" + ",\n".join(items) + "\n  }" + ("," if i + 1 < len(doc["cases"]) else ""))
    lines += [" ]", "}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    doc = {"numpy": f"numpy {np.__version__}, python {platform.python_version()}",
           "cases": [entry(s) for s in SEEDS]}
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mt19937.json")
    with open(out, "w") as f:
        f.write(dump(doc))
    print("wrote", out)
