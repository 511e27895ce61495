#!/usr/bin/env python3
"""Golden PNG files for the project's PNG reader (DATA-62): the image data compressed by Python's
zlib (level 9: dynamic Huffman codes, as real encoders write), rows filtered with each of PNG's five
filter types, and the pixels in pixels.json. Run: python3 make_png.py (writes into this folder)."""
import json, struct, zlib, random

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)

def encode(width, height, channels, pixels, filters):
    stride = width * channels
    raw = bytearray()
    for y in range(height):
        f = filters[y % len(filters)]
        raw.append(f)
        for x in range(stride):
            v = pixels[y * stride + x]
            a = pixels[y * stride + x - channels] if x >= channels else 0
            b = pixels[(y - 1) * stride + x] if y > 0 else 0
            c = pixels[(y - 1) * stride + x - channels] if x >= channels and y > 0 else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][f]
            raw.append((v - pred) % 256)
    header = struct.pack(">IIBBBBB", width, height, 8, 0 if channels == 1 else 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")

rng = random.Random(7)
images = {
    "rgb_filters.png": (7, 10, 3, [0, 1, 2, 3, 4]),
    "grey_paeth.png": (13, 6, 1, [4]),
}
meta = {}
for name, (w, h, c, filters) in images.items():
    pixels = [rng.randrange(256) if rng.random() < 0.5 else (x * 37) % 256 for x in range(w * h * c)]
    open(name, "wb").write(encode(w, h, c, pixels, filters))
    meta[name] = {"width": w, "height": h, "channels": c, "filters": filters, "pixels": pixels}
meta["zlib"] = zlib.ZLIB_RUNTIME_VERSION
json.dump(meta, open("pixels.json", "w"))
