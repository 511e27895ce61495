"""Goldens for the safetensors reader and writer (Spec FMT-2, FMT-4), written by the reference
implementation itself (Hugging Face's `safetensors` Python package, numpy front end).

Run from the repository root:  python3 Fixtures/golden/make_safetensors.py

Writes, next to this script:
- safetensors_dtypes.safetensors: one tensor of every dtype the format defines that the project
  reads (F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL), with edge values (signed zeros, subnormals,
  the largest finite values, infinities, NaN, the integer extremes, +-2^53 for I64), a scalar, an
  empty tensor and a 3-d tensor, plus __metadata__. (BF16 is in the next file.)
- safetensors_bf16.safetensors: BF16 edge values (numpy has no bfloat16, so torch's front end writes
  this one) and an F64 tensor.
- safetensors_dtypes.json: for each of those tensors, its dtype, shape and the values as float64
  (numpy's astype(float64), exact for every value here), non-finite values as "nan", "inf", "-inf".
- safetensors_written.safetensors: F64, F32 and I64 tensors (the types the project writes) with
  __metadata__, as the reference lays them out; reading it and writing it back must give its
  bytes exactly.
"""
import json
import math
import os

import numpy as np
import safetensors
from safetensors.numpy import save_file

HERE = os.path.dirname(os.path.abspath(__file__))


f16_edges = [0.0, -0.0, 1.0, -2.5, 65504.0, -65504.0, 2.0 ** -24, -(2.0 ** -24), 2.0 ** -14, 0.333251953125,
             float("inf"), float("-inf"), float("nan")]
bf16_edges = [0.0, -0.0, 1.0, -3.5, 2.0 ** -133, 3.3895313892515355e38, float("inf"), float("-inf"), float("nan")]
tensors = {
    "f64": np.array([0.0, -0.0, 0.1, -1e-300, 5e-324, 1.7976931348623157e308, math.pi, float("inf"), float("-inf"), float("nan")],
                    dtype=np.float64),
    "f32": np.array([0.0, -0.0, 0.1, 1.401298464324817e-45, 3.4028234663852886e38, -1.5, float("inf"), float("nan")], dtype=np.float32),
    "f16": np.array(f16_edges, dtype=np.float16),
    "i64": np.array([0, -1, 2 ** 53, -(2 ** 53), 123456789012345], dtype=np.int64),
    "i32": np.array([0, -1, 2 ** 31 - 1, -(2 ** 31)], dtype=np.int32),
    "i16": np.array([0, -1, 2 ** 15 - 1, -(2 ** 15)], dtype=np.int16),
    "i8": np.array([0, -1, 127, -128], dtype=np.int8),
    "u8": np.array([0, 1, 128, 255], dtype=np.uint8),
    "bool": np.array([True, False, True], dtype=np.bool_),
    "scalar": np.array(2.75, dtype=np.float64),
    "empty": np.zeros((0, 3), dtype=np.float32),
    "cube": np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 8 - 1,
}
# One key: the writer keeps metadata in a hash map, so several keys come out in varying order.
metadata = {"written_by": f"safetensors {safetensors.__version__}"}


def number(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


expected = {name: {"dtype": {"float64": "F64", "float32": "F32", "float16": "F16", "int64": "I64", "int32": "I32", "int16": "I16",
                             "int8": "I8", "uint8": "U8", "bool": "BOOL"}[str(a.dtype)],
                   "shape": list(a.shape), "data": [number(float(v)) for v in a.astype(np.float64).reshape(-1)]}
            for name, a in tensors.items()}
save_file(tensors, os.path.join(HERE, "safetensors_dtypes.safetensors"), metadata=metadata)

# numpy has no bfloat16: a second file, written by the library's torch front end, holds it.
import torch
from safetensors.torch import save_file as save_torch
save_torch({"bf16": torch.tensor(bf16_edges, dtype=torch.bfloat16), "f64": torch.tensor([1.5], dtype=torch.float64)},
           os.path.join(HERE, "safetensors_bf16.safetensors"))
expected_bf16 = {"bf16": {"dtype": "BF16", "shape": [len(bf16_edges)], "data": [number(v) for v in bf16_edges]},
                 "f64": {"dtype": "F64", "shape": [1], "data": [1.5]}}
for v in bf16_edges:
    assert math.isnan(v) or float(torch.tensor(v, dtype=torch.bfloat16).to(torch.float64)) == v, v

with open(os.path.join(HERE, "safetensors_dtypes.json"), "w") as f:
    json.dump({"safetensors": safetensors.__version__, "numpy": np.__version__, "torch": torch.__version__,
               "metadata": metadata, "tensors": expected, "bf16": expected_bf16}, f, indent=1, allow_nan=False)
    f.write("\n")

written = {
    "conv.weight": (np.arange(2 * 3 * 2 * 2, dtype=np.float64).reshape(2, 3, 2, 2) - 11.5) / 3,
    "conv.bias": np.array([0.25, -0.125], dtype=np.float64),
    "bn.running_var": np.array([1.0, 0.5, 2.0 / 3.0], dtype=np.float32),
    "bn.num_batches_tracked": np.array(7, dtype=np.int64),
    "fc.weight": np.array([[1e-310, -7.0], [0.1, 2.0 ** 60]], dtype=np.float64),
}
save_file(written, os.path.join(HERE, "safetensors_written.safetensors"), metadata={"format": "pt"})
print("safetensors", safetensors.__version__, "numpy", np.__version__, "torch", torch.__version__)
