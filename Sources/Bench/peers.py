#!/usr/bin/env python3
"""Peers for `bench` (Spec FOUND-14): runs the same workloads in numpy, scikit-learn and PyTorch
(float64, CPU; each optional) beside this project's `bench --json`, and prints ours and theirs side
by side with the ratio of times (ours / peer: below 1 means we are faster).

Absolute times on a shared machine drift; ratios taken in one run do not. Each workload alternates
ours and the peers `--rounds` times and keeps the best time of each.

    swift build -c release
    python3 Sources/Bench/peers.py                      # gemm, pairwise, mlp at 1 and 2 threads
    python3 Sources/Bench/peers.py search --queries 1000
    python3 Sources/Bench/peers.py deep --threads 2 --quick
    python3 Sources/Bench/peers.py all --json peers.json

Needs Python 3.9+; numpy, scikit-learn and torch are each used when importable.
"""
import argparse
import json
import os
import subprocess
import sys
import textwrap

WORKLOADS = ["gemm", "pairwise", "mlp", "search", "deep"]

# Each peer runs in a fresh interpreter so that its BLAS / OpenMP thread count is set before import.
PEER_CODE = {
    ("gemm", "numpy"): """
        import numpy as np, time
        out = []
        for n in SIZES:
            a = np.random.default_rng(1).random((n, n)) - 0.5; b = np.random.default_rng(2).random((n, n)) - 0.5
            a @ b
            best = best_within(lambda: a @ b)
            out.append({"size": f"{n}x{n}x{n}", "seconds": best})
        """,
    ("gemm", "torch"): """
        import torch
        torch.set_num_threads(THREADS)
        out = []
        for n in SIZES:
            a = torch.rand(n, n, dtype=torch.float64) - 0.5; b = torch.rand(n, n, dtype=torch.float64) - 0.5
            a @ b
            best = best_within(lambda: a @ b)
            out.append({"size": f"{n}x{n}x{n}", "seconds": best})
        """,
    ("pairwise", "scikit-learn"): """
        import numpy as np
        from sklearn.metrics.pairwise import euclidean_distances
        x = np.random.default_rng(3).random((1000, 784)) - 0.5; y = np.random.default_rng(4).random((4000, 784)) - 0.5
        best = min(timed(lambda: euclidean_distances(x, y, squared=True)) for _ in range(3))
        out = [{"size": "1000x4000x784 fast", "seconds": best}]
        """,
    ("mlp", "torch"): """
        import torch
        torch.set_num_threads(THREADS)
        torch.manual_seed(5)
        model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).double()
        opt = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
        x = torch.rand(10000, 784, dtype=torch.float64) - 0.5; y = torch.arange(10000) % 10
        def epoch():
            for s in range(0, 10000, 64):
                opt.zero_grad()
                loss = torch.nn.functional.cross_entropy(model(x[s:s + 64]), y[s:s + 64])
                loss.backward(); opt.step()
        out = [{"size": "784-128-10 relu, batch 64, 10000", "seconds": min(timed(epoch) for _ in range(2))}]
        # One abs-table5 model epoch (ABS-24), one thread as the reproduction runs it: logits are
        # -|W2 |W1 x + b1| + b2|, the input needs no gradient, then the 1,000-row test pass.
        torch.set_num_threads(1)
        class Abs(torch.nn.Module):
            def forward(self, t): return t.abs()
        model = torch.nn.Sequential(torch.nn.Linear(784, 128), Abs(), torch.nn.Linear(128, 10), Abs()).double()
        opt = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
        test = torch.rand(1000, 784, dtype=torch.float64) - 0.5
        def abs_epoch():
            for s in range(0, 10000, 64):
                opt.zero_grad()
                loss = torch.nn.functional.cross_entropy(-model(x[s:s + 64]), y[s:s + 64])
                loss.backward(); opt.step()
            with torch.no_grad():
                -model(test)
        out.append({"size": "abs-table5 model epoch 784-128-10, batch 64, 10000 (closed form)", "seconds": min(timed(abs_epoch) for _ in range(3))})
        """,
    ("search", "scikit-learn"): """
        import numpy as np
        from sklearn.neighbors import NearestNeighbors
        train = np.random.default_rng(7).random((60000, 784)) - 0.5; queries = np.random.default_rng(8).random((QUERIES, 784)) - 0.5
        out = []
        for metric in ["euclidean", "cosine"]:
            nn = NearestNeighbors(n_neighbors=10, algorithm="brute", metric=metric, n_jobs=THREADS).fit(train)
            out.append({"size": f"{metric} {QUERIES}x60000x784 k=10", "seconds": timed(lambda: nn.kneighbors(queries))})
        """,
}

