"""The PyTorch peer of `bench --deep` (Spec NET-49): the same passes in float64 on the CPU with
2 threads. Each pass: training-mode forward, cross-entropy, backward (no optimiser step), on
random inputs; best of 3 after one warm-up (width 1: one timed pass).

Run: python3 Peers/bench_deep.py [--quick | --width-one]   (--quick skips ResNet18 at width 1,
--width-one runs only it)
The models are those of Fixtures/golden/make_deep_layers.py (torchvision's ResNet written out,
Papernot's CNN with TensorFlow SAME padding).
"""
import os
import resource
import sys
import time

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(2)
torch.set_default_dtype(torch.float64)
# Importing the generator module would rewrite the goldens: read only its model definitions.
source = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "golden", "make_deep_layers.py")).read()
definitions = source[source.index("# ---------------------------------------------------------------- architectures"):source.index("entries = {}")]
namespace = {"torch": torch, "nn": torch.nn, "F": F, "math": __import__("math")}
exec(source[source.index("def tf_same"):source.index("def cotangent")], namespace)
exec(definitions, namespace)


def step(name, model, shape, repeats):
    x = torch.rand(*shape)
    labels = torch.arange(shape[0]) % 10
    model.train()

    def run():
        model.zero_grad(set_to_none=True)
        F.cross_entropy(model(x), labels).backward()

    run()
    best, cpu = float("inf"), float("inf")
    for _ in range(repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        run()
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - cpu_start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:40s} {best:8.3f} s  (processor time {cpu:7.3f} s)   peak RSS {peak:6.0f} MiB")


print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, float64; seconds per forward + backward pass, best of 3")
if "--width-one" not in sys.argv:
    step("resnet18 width 1/4, batch 64, 3x32x32", namespace["ResNet"]([2, 2, 2, 2], 3, 10, 0.25, "small"), (64, 3, 32, 32), 3)
    step("papernot cnn, batch 500, 1x28x28", namespace["papernot"](64), (500, 1, 28, 28), 3)
if "--quick" not in sys.argv:
    step("resnet18 width 1, batch 64, 3x32x32", namespace["ResNet"]([2, 2, 2, 2], 3, 10, 1, "small"), (64, 3, 32, 32), 1)
