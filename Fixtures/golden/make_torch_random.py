"""Golden values for PyTorch's CPU generator (Spec/Randomness.md RAND-30 to RAND-39,
Spec/Networks.md NET-100 to NET-103, Spec/AbsMahalanobis.md ABS-40 to ABS-42).

Run from the repository root:  python3 Fixtures/golden/make_torch_random.py
(writes Fixtures/golden/torch_random.json). Needs torch (2.15 CPU made the committed file).

torch compiles its CPU kernels once per instruction set and picks one at start-up; the
environment variable ATEN_CPU_CAPABILITY (default, avx2, avx512) forces one. The script runs
itself once per capability in a child process and stores what each gives. Paths whose result
cannot depend on the build (words, integers, rand, randn in double) are stored once under
"common", and the script asserts that every capability agrees on them.

Every case starts from torch.manual_seed(seed). Floats are written with repr(), so they parse
back to the identical double (float32 values as the double of the float). Large tensors are
stored as a checksum of all elements plus a few values: fnv1a64 = FNV-1a 64 over the
little-endian IEEE bytes of each element (4 bytes for float32, 8 for float64 and int64), with the
standard offset basis 0xcbf29ce484222325 and prime 0x100000001b3.
"""
import json
import math
import os
import platform
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "torch_random.json")
AUTHOR_DATA = os.path.join(HERE, "..", "abs-node", "author_experiment1_data.json")
SEEDS = [0, 3, 2**40 + 7]
SIZES = [1, 15, 16, 17, 1000]
CAPABILITIES = ["default", "avx2", "avx512"]
FULL_LIMIT = 17  # sizes up to this are stored in full; larger ones as checksum + head + tail


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def values(t):
    """A tensor as JSON: in full when small, else a checksum of all elements and a few values."""
    import torch
    flat = t.detach().reshape(-1)
    if flat.dtype == torch.float32:
        data = struct.pack("<%df" % flat.numel(), *flat.tolist())
        vals = [float(v) for v in flat.tolist()]
    elif flat.dtype == torch.float64:
        data = struct.pack("<%dd" % flat.numel(), *flat.tolist())
        vals = [float(v) for v in flat.tolist()]
    else:
        data = struct.pack("<%dq" % flat.numel(), *[int(v) for v in flat.tolist()])
        vals = [int(v) for v in flat.tolist()]
    if len(vals) <= FULL_LIMIT:
        return {"count": len(vals), "values": vals}
    return {"count": len(vals), "fnv1a64": str(fnv1a64(data)), "head": vals[:4], "tail": vals[-4:],
            "sum": float(sum(float(v) for v in vals))}


def dtype_of(name):
    import torch
    return {"float32": torch.float32, "float64": torch.float64}[name]


def capability_cases():
    """Everything one capability gives (run in a child with ATEN_CPU_CAPABILITY set)."""
    import torch
    import torch.nn as nn
    torch.set_num_threads(1)
    out = {"reported": torch.backends.cpu.get_cpu_capability(), "seeds": []}
    for seed in SEEDS:
        case = {"seed": str(seed), "paths": {}}
        p = case["paths"]

        def fresh():
            torch.manual_seed(seed)

        state = torch.get_rng_state().numpy().tobytes()
        fresh()
        state = torch.get_rng_state().numpy().tobytes()
        initial_seed, left, seeded, nxt = struct.unpack_from("<QiiQ", state, 0)
        key = struct.unpack_from("<624Q", state, 24)
        case["state_after_seed"] = {"initial_seed": str(initial_seed), "key_head": [int(k) for k in key[:6]],
                                    "key_fnv1a64": str(fnv1a64(struct.pack("<624I", *key)))}
        for n in SIZES:
            for dt in ["float32", "float64"]:
                fresh(); p[f"rand_{dt}_{n}"] = values(torch.rand(n, dtype=dtype_of(dt)))
                fresh(); p[f"uniform_m0.7_0.9_{dt}_{n}"] = values(torch.empty(n, dtype=dtype_of(dt)).uniform_(-0.7, 0.9))
                fresh(); p[f"randn_{dt}_{n}"] = values(torch.randn(n, dtype=dtype_of(dt)))
                fresh(); p[f"normal_0.5_0.3_{dt}_{n}"] = values(torch.empty(n, dtype=dtype_of(dt)).normal_(0.5, 0.3))
                probabilities = torch.tensor([i / (n - 1) if n > 1 else 0.0 for i in range(n)], dtype=dtype_of(dt))  # i / (n - 1), rounded to dt
                fresh(); p[f"bernoulli_p_tensor_{dt}_{n}"] = values(torch.bernoulli(probabilities))
            fresh(); p[f"randint_m5_1000_{n}"] = values(torch.randint(-5, 1000, (n,)))
            fresh(); p[f"randint_0_2p40_{n}"] = values(torch.randint(0, 2**40, (n,)))
            fresh(); p[f"randperm_{n}"] = values(torch.randperm(n))
            fresh(); p[f"bernoulli_0.3_{n}"] = values(torch.empty(n).bernoulli_(0.3))
        fresh(); p["random_int64_5"] = values(torch.stack([torch.empty((), dtype=torch.int64).random_() for _ in range(5)]))
        # The cached Box-Muller partner: survives uniform draws and the blocked path, is used
        # by the next scalar-path normal, and manual_seed clears it.
        fresh()
        seq = [torch.randn(3, dtype=torch.float64), torch.rand(2, dtype=torch.float64), torch.randn(1, dtype=torch.float64),
               torch.randn(17, dtype=torch.float64), torch.randn(1, dtype=torch.float64)]
        p["cache_sequence_randn3_rand2_randn1_randn17_randn1"] = values(torch.cat(seq))
        case["initialisers"] = initialisers(seed)
        out["seeds"].append(case)
    out["author_experiment1"] = author_experiment1()
    return out