# The deep models are read from the golden generator (Fixtures/golden/make_deep_layers.py), which
# writes torchvision's ResNet and Papernot's CNN out itself; only its definitions are executed.
PEER_CODE[("deep", "torch")] = """
    import torch, torch.nn.functional as F, math
    torch.set_num_threads(THREADS)
    torch.set_default_dtype(torch.float64)
    source = open(os.path.join(ROOT, "Fixtures", "golden", "make_deep_layers.py")).read()
    namespace = {"torch": torch, "nn": torch.nn, "F": F, "math": math}
    exec(source[source.index("def tf_same"):source.index("def cotangent")], namespace)
    exec(source[source.index("# ---------------------------------------------------------------- architectures"):source.index("entries = {}")], namespace)
    def step(model, shape, repeats):
        x = torch.rand(*shape); labels = torch.arange(shape[0]) % 10
        model.train()
        def run():
            model.zero_grad(set_to_none=True)
            F.cross_entropy(model(x), labels).backward()
        run()
        return min(timed(run) for _ in range(repeats))
    out = [{"size": "resnet18 width 1/4, batch 64, 3x32x32", "seconds": step(namespace["ResNet"]([2, 2, 2, 2], 3, 10, 0.25, "small"), (64, 3, 32, 32), 3)},
           {"size": "papernot cnn, batch 500, 1x28x28", "seconds": step(namespace["papernot"](64), (500, 1, 28, 28), 3)}]
    # The BiLSTM classifier as the text goldens define it (Fixtures/golden/make_text_layers.py).
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
    text = open(os.path.join(ROOT, "Fixtures", "golden", "make_text_layers.py")).read()
    namespace.update({"pack_padded_sequence": pack_padded_sequence, "pad_packed_sequence": pad_packed_sequence})
    exec(text[text.index("def lengths_of"):text.index("class KimCNN")], namespace)
    bilstm = namespace["BiLSTMClassifier"](1000, 300, 300, 3, 0.4, 300, 10)
    ids = torch.randint(1, 1000, (128, 20)); text_labels = torch.arange(128) % 10
    bilstm.train()
    def text_run():
        bilstm.zero_grad(set_to_none=True)
        F.cross_entropy(bilstm(ids), text_labels).backward()
    text_run()
    out.append({"size": "bilstm 3 layers 300 units, batch 128x20 tokens", "seconds": min(timed(text_run) for _ in range(3))})
    if not QUICK:
        out.append({"size": "resnet18 width 1, batch 64, 3x32x32", "seconds": step(namespace["ResNet"]([2, 2, 2, 2], 3, 10, 1, "small"), (64, 3, 32, 32), 1)})
    """

PRELUDE = """
import json, os, sys, time
THREADS = int(os.environ["PEER_THREADS"]); SIZES = json.loads(os.environ["PEER_SIZES"]); QUERIES = int(os.environ["PEER_QUERIES"])
QUICK = os.environ["PEER_QUICK"] == "1"; ROOT = os.environ["PEER_ROOT"]
def timed(f):
    t = time.perf_counter(); f(); return time.perf_counter() - t
def best_within(f, budget=1.0, minimum=5, maximum=50):
    # bench's bestWithin: at least `minimum` runs, then more until about `budget` seconds.
    best, spent, runs = float("inf"), 0.0, 0
    while runs < minimum or (spent < budget and runs < maximum):
        t = timed(f); best = min(best, t); spent += t; runs += 1
    return best
"""


ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run_peer(workload, peer, threads, sizes, queries, quick):
    env = dict(os.environ, PEER_THREADS=str(threads), PEER_SIZES=json.dumps(sizes), PEER_QUERIES=str(queries),
               PEER_QUICK="1" if quick else "0", PEER_ROOT=ROOT)
    for var in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"]:
        env[var] = str(threads)
    code = PRELUDE + textwrap.dedent(PEER_CODE[(workload, peer)]) + "\nprint(json.dumps(out))\n"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["failed"])[-1]
        return None, last
    return json.loads(result.stdout.strip().splitlines()[-1]), None


