"""The benchmark of `oracle serve` (Spec/Oracle.md ORACLE-72): 10,000 knn.query requests with
n = 100 training points of d = 8 and one query each, k = 5, one per line, piped through the server.

    swift build -c release --product oracle --scratch-path .build-rel
    python3 Sources/Bench/serve_benchmark.py .build-rel/release/oracle

Writes the requests to a temporary file (not timed), then times the server reading them all and
checks that it wrote 10,000 answers and no error. Prints the wall-clock time and the server's CPU
time (user + system), which is what to compare on a machine shared with other work. Standard
library only.
"""
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

oracle = sys.argv[1] if len(sys.argv) > 1 else ".build/release/oracle"
count, n, d, k = 10_000, 100, 8, 5
generator = random.Random(16)
with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    for i in range(count):
        train = [round(generator.uniform(-1, 1), 6) for _ in range(n * d)]
        query = [round(generator.uniform(-1, 1), 6) for _ in range(d)]
        f.write(json.dumps({"id": i, "function": "knn.query", "arguments": {
            "train": {"shape": [n, d], "data": train}, "queries": {"shape": [1, d], "data": query}, "k": k}},
            separators=(",", ":")) + "\n")
    path = f.name
size = os.path.getsize(path)
with open(path, "rb") as requests:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([oracle, "serve"], stdin=requests, capture_output=True, check=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
os.unlink(path)
answers = result.stdout.decode().splitlines()
errors = sum('"error"' in line for line in answers)
print(f"{count} requests ({size / 1e6:.1f} MB) answered in {seconds:.2f} s "
      f"({count / seconds:.0f} requests/s), {cpu:.2f} s of CPU time; {len(answers)} answers, {errors} errors")
sys.exit(0 if len(answers) == count and errors == 0 else 1)
