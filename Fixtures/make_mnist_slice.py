#!/usr/bin/env python3
"""Cut the shipped MNIST slice (Fixtures/mnist/) from the full MNIST files.

Usage (from the repository root):
    python3 Fixtures/make_mnist_slice.py ../shared/datasets/mnist Fixtures/mnist

Keeps the first 5,000 training and the first 1,000 test images and labels, in the original IDX
layout (magic, big-endian extents with the first one set to the new count, then the bytes
unchanged), gzip-compressed at level 9 with mtime 0 and no file name in the header, so that the
output is byte-for-byte reproducible. Input files may be gzip-compressed or raw and may use
either the hyphenated (train-images-idx3-ubyte) or the dotted (train-images.idx3-ubyte) name.
Only the Python standard library is used.
"""
import gzip
import os
import struct
import sys

KEEP = {"train": 5000, "t10k": 1000}


def find(directory, split, kind, rank):
    for name in (f"{split}-{kind}-idx{rank}-ubyte", f"{split}-{kind}.idx{rank}-ubyte"):
        for suffix in (".gz", ""):
            path = os.path.join(directory, name + suffix)
            if os.path.exists(path):
                return path
    sys.exit(f"no {split} {kind} file in {directory}")


def read(path):
    with open(path, "rb") as handle:
        data = handle.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def cut(data, count):
    zero, element_type, rank = struct.unpack(">HBB", data[:4])
    assert zero == 0 and element_type == 0x08, "not an unsigned-byte IDX file"
    dims = list(struct.unpack(f">{rank}I", data[4:4 + 4 * rank]))
    assert dims[0] >= count, f"only {dims[0]} items"
    item = 1
    for extent in dims[1:]:
        item *= extent
    start = 4 + 4 * rank
    dims[0] = count
    header = struct.pack(">HBB", 0, element_type, rank) + struct.pack(f">{rank}I", *dims)
    return header + data[start:start + count * item]


def main():
    source, target = sys.argv[1], sys.argv[2]
    os.makedirs(target, exist_ok=True)
    for split, count in KEEP.items():
        for kind, rank in (("images", 3), ("labels", 1)):
            sliced = cut(read(find(source, split, kind, rank)), count)
            out = os.path.join(target, f"{split}-{kind}-idx{rank}-ubyte.gz")
            with open(out, "wb") as handle:
                handle.write(gzip.compress(sliced, compresslevel=9, mtime=0))
            print(out, len(sliced), "bytes uncompressed")


if __name__ == "__main__":
    main()
