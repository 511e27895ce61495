"""The Abs-node author's Experiment 1 data set and per-model outcomes, as stored in their
repository (Spec/AbsMahalanobis.md ABS-40, ABS-43).

alanoursland/NeuralNetworksAsNearestNeighbor keeps, for each of its four Experiment 1 runs
(src/results/ex1/<run>, run = ReLU, Abs, ReLU-data_sampled, Abs-data_sampled), torch.save files:
gaussian_dataset.pt (X [1024, 2], Y [1024, 1], mean, cov_inv), initial_params.pt and
final_params.pt (weights [300, 2], biases [300]) and loss_history.pt ([300, 200]), all float32 on
device cuda:0: the points were drawn on a GPU by CUDA's Philox generator, so no CPU generator can
redraw them. The four data files are byte-identical (git blob 481e407778d094f31270f2ade6f09ab697b72f7c).

    python3 Fixtures/abs-node/make_author_experiment1_data.py PATH/TO/src/results/ex1

(made with torch 2.15.0 from the repository snapshot at commit 1b2a107) writes, next to this script:
- author_experiment1_data.json: X and Y, every float32 as repr() of its double (parses back to the
  identical value), mean and cov_inv;
- author_experiment1_results.json: per run, each model's final training loss (loss_history[:, -1],
  float32) and its class by the rule of ABS-15 computed here in double from the stored final
  parameters (0 Coherent |W mu + b| <= 1, 1 Adhoc, 2 Dead: final loss > 1.7, for ReLU only).
It also checks that the initial parameters torch regenerates from their seed
(Fixtures/golden/torch_random.json, capability default) equal the stored initial_params.pt.
"""
import hashlib
import json
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = {"uniform_relu": "ReLU", "uniform_abs": "Abs", "data_relu": "ReLU-data_sampled", "data_abs": "Abs-data_sampled"}


def load(path):
    return torch.load(path, map_location="cpu")


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main():
    root = sys.argv[1]
    data_path = os.path.join(root, "Abs", "gaussian_dataset.pt")
    raw = open(data_path, "rb").read()
    blob = hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()
    d = load(data_path)
    assert d["X"].dtype == torch.float32 and tuple(d["X"].shape) == (1024, 2)
    for run in RUNS.values():
        assert open(os.path.join(root, run, "gaussian_dataset.pt"), "rb").read() == raw, run
    data = {
        "source": "alanoursland/NeuralNetworksAsNearestNeighbor, src/results/ex1/*/gaussian_dataset.pt (git blob %s), "
                  "converted by Fixtures/abs-node/make_author_experiment1_data.py with torch %s" % (blob, torch.__version__),
        "device": "cuda:0 (as saved)",
        "x": [[float(a), float(b)] for a, b in d["X"].tolist()],
        "y": [float(v) for v in d["Y"].reshape(-1).tolist()],
        "mean": [float(v) for v in d["mean"].tolist()],
        "cov_inv": [[float(v) for v in row] for row in d["cov_inv"].tolist()],
    }
    with open(os.path.join(HERE, "author_experiment1_data.json"), "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")

    golden = json.load(open(os.path.join(HERE, "..", "golden", "torch_random.json")))
    regenerated = golden["capabilities"]["default"]["author_experiment1"]["models"]
    mean = [float(v) for v in d["mean"].tolist()]
    results = {"source": "alanoursland/NeuralNetworksAsNearestNeighbor, src/results/ex1/<run>/{final_params,loss_history}.pt, "
                         "summarised by Fixtures/abs-node/make_author_experiment1_data.py", "runs": {}}
    for key, run in RUNS.items():
        initial = load(os.path.join(root, run, "initial_params.pt"))
        final = load(os.path.join(root, run, "final_params.pt"))
        losses = load(os.path.join(root, run, "loss_history.pt"))
        w0 = initial["weights"].reshape(-1).tolist(); b0 = initial["biases"].reshape(-1).tolist()
        assert str(fnv1a64(struct.pack("<%df" % len(w0), *w0))) == regenerated[key]["weights"]["fnv1a64"], key
        assert str(fnv1a64(struct.pack("<%df" % len(b0), *b0))) == regenerated[key]["biases"]["fnv1a64"], key
        final_loss = [float(v) for v in losses[:, -1].tolist()]
        classes = []
        for (w, b, loss) in zip(final["weights"].tolist(), final["biases"].tolist(), final_loss):
            a = abs(w[0] * mean[0] + w[1] * mean[1] + b)
            c = 0 if a <= 1.0 else 1
            if run.startswith("ReLU") and loss > 1.7:
                c = 2
            classes.append(c)
        results["runs"][key] = {"final_loss": final_loss, "class": classes,
                                "counts": [classes.count(0), classes.count(1), classes.count(2)]}
        print(key, results["runs"][key]["counts"], "initial parameters equal torch's regeneration")
    with open(os.path.join(HERE, "author_experiment1_results.json"), "w") as f:
        json.dump(results, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
