#!/usr/bin/env python3
"""Make the committed gzip/zlib test files (Fixtures/golden/gzip/) with the system's gzip.

Usage (from this directory): python3 make_gzip.py

Inputs are deterministic: text.txt is a repetitive English-like text (about 6 KB, long matches
and overlapping copies); random.bin is 5,000 bytes of SHA-256 in counter mode (incompressible,
so gzip chooses stored or near-stored blocks). Outputs:
  text-1.gz, text-9.gz, random-1.gz, random-9.gz  gzip -1 / -9 (FNAME set by gzip)
  empty.gz                                        gzip -9 of an empty file
  multi.gz                                        text-1.gz followed by random-9.gz (two members)
  text.zlib                                       Python's zlib.compress(text, 9) (RFC 1950)
The tests inflate each and compare with the inputs byte for byte. gzip's output can differ
between gzip versions; the tests depend only on the inputs, so regenerating is always safe.
"""
import hashlib
import subprocess
import zlib

words = ("the quick brown fox jumps over the lazy dog while neural networks and nearest "
         "neighbours share their cases").split()
lines = []
for i in range(200):
    lines.append(" ".join(words[(i * 7 + j) % len(words)] for j in range(3 + i % 9)))
text = ("\n".join(lines) + "\n" + "a" * 300 + "\n").encode()

random_bytes = b"".join(hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(157))[:5000]

with open("text.txt", "wb") as handle:
    handle.write(text)
with open("random.bin", "wb") as handle:
    handle.write(random_bytes)
with open("empty.txt", "wb") as handle:
    pass


def gzip_file(name, level, out):
    data = subprocess.run(["gzip", "-c", f"-{level}", name], check=True, capture_output=True).stdout
    with open(out, "wb") as handle:
        handle.write(data)
    return data


first = gzip_file("text.txt", 1, "text-1.gz")
gzip_file("text.txt", 9, "text-9.gz")
gzip_file("random.bin", 1, "random-1.gz")
second = gzip_file("random.bin", 9, "random-9.gz")
gzip_file("empty.txt", 9, "empty.gz")
with open("multi.gz", "wb") as handle:
    handle.write(first + second)
with open("text.zlib", "wb") as handle:
    handle.write(zlib.compress(text, 9))
print(subprocess.run(["gzip", "--version"], capture_output=True, text=True).stdout.splitlines()[0])
