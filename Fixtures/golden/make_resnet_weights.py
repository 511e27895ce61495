"""Weights written by PyTorch for Spec NET-80: a ResNet18 trained (briefly) in PyTorch and saved
with the reference safetensors writer, as a user would hand a model over, and what the model
computes.

Run from the repository root:  python3 Fixtures/golden/make_resnet_weights.py

For each stem (torchvision's ImageNet stem and the small-image stem), a ResNet18 at width 1/8
(widths 8, 16, 32, 64; 3 input channels; 10 classes) is built in float32, torch's default dtype,
with torchvision's initialisation (the definition is make_deep_layers.py's, torchvision's written
out), trained for 3 SGD steps (lr 0.1, momentum 0.9, weight decay 5e-4) on random batches in
training mode, so that weights, running statistics and num_batches_tracked are not their initial
values, and its `state_dict()` saved by `safetensors.torch.save_file` (F32 tensors, I64
num_batches_tracked):

- resnet18_w8_imagenet.safetensors, resnet18_w8_small.safetensors.

Then the same model is converted to float64 (`model.double()`, which holds the float32 values
exactly) and evaluated in evaluation mode on a float64 input; resnet18_w8_outputs.safetensors
holds, per stem under `imagenet/` and `small/`: `input`, `output` (the logits), `tap/NAME` (forward
hooks on layer1, layer3, avgpool), and `loss` and `grad_input` of the cross-entropy with `labels`
in evaluation mode. Its __metadata__ "info" is JSON: the versions and each stem's state_dict keys
in order (`imagenet/state_dict`, `small/state_dict`). One thread throughout, so reruns write the
same bytes.
"""
import json
import math
import os

import safetensors
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_num_threads(1)  # one thread: the training steps' sums in a fixed order, so reruns give the same bytes
source = open(os.path.join(HERE, "make_deep_layers.py")).read()
namespace = {"torch": torch, "nn": nn, "F": F, "math": math}
exec(source[source.index("# ---------------------------------------------------------------- architectures"):source.index("class TensorFlowSameConv2d")],
     namespace)
ResNet = namespace["ResNet"]

outputs = {}
info = {"torch": torch.__version__, "safetensors": safetensors.__version__}
for stem, key, size in [("imagenet", "imagenet", 32), ("small", "small", 16)]:
    torch.manual_seed(20250101 if stem == "imagenet" else 20250102)
    model = ResNet([2, 2, 2, 2], 3, 10, 1 / 8, stem)  # float32, torch's default
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    model.train()
    for step in range(3):
        x = torch.randn(8, 3, size, size)
        labels = torch.randint(0, 10, (8,))
        optimizer.zero_grad()
        F.cross_entropy(model(x), labels).backward()
        optimizer.step()
    state = model.state_dict()
    assert state["bn1.num_batches_tracked"].dtype == torch.int64 and state["conv1.weight"].dtype == torch.float32
    save_file({k: v.contiguous() for k, v in state.items()}, os.path.join(HERE, f"resnet18_w8_{key}.safetensors"),
              metadata={"format": "pt"})
    info[f"{key}/state_dict"] = list(state.keys())

    model = model.double().eval()
    recorded = {}
    taps = ["layer1", "layer3", "avgpool"]
    modules = dict(model.named_modules())
    hooks = [modules[t].register_forward_hook(lambda m, i, o, t=t: recorded.__setitem__(t, o.detach().clone())) for t in taps]
    x = torch.rand(2, 3, size, size, dtype=torch.float64).requires_grad_()
    labels = torch.tensor([3, 8])
    out = model(x)
    loss = F.cross_entropy(out, labels)
    grad, = torch.autograd.grad(loss, [x])
    for h in hooks:
        h.remove()
    outputs[f"{key}/input"] = x.detach()
    outputs[f"{key}/labels"] = labels.to(torch.float64)
    outputs[f"{key}/output"] = out.detach()
    outputs[f"{key}/loss"] = loss.detach().reshape(1)
    outputs[f"{key}/grad_input"] = grad
    for t in taps:
        outputs[f"{key}/tap/{t}"] = recorded[t]
# One metadata key: the writer keeps metadata in a hash map, so several keys come out in varying order.
save_file(outputs, os.path.join(HERE, "resnet18_w8_outputs.safetensors"), metadata={"info": json.dumps(info, separators=(",", ":"))})
print("torch", torch.__version__, "safetensors", safetensors.__version__)