def initialisers(seed):
    """torch.nn.init functions and module constructors, each from a fresh manual_seed(seed)."""
    import torch
    import torch.nn as nn
    r = {}

    def fresh():
        torch.manual_seed(seed)

    for shape_name, shape in [("128x784", (128, 784)), ("64x3x3x3", (64, 3, 3, 3))]:
        fresh(); r[f"xavier_uniform_{shape_name}"] = values(nn.init.xavier_uniform_(torch.empty(shape)))
        fresh(); r[f"xavier_normal_{shape_name}"] = values(nn.init.xavier_normal_(torch.empty(shape)))
        fresh(); r[f"kaiming_uniform_relu_{shape_name}"] = values(nn.init.kaiming_uniform_(torch.empty(shape), nonlinearity="relu"))
        fresh(); r[f"kaiming_normal_relu_fanout_{shape_name}"] = values(nn.init.kaiming_normal_(torch.empty(shape), mode="fan_out", nonlinearity="relu"))
    fresh(); lin = nn.Linear(784, 128)
    r["Linear_784_128_weight"] = values(lin.weight); r["Linear_784_128_bias"] = values(lin.bias)
    fresh(); conv = nn.Conv2d(3, 64, 3)
    r["Conv2d_3_64_3_weight"] = values(conv.weight); r["Conv2d_3_64_3_bias"] = values(conv.bias)
    fresh(); emb = nn.Embedding(1000, 16)
    r["Embedding_1000_16_weight"] = values(emb.weight)
    fresh(); lstm = nn.LSTM(10, 20, num_layers=2)
    r["LSTM_10_20_2_parameters"] = [[name, list(t.shape), values(t)] for name, t in lstm.named_parameters()]
    fresh(); seqnet = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    r["Sequential_4_3_2_parameters"] = [[name, list(t.shape), values(t)] for name, t in seqnet.named_parameters()]
    torch.set_default_dtype(torch.float64)
    fresh(); lin64 = nn.Linear(784, 128)
    r["Linear_784_128_float64_weight"] = values(lin64.weight); r["Linear_784_128_float64_bias"] = values(lin64.bias)
    torch.set_default_dtype(torch.float32)
    return r