def run_ours(bench, workload, threads, quick, queries):
    command = [bench, workload, "--threads", str(threads), "--json", "-"]
    if quick:
        command.append("--quick")
    if workload == "search":
        command += ["--queries", str(queries)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"peers.py: {' '.join(command)} failed: {result.stderr.strip()}")
    return json.loads(result.stdout)["measurements"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workloads", nargs="*", default=["gemm", "pairwise", "mlp"], help=f"{', '.join(WORKLOADS)} or all")
    parser.add_argument("--bench", default=".build/release/bench", help="the bench executable (default: %(default)s)")
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of ours and the peers; best time kept")
    parser.add_argument("--quick", action="store_true", help="smaller gemm sizes; deep: no ResNet18 at width 1")
    parser.add_argument("--queries", type=int, default=10000, help="search: number of queries")
    parser.add_argument("--json", help="also write the rows as JSON to this file")
    args = parser.parse_args()
    workloads = WORKLOADS if "all" in args.workloads else args.workloads
    for w in workloads:
        if w not in WORKLOADS:
            parser.error(f"unknown workload {w!r} (one of {', '.join(WORKLOADS)}, all)")
    if not os.access(args.bench, os.X_OK):
        parser.error(f"{args.bench} is not an executable: build it with `swift build -c release` or pass --bench")
    threads = [int(t) for t in args.threads.split(",")]
    sizes = [256, 512] if args.quick else [256, 512, 1024]
    peers = sorted({p for (w, p) in PEER_CODE})
    rows = []
    for workload in workloads:
        for t in threads if workload != "search" else threads[-1:]:
            ours, theirs = {}, {}
            for _ in range(args.rounds):
                for m in run_ours(args.bench, workload, t, args.quick, args.queries):
                    key = m["size"]
                    if m["variant"] in ("naive", "reference"):
                        continue
                    ours[key] = min(ours.get(key, float("inf")), m["seconds"])
                for peer in peers:
                    if (workload, peer) not in PEER_CODE:
                        continue
                    measured, error = run_peer(workload, peer, t, sizes, args.queries, args.quick)
                    if error:
                        theirs.setdefault(peer, {})["error"] = error
                        continue
                    for m in measured:
                        slot = theirs.setdefault(peer, {})
                        slot[m["size"]] = min(slot.get(m["size"], float("inf")), m["seconds"])
            for size, seconds in ours.items():
                for peer, results in sorted(theirs.items()):
                    if size in results:
                        rows.append({"workload": workload, "size": size, "threads": t, "ours_seconds": seconds,
                                     "peer": peer, "peer_seconds": results[size], "ratio": seconds / results[size]})
                    elif "error" in results:
                        rows.append({"workload": workload, "size": size, "threads": t, "ours_seconds": seconds,
                                     "peer": peer, "peer_seconds": None, "ratio": None, "note": results["error"]})
    print(f"{'workload':9} {'size':36} {'thr':>3} {'ours s':>9} {'peer':13} {'peer s':>9} {'ours/peer':>9}")
    for r in rows:
        peer_s = f"{r['peer_seconds']:9.4f}" if r["peer_seconds"] is not None else "        -"
        ratio = f"{r['ratio']:9.2f}" if r["ratio"] is not None else f"  ({r.get('note', '')[:40]})"
        print(f"{r['workload']:9} {r['size']:36} {r['threads']:3d} {r['ours_seconds']:9.4f} {r['peer']:13} {peer_s} {ratio}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
