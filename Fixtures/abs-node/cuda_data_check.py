"""Are the Abs-node author's stored Experiment 1 points what their code draws on a GPU from seed 3?
(Spec/AbsMahalanobis.md ABS-40)

Runs their GaussianDataset on a CUDA device as their e1.py does (set_seed(3): torch.manual_seed(3),
which also seeds CUDA; MultivariateNormal(mean, cov) with mean and cov on the device;
sample((1024,)); Y = sqrt(sum(delta @ cov_inv * delta, 1))) and compares the points and targets
with Fixtures/abs-node/author_experiment1_data.json bit for bit (through SHA-256 of the float32
bytes, so the check also runs where the fixture is absent: compare the printed digests with
those of the fixture, printed when it is present).

    python3 Fixtures/abs-node/cuda_data_check.py    (needs torch with a CUDA device)

cuda_data_check.txt records the result on an NVIDIA H200 with torch 2.11.0+cu130: the points and
the targets are the stored ones, bit for bit.
"""
import hashlib
import json
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def digest(values):
    return hashlib.sha256(struct.pack("<%df" % len(values), *values)).hexdigest()


def main():
    print(f"torch {torch.__version__}, device {torch.cuda.get_device_name(0)}, CUDA {torch.version.cuda}")
    torch.manual_seed(3)
    torch.cuda.manual_seed(3)
    torch.cuda.manual_seed_all(3)
    device = torch.device("cuda")
    mean = torch.tensor([3.0, 2.0], device=device)
    cov = torch.tensor([[2.0, -1.0], [-1.0, 1.0]], device=device)
    dist = torch.distributions.MultivariateNormal(mean, cov)
    X = dist.sample((1024,)).to(device)
    cov_inv = torch.inverse(cov).to(device)
    delta = X - mean
    Y = torch.sqrt(torch.sum(delta @ cov_inv * delta, dim=1))
    x = X.reshape(-1).cpu().tolist()
    y = Y.cpu().tolist()
    print("first points:", [repr(v) for v in x[:8]])
    print("X sha256 (float32 bytes):", digest(x))
    print("Y sha256 (float32 bytes):", digest(y))
    path = os.path.join(HERE, "author_experiment1_data.json")
    if os.path.exists(path):
        stored = json.load(open(path))
        print("stored X sha256:", digest([v for row in stored["x"] for v in row]))
        print("stored Y sha256:", digest(stored["y"]))
    # The CPU generator is untouched by the GPU draws; its first xavier weight depends on the CPU build (RAND-31).
    lin = torch.nn.Linear(2, 1)
    torch.nn.init.xavier_uniform_(lin.weight)
    print("first model's xavier weight after the GPU data:", lin.weight.detach().reshape(-1).tolist(),
          "on CPU capability", torch.backends.cpu.get_cpu_capability())


if __name__ == "__main__":
    main()
