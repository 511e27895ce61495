#!/usr/bin/env python3
"""Companion PyTorch script of the EBE-DNN module (Spec/EBEDNN.md, EBE-15).

Trains torchvision's ResNet18 (optionally narrowed by a width multiplier, with the torchvision or
the small-image stem) on MNIST, Fashion-MNIST or CIFAR-10, read from the same files the Swift code
reads, on a GPU when there is one, and writes a safetensors file holding every state_dict entry
under torchvision's names and layouts, which `reproduce run ... --weights FILE` loads instead of
training its own backbone (EBE-11). Optionally (`--sweep`) it also runs EBE-DNN's layer and k
sweeps itself (cosine kNN at every block output), as a peer measurement at full width.

Everything matches the Swift side: the architecture (EBE-1: stage widths max(1, round(64 2^s m)),
rounding half away from zero as Swift's `rounded()`), the input normalisation (EBE-2), the
initialisation (torchvision's), the optimiser and schedule (EBE-8: SGD momentum 0.9, weight decay
5e-4, lr 0.05, CosineAnnealingLR over the epochs stepped once per epoch), augmentation for CIFAR-10
only (random crop with padding 4, horizontal flip). Training runs in float32 (the usual GPU
setting); the file holds float64 by default (`--dtype F32` for half the size).

Usage:
  python3 train_resnet18.py --dataset mnist --data-dir ../shared/datasets --out mnist_resnet18.safetensors
  python3 train_resnet18.py --dataset cifar10 --data-dir DIR --width 1 --epochs 30 --out cifar.safetensors --sweep sweep.json

Needs torch and numpy only (no torchvision, no safetensors package: the file is written here by the
format's definition: an 8-byte little-endian header length, the JSON header padded with spaces to
a multiple of 8, then the tensors' bytes in C order, little-endian).
"""
import argparse
import gzip
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

NORMALIZATION = {  # EBE-2
    "mnist": ([0.1307], [0.3081]),
    "fashion-mnist": ([0.2860], [0.3530]),
    "cifar10": ([0.4914, 0.4822, 0.4465], [0.2470, 0.2435, 0.2616]),
}
SUBDIRECTORIES = {  # EBE-16
    "mnist": ["", "mnist", "MNIST/raw"],
    "fashion-mnist": ["fashion-mnist", "fashion_mnist", "FashionMNIST/raw"],
    "cifar10": ["cifar-10-batches-bin", ""],
}


# ---------------------------------------------------------------- data (DATA-8, DATA-9, EBE-16)

def idx_names(split, kind, rank):
    return [f"{split}-{kind}-idx{rank}-ubyte.gz", f"{split}-{kind}.idx{rank}-ubyte.gz",
            f"{split}-{kind}-idx{rank}-ubyte", f"{split}-{kind}.idx{rank}-ubyte"]


def find(directory, dataset, names):
    for sub in SUBDIRECTORIES[dataset]:
        for name in names:
            path = os.path.join(directory, sub, name)
            if os.path.isfile(path):
                return path
    raise SystemExit(f"{dataset}: none of {names} in {[os.path.join(directory, s) for s in SUBDIRECTORIES[dataset]]}")


def read_idx(path):
    data = open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if data[:3] != b"\x00\x00\x08":
        raise SystemExit(f"{path}: not an unsigned-byte IDX file")
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load(dataset, directory, train):
    """Raw bytes [n, C, H, W] and labels, as the Swift readers give them."""
    if dataset == "cifar10":
        files = [f"data_batch_{i}.bin" for i in range(1, 6)] if train else ["test_batch.bin"]
        records = np.concatenate([np.fromfile(find(directory, dataset, [f]), dtype=np.uint8).reshape(-1, 3073) for f in files])
        return records[:, 1:].reshape(-1, 3, 32, 32), records[:, 0].astype(np.int64)
    split = "train" if train else "t10k"
    images = read_idx(find(directory, dataset, idx_names(split, "images", 3)))
    labels = read_idx(find(directory, dataset, idx_names(split, "labels", 1)))
    return images[:, None, :, :], labels.astype(np.int64)


def normalise(raw, dataset, device):
    mean, std = NORMALIZATION[dataset]
    x = torch.tensor(raw, dtype=torch.float32, device=device) / 255
    return (x - torch.tensor(mean, device=device).view(1, -1, 1, 1)) / torch.tensor(std, device=device).view(1, -1, 1, 1)


# ---------------------------------------------------------------- the model (EBE-1, NET-41)

