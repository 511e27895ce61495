#!/usr/bin/env python3
"""Goldens for EBE-DNN's embeddings (EBE-4, EBE-11, ORACLE-61), written by PyTorch itself.

Two narrow ResNet18s of the companion script (train_resnet18.py, the same module names as
torchvision's resnet18): width 1/32 with the torchvision stem on 1 x 28 x 28 inputs, and width
1/32 with the small-image stem on 3 x 16 x 16 inputs. Their weights are torch's initialisation,
their BatchNorm weights, biases and running statistics perturbed so that evaluation mode is not
the identity. In float64 and evaluation mode, the embeddings of two random inputs at every
candidate tap (flattened), and the globally average-pooled ones at two taps.

Writes ebe_embed_golden.json (state_dicts, inputs, embeddings) and tiny_mnist_resnet18.safetensors
(the first model's state_dict, F64, metadata dataset mnist: a --weights file for the tests).
Run: python3 make_ebe_golden.py (from this folder).
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_resnet18 import ResNet18, write_safetensors  # noqa: E402


def tensor(v):
    return {"shape": list(v.shape), "data": [float(x) for x in v.detach().double().flatten().tolist()]}


def model(seed, channels, stem, size):
    torch.manual_seed(seed)
    m = ResNet18(channels, 10, 1 / 32, stem).double()
    with torch.no_grad():
        for module in m.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0, 0.1)
                module.running_mean.normal_(0, 0.2)
                module.running_var.uniform_(0.5, 1.5)
                module.num_batches_tracked.fill_(7)
    m.eval()
    x = torch.randn(2, channels, size, size, dtype=torch.float64)
    taps = {}
    with torch.no_grad():
        m(x, taps)
        pooled = {}
        hooks = {}
        # Globally average-pooled maps (EBE-4): the un-flattened outputs of two taps.
        out = m.relu(m.bn1(m.conv1(x)))
        out = m.maxpool(out) if m.maxpool is not None else out
        out = m.layer1[0](out)
        pooled["layer1.0"] = out.mean(dim=(2, 3))
        out = m.layer2(m.layer1[1](out))
        pooled["layer2"] = out.mean(dim=(2, 3))
    return m, {"stem": stem, "input": tensor(x), "state_dict": {k: tensor(v) for k, v in m.state_dict().items()},
               "taps": {k: tensor(v) for k, v in taps.items()}, "pooled": {k: tensor(v) for k, v in pooled.items()}}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    first, record1 = model(1, 1, "imageNet", 28)
    _, record2 = model(2, 3, "smallImage", 16)
    golden = {"generator": "make_ebe_golden.py", "torch": torch.__version__, "models": [record1, record2]}
    with open(os.path.join(here, "ebe_embed_golden.json"), "w") as f:
        json.dump(golden, f, separators=(",", ":"))
    write_safetensors(os.path.join(here, "tiny_mnist_resnet18.safetensors"), first.state_dict(),
                      {"dataset": "mnist", "width_multiplier": repr(1 / 32), "stem": "imageNet", "epochs": 0, "seed": 1,
                       "torch": torch.__version__, "note": "untrained; BatchNorm perturbed; a test file"}, "F64")


if __name__ == "__main__":
    main()