def author_experiment1():
    """The author's Experiment 1 stream from torch.manual_seed(3) (ABS-40 ... ABS-42).

    cpu_data: what their GaussianDataset draws when run on a CPU (they ran on CUDA):
    MultivariateNormal([3, 2], [[2, -1], [-1, 1]]).sample((1024,)) in float32, with the
    factor torch's float32 Cholesky gives. models: for each of the four runs, the initial
    weight and bias of every model, made on the author's stored data (the fixture
    abs-node/author_experiment1_data.json), as their loop makes them: nn.Linear(2, 1),
    xavier_uniform_, zeros_, z (randint over the data, or uniform_(-8, 8) of 2 floats),
    b = -W z, a fresh uniform z while the node is dead, then 200 epochs of a shuffled
    DataLoader (two int64 random_() draws each).
    """
    import torch
    import torch.nn as nn
    result = {}
    torch.manual_seed(3)
    dist = torch.distributions.MultivariateNormal(torch.tensor([3.0, 2.0]), torch.tensor([[2.0, -1.0], [-1.0, 1.0]]))
    x = dist.sample((1024,))
    result["cpu_data"] = {"scale_tril": [float(v) for v in dist._unbroadcasted_scale_tril.reshape(-1).tolist()],
                          "first_points": [[float(a), float(b)] for a, b in x[:8].tolist()], "all": values(x),
                          "next_rand_float64": float(torch.rand(1, dtype=torch.float64).item())}
    if not os.path.exists(AUTHOR_DATA):
        return result
    with open(AUTHOR_DATA) as f:
        stored = json.load(f)
    X = torch.tensor(stored["x"], dtype=torch.float32)
    runs = {}
    for condition in ["uniform", "data"]:
        for activation in ["relu", "abs"]:
            act = torch.relu if activation == "relu" else torch.abs
            torch.manual_seed(3)
            weights, biases, reinit = [], [], 0
            for _ in range(300):
                lin = nn.Linear(2, 1)
                nn.init.xavier_uniform_(lin.weight)
                nn.init.zeros_(lin.bias)
                if condition == "data":
                    z = X[torch.randint(0, X.size(0), (1,)).item()]
                else:
                    z = torch.FloatTensor(2).uniform_(-8, 8)
                with torch.no_grad():
                    lin.bias.data = -lin.weight.data @ z
                    while act(lin(X)).sum().item() == 0:
                        lin.bias.data = -lin.weight.data @ torch.FloatTensor(2).uniform_(-8, 8)
                        reinit += 1
                weights.append(lin.weight.detach().reshape(2)); biases.append(lin.bias.detach().reshape(1))
                for _ in range(2 * 200):
                    torch.empty((), dtype=torch.int64).random_()
            w = torch.stack(weights); b = torch.cat(biases)
            runs[f"{condition}_{activation}"] = {"weights": values(w), "biases": values(b), "reinitialisations": reinit,
                                                 "first_models": [[float(w[i, 0]), float(w[i, 1]), float(b[i])] for i in range(5)]}
    result["models"] = runs
    return result


def large_randperm():
    """randperm at the first n of its inside-out algorithm (RAND-37): 214,748,364 elements, which
    cannot be stored; recorded as the weighted sum sum_i (i + 1) r[i] mod 2^64 (any two swapped
    entries change it) and the values at a few positions. torch takes about two minutes."""
    import numpy as np
    import torch
    n = 214748364
    torch.manual_seed(0)
    r = torch.randperm(n).numpy()
    weighted = int((r.astype(np.uint64) * np.arange(1, n + 1, dtype=np.uint64)).sum(dtype=np.uint64))
    positions = [0, 1, 2, 3, n // 3, n // 2, n - 3, n - 2, n - 1]
    return {"seed": 0, "n": n, "weighted_sum": str(weighted), "positions": positions, "values": [int(r[i]) for i in positions]}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--capability-run":
        json.dump(capability_cases(), sys.stdout)
        return
    import numpy
    import torch
    per = {}
    for cap in CAPABILITIES:
        env = dict(os.environ, ATEN_CPU_CAPABILITY=cap)
        text = subprocess.run([sys.executable, __file__, "--capability-run"], env=env, check=True,
                              capture_output=True, text=True).stdout
        per[cap] = json.loads(text)
        assert per[cap]["reported"].lower() == cap, (cap, per[cap]["reported"])
    # Paths that cannot depend on the build: stored once, checked equal across builds.
    independent = ["rand_", "randn_float64", "randint", "randperm", "bernoulli", "random_int64", "cache_sequence"]
    common = {"seeds": []}
    for i, seed_case in enumerate(per["default"]["seeds"]):
        shared = {k: v for k, v in seed_case["paths"].items() if any(k.startswith(s) for s in independent)}
        for cap in CAPABILITIES:
            other = per[cap]["seeds"][i]
            assert other["state_after_seed"] == seed_case["state_after_seed"]
            for k, v in shared.items():
                assert other["paths"][k] == v, (cap, k)
        common["seeds"].append({"seed": seed_case["seed"], "state_after_seed": seed_case["state_after_seed"], "paths": shared})
    for cap in CAPABILITIES:
        for seed_case in per[cap]["seeds"]:
            seed_case["paths"] = {k: v for k, v in seed_case["paths"].items() if not any(k.startswith(s) for s in independent)}
            del seed_case["state_after_seed"]
    doc = {
        "torch": f"torch {torch.__version__}, numpy {numpy.__version__}, python {platform.python_version()}, {platform.machine()}",
        "note": "Made by Fixtures/golden/make_torch_random.py; see its docstring for the layout and the checksum.",
        "common": common,
        "randperm_large": large_randperm(),
        "capabilities": {cap: {"seeds": per[cap]["seeds"], "author_experiment1": per[cap]["author_experiment1"]} for cap in CAPABILITIES},
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