def width(stage, multiplier):
    """max(1, round(64 2^s m)), half away from zero like Swift's rounded()."""
    return max(1, int(math.floor(64 * 2 ** stage * multiplier + 0.5)))


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(out + identity)


class ResNet18(nn.Module):
    """torchvision.models.resnet18 with a width multiplier and a choice of stem; same module
    names, so the same state_dict names (checked against torchvision by --check-names)."""

    def __init__(self, channels, classes, multiplier=1.0, stem="imageNet"):
        super().__init__()
        widths = [width(s, multiplier) for s in range(4)]
        if stem == "imageNet":
            self.conv1 = nn.Conv2d(channels, widths[0], 7, 2, 3, bias=False)
        else:
            self.conv1 = nn.Conv2d(channels, widths[0], 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1) if stem == "imageNet" else None
        inplanes = widths[0]
        for s in range(4):
            blocks = []
            for b in range(2):
                blocks.append(BasicBlock(inplanes, widths[s], 2 if s > 0 and b == 0 else 1))
                inplanes = widths[s]
            setattr(self, f"layer{s + 1}", nn.Sequential(*blocks))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(inplanes, classes)
        for m in self.modules():  # torchvision's initialisation (NET-42)
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)
        self.stem = stem

    def forward(self, x, taps=None):
        """The logits; with a dict `taps`, also the candidate taps of EBE-3 (flattened)."""
        def record(name, value):
            if taps is not None:
                taps[name] = value.flatten(1)
            return value
        x = self.relu(self.bn1(self.conv1(x)))
        x = record("maxpool", self.maxpool(x)) if self.maxpool is not None else record("relu", x)
        for s in range(1, 5):
            layer = getattr(self, f"layer{s}")
            x = record(f"layer{s}.0", layer[0](x))
            x = record(f"layer{s}", layer[1](x))
        x = record("avgpool", self.avgpool(x))
        return record("fc", self.fc(torch.flatten(x, 1)))


# ---------------------------------------------------------------- safetensors (EBE-11)

DTYPES = {"F64": (torch.float64, "<f8"), "F32": (torch.float32, "<f4"), "I64": (torch.int64, "<i8")}


def write_safetensors(path, state, metadata, dtype):
    header, blobs, offset = {}, [], 0
    for name, tensor in state.items():
        code = "I64" if tensor.dtype == torch.int64 else dtype
        array = tensor.detach().to("cpu", DTYPES[code][0]).contiguous().numpy().astype(DTYPES[code][1], copy=False)
        blob = array.tobytes(order="C")
        header[name] = {"dtype": code, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    tmp = path + ".partial"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


# ---------------------------------------------------------------- training (EBE-8)

def augment(x, generator):
    """RandomCrop(padding 4) then RandomHorizontalFlip, per image (NET-44)."""
    n, _, h, w = x.shape
    padded = F.pad(x, (4, 4, 4, 4))
    tops = torch.randint(0, 9, (n,), generator=generator, device="cpu")
    lefts = torch.randint(0, 9, (n,), generator=generator, device="cpu")
    flips = torch.rand(n, generator=generator, device="cpu") < 0.5
    out = torch.empty_like(x)
    for i in range(n):
        crop = padded[i, :, tops[i]:tops[i] + h, lefts[i]:lefts[i] + w]
        out[i] = crop.flip(-1) if flips[i] else crop
    return out


def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x)


def train(args, device):
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)
    raw, labels = load(args.dataset, args.data_dir, True)
    test_raw, test_labels = load(args.dataset, args.data_dir, False)
    if args.train_limit:
        raw, labels = raw[:args.train_limit], labels[:args.train_limit]
    if args.test_limit:
        test_raw, test_labels = test_raw[:args.test_limit], test_labels[:args.test_limit]
    x, y = normalise(raw, args.dataset, device), torch.tensor(labels, device=device)
    tx, ty = normalise(test_raw, args.dataset, device), torch.tensor(test_labels, device=device)
    model = ResNet18(x.shape[1], 10, args.width, args.stem).to(device)
    optimiser = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, T_max=args.epochs) if args.epochs > 1 else None
    start = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(x), generator=generator).to(device)
        if len(order) % args.batch_size == 1:
            order = order[:-1]  # training-mode BatchNorm refuses a batch of one (EBE-8)
        total = 0.0
        for i in range(0, len(order), args.batch_size):
            rows = order[i:i + args.batch_size]
            batch = x[rows]
            if args.dataset == "cifar10":
                batch = augment(batch, generator)
            loss = F.cross_entropy(model(batch), y[rows])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item() * len(rows)
        if schedule is not None:
            schedule.step()
        print(f"epoch {epoch + 1}/{args.epochs}: mean training loss {total / len(order):.4f}, "
              f"test accuracy {accuracy(model, tx, ty):.4f}, {time.time() - start:.0f} s", flush=True)
    return model, (x, y, tx, ty), time.time() - start


# ---------------------------------------------------------------- the sweep (EBE-5, EBE-10)

def sweep(model, data, ks=(1, 3, 5, 10, 20, 50), block=2000):
    """Cosine kNN at every candidate tap, exact in float64, ties to the lower index (stable top-k
    on (distance, index)), majority vote with class ties to the lowest class."""
    x, y, tx, ty = data
    model.eval()
    def embed(inputs, name):
        """One tap's embeddings (one tap at a time keeps the small-image stem's wide maps in memory)."""
        parts = []
        with torch.no_grad():
            for i in range(0, len(inputs), block):
                taps = {}
                model(inputs[i:i + block], taps)
                parts.append(taps[name].double())
        return F.normalize(torch.cat(parts), dim=1)
    probe = {}
    with torch.no_grad():
        model(x[:2], probe)
    kmax = max(ks)
    results = {}
    for name in probe:
        a, b = embed(x, name), embed(tx, name)
        neighbours = []
        for i in range(0, len(b), block):
            distance = 1 - b[i:i + block] @ a.T
            # Stable sort on distance keeps the lower index first among equal distances.
            neighbours.append(torch.sort(distance, dim=1, stable=True).indices[:, :kmax])
        neighbours = torch.cat(neighbours)
        votes = y[neighbours]
        results[name] = {"dimension": a.shape[1]}
        for k in ks:
            counts = F.one_hot(votes[:, :k], 10).sum(1)
            prediction = counts.argmax(1)  # first maximum: the lowest class on ties
            results[name][f"accuracy_k{k}"] = (prediction == ty).double().mean().item()
        del a, b
    results["backbone"] = {"accuracy": accuracy(model, tx, ty)}
    return results


def check_names():
    """The state_dict names and shapes at width 1 are torchvision's resnet18's (when installed)."""
    import torchvision
    ours = ResNet18(3, 1000).state_dict()
    theirs = torchvision.models.resnet18().state_dict()
    assert list(ours) == list(theirs), "names differ"
    assert all(ours[k].shape == theirs[k].shape for k in ours), "shapes differ"
    print(f"state_dict names and shapes equal torchvision {torchvision.__version__}'s resnet18 ({len(ours)} entries)")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dataset", choices=sorted(NORMALIZATION), default="mnist")
    p.add_argument("--data-dir", default=".")
    p.add_argument("--width", type=float, default=1.0, help="width multiplier m (stage widths 64, 128, 256, 512 times m)")
    p.add_argument("--stem", choices=["imageNet", "smallImage"], default="imageNet")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--train-limit", type=int, default=0, help="keep the first N training examples (0: all)")
    p.add_argument("--test-limit", type=int, default=0)
    p.add_argument("--dtype", choices=["F64", "F32"], default="F64")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--out", help="safetensors file to write")
    p.add_argument("--sweep", help="also run the layer and k sweeps and write them to this JSON file")
    p.add_argument("--check-names", action="store_true", help="compare the state_dict with torchvision's resnet18 and exit")
    args = p.parse_args()
    if args.check_names:
        return check_names()
    model, data, seconds = train(args, args.device)
    test_accuracy = accuracy(model, data[2], data[3])
    if args.out:
        metadata = {"dataset": args.dataset, "width_multiplier": repr(args.width), "stem": args.stem, "epochs": args.epochs,
                    "seed": args.seed, "test_accuracy": f"{test_accuracy:.6f}", "torch": torch.__version__,
                    "device": torch.cuda.get_device_name() if args.device.startswith("cuda") else "cpu"}
        write_safetensors(args.out, model.state_dict(), metadata, args.dtype)
        print(f"wrote {args.out} ({os.path.getsize(args.out)} bytes); test accuracy {test_accuracy:.4f}; training {seconds:.0f} s")
    if args.sweep:
        start = time.time()
        results = sweep(model, data)
        results["setup"] = {**vars(args), "training_seconds": seconds, "sweep_seconds": time.time() - start, "torch": torch.__version__}
        with open(args.sweep, "w") as f:
            json.dump(results, f, indent=1)
        for name, r in results.items():
            if "accuracy_k10" in r:
                print(f"{name:10s} d={r['dimension']:6d}  k=10 accuracy {r['accuracy_k10']:.4f}")
        print(f"backbone accuracy {results['backbone']['accuracy']:.4f}")


if __name__ == "__main__":
    sys.exit(main())
