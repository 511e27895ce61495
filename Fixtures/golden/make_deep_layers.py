"""Goldens for the deep-network layers, architectures and schedules (Spec NET-46), written by
PyTorch itself in float64 on the CPU.

Run from the repository root:  python3 Fixtures/golden/make_deep_layers.py

Writes, next to this script:
- deep_layers.json: one case per layer configuration (conv2d, conv1d, max/avg/adaptive pooling,
  max over time, batch norm in both modes) with inputs, parameters, the output, a cotangent r
  and the gradients of sum(output * r) with respect to the input and every parameter, plus the
  learning rates torch's StepLR and CosineAnnealingLR give epoch by epoch. The cotangent is
  r[i] = ((37 i) mod 17 - 8) / 4 over the output's flat (row-major) index i, exact everywhere, so
  it is not stored. Non-finite numbers are
  the strings "nan", "inf", "-inf"; finite ones are Python's shortest round-trip repr, so every
  double reads back bit for bit.
- deep_models.safetensors: ResNet18 (two stems), Papernot's MNIST CNN and NN-kNN's ConvNet at
  small widths, in the safetensors layout (8-byte little-endian header length, JSON header,
  little-endian data; parameters and initial buffers as F32-representable values stored as F32,
  everything computed as F64; inputs also F32-representable). Per model: input, labels, parameters, initial buffers, the
  evaluation-mode output, the training-mode output, the cross-entropy loss, its gradients with
  respect to the input and every parameter, the buffers after the training step, and some taps.
  The configuration of each model is JSON in the header's __metadata__ under "models".

TensorFlow's SAME padding (which torch lacks) is applied as an explicit F.pad with TensorFlow's
amounts, then a torch convolution without padding. ResNet is torchvision's definition (BasicBlock,
_make_layer, the forward pass) written out here because torchvision is not installed; its
state_dict names are checked against torchvision's when torchvision is importable.
"""
import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.manual_seed(20240612)
HERE = os.path.dirname(os.path.abspath(__file__))


def number(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def tensor(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": [number(v) for v in t.reshape(-1).tolist()]}


def uniform(*shape, low=-1.0, high=1.0):
    return torch.rand(*shape) * (high - low) + low


def tf_same(size, kernel, stride, dilation=1):
    """TensorFlow SAME: (before, after) padding of one axis."""
    out = -(-size // stride)
    total = max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0)
    return total // 2, total - total // 2


def cotangent(shape):
    """The cotangent r used by every layer case: r[i] = ((37 i) mod 17 - 8) / 4 for the flat index i
    (exact in any language, so it is not stored)."""
    count = math.prod(shape)
    return torch.tensor([((37 * i) % 17 - 8) / 4 for i in range(count)]).reshape(shape)


def vjp(output, inputs):
    """The gradients of sum(output * r) w.r.t. `inputs`, r = cotangent(output.shape)."""
    r = cotangent(output.shape)
    return r, torch.autograd.grad((output * r).sum(), inputs)


cases = []


def conv2d_case(name, n, c, h, w, o, kernel, stride=(1, 1), padding=("explicit", (0, 0, 0, 0)), dilation=(1, 1), groups=1,
                bias=True):
    x = uniform(n, c, h, w).requires_grad_()
    weight = uniform(o, c // groups, *kernel).requires_grad_()
    b = uniform(o).requires_grad_() if bias else None
    mode, amounts = padding
    if mode == "explicit":
        top, bottom, left, right = amounts
        padded = F.pad(x, (left, right, top, bottom))
        y = F.conv2d(padded, weight, b, stride, 0, dilation, groups)
    elif mode == "same":
        y = F.conv2d(x, weight, b, stride, "same", dilation, groups)
    elif mode == "tfsame":
        top, bottom = tf_same(h, kernel[0], stride[0], dilation[0])
        left, right = tf_same(w, kernel[1], stride[1], dilation[1])
        y = F.conv2d(F.pad(x, (left, right, top, bottom)), weight, b, stride, 0, dilation, groups)
    else:
        y = F.conv2d(x, weight, b, stride, "valid", dilation, groups)
    inputs = [x, weight] + ([b] if bias else [])
    r, grads = vjp(y, inputs)
    tensors = {"x": tensor(x), "weight": tensor(weight), "output": tensor(y), 
               "grad_x": tensor(grads[0]), "grad_weight": tensor(grads[1])}
    if bias:
        tensors["bias"] = tensor(b)
        tensors["grad_bias"] = tensor(grads[2])
    cases.append({"name": name, "op": "conv2d",
                  "config": {"stride": list(stride), "padding": mode, "amounts": list(amounts), "dilation": list(dilation),
                             "groups": groups}, "tensors": tensors})


conv2d_case("conv2d 3x3 padding 1", 2, 3, 5, 5, 4, (3, 3), padding=("explicit", (1, 1, 1, 1)))
conv2d_case("conv2d stride 2, padding 1 not dividing evenly", 2, 2, 6, 7, 3, (3, 3), stride=(2, 2), padding=("explicit", (1, 1, 1, 1)))
conv2d_case("conv2d stride (2, 3), kernel 4x2, padding (2, 1), no bias", 1, 3, 9, 8, 2, (4, 2), stride=(2, 3),
            padding=("explicit", (2, 2, 1, 1)), bias=False)
conv2d_case("conv2d PyTorch same, even kernel 4x2, dilation (1, 2)", 2, 2, 6, 7, 3, (4, 2), padding=("same", (0, 0, 0, 0)),
            dilation=(1, 2))
conv2d_case("conv2d TensorFlow SAME 28x28 k 8 s 2", 1, 1, 28, 28, 2, (8, 8), stride=(2, 2), padding=("tfsame", (0, 0, 0, 0)))
conv2d_case("conv2d TensorFlow SAME 9x9 k 4 s 2 (padding 1 / 2)", 1, 2, 9, 9, 2, (4, 4), stride=(2, 2),
            padding=("tfsame", (0, 0, 0, 0)))
conv2d_case("conv2d groups 2, dilation 2", 2, 4, 7, 6, 6, (3, 2), padding=("explicit", (1, 1, 1, 1)), dilation=(2, 2), groups=2)
conv2d_case("conv2d depthwise (groups = channels), stride 2", 2, 3, 6, 6, 6, (3, 3), stride=(2, 2),
            padding=("explicit", (1, 1, 1, 1)), groups=3)
conv2d_case("conv2d valid 1x1 stride 2 (ResNet downsample)", 2, 4, 5, 5, 3, (1, 1), stride=(2, 2), padding=("valid", (0, 0, 0, 0)),
            bias=False)


def conv1d_case(name, n, c, length, o, k, stride=1, padding=("explicit", (0, 0)), dilation=1, groups=1):
    x = uniform(n, c, length).requires_grad_()
    weight = uniform(o, c // groups, k).requires_grad_()
    b = uniform(o).requires_grad_()
    mode, amounts = padding
    if mode == "explicit":
        y = F.conv1d(F.pad(x, amounts), weight, b, stride, 0, dilation, groups)
    else:
        y = F.conv1d(x, weight, b, stride, mode, dilation, groups)
    r, grads = vjp(y, [x, weight, b])
    cases.append({"name": name, "op": "conv1d",
                  "config": {"stride": stride, "padding": mode, "amounts": list(amounts), "dilation": dilation, "groups": groups},
                  "tensors": {"x": tensor(x), "weight": tensor(weight), "bias": tensor(b), "output": tensor(y),
                              "grad_x": tensor(grads[0]), "grad_weight": tensor(grads[1]), "grad_bias": tensor(grads[2])}})


conv1d_case("conv1d k 3 stride 2 padding 1 groups 2", 2, 4, 9, 6, 3, stride=2, padding=("explicit", (1, 1)), groups=2)
conv1d_case("conv1d same, even kernel 4", 2, 3, 7, 2, 4, padding=("same", (0, 0)))


def pool_case(name, op, x, kernel, stride, padding=(0, 0), dilation=(1, 1), count_include_pad=True):
    x = x.clone().requires_grad_()
    if op == "maxPool2d":
        y = F.max_pool2d(x, kernel, stride, padding, dilation)
    elif op == "avgPool2d":
        y = F.avg_pool2d(x, kernel, stride, padding, count_include_pad=count_include_pad)
    elif op == "adaptiveAvgPool2d":
        y = F.adaptive_avg_pool2d(x, 1)
    else:
        y = F.max_pool1d(x, x.shape[2]).squeeze(2)
    r, grads = vjp(y, [x])
    cases.append({"name": name, "op": op,
                  "config": {"kernel": list(kernel), "stride": list(stride), "padding": list(padding), "dilation": list(dilation),
                             "count_include_pad": count_include_pad},
                  "tensors": {"x": tensor(x), "output": tensor(y), "grad_x": tensor(grads[0])}})


ties = torch.randint(0, 3, (2, 2, 6, 5)).to(torch.float64)
pool_case("maxPool2d 3x3 stride 2 padding 1 (ResNet)", "maxPool2d", uniform(2, 3, 7, 6), (3, 3), (2, 2), (1, 1))
pool_case("maxPool2d ties, overlapping 2x2 windows", "maxPool2d", ties, (2, 2), (1, 1))
pool_case("maxPool2d ties, 3x3 stride 2 padding 1", "maxPool2d", ties, (3, 3), (2, 2), (1, 1))
pool_case("maxPool2d dilation 2", "maxPool2d", uniform(1, 2, 7, 7), (2, 3), (1, 2), (1, 1), (2, 2))
with_nan = uniform(1, 1, 4, 4)
with_nan[0, 0, 1, 2] = float("nan")
with_nan[0, 0, 3, 0] = float("-inf")
pool_case("maxPool2d NaN propagates", "maxPool2d", with_nan, (2, 2), (1, 1))
pool_case("avgPool2d 3x3 stride 2 padding 1, count_include_pad", "avgPool2d", uniform(2, 2, 6, 5), (3, 3), (2, 2), (1, 1))
pool_case("avgPool2d 3x3 stride 2 padding 1, not counting padding", "avgPool2d", uniform(2, 2, 6, 5), (3, 3), (2, 2), (1, 1),
          count_include_pad=False)
pool_case("adaptiveAvgPool2d to 1x1", "adaptiveAvgPool2d", uniform(2, 3, 5, 4), (1, 1), (1, 1))
pool_case("max over time with ties", "maxOverTime", torch.randint(0, 3, (2, 3, 6)).to(torch.float64), (1, 6), (1, 6))


def batchnorm_case(name, shape, training, steps=1):
    c = shape[1]
    bn = (nn.BatchNorm2d(c) if len(shape) == 4 else nn.BatchNorm1d(c))
    with torch.no_grad():
        bn.weight.copy_(uniform(c, low=0.5, high=1.5))
        bn.bias.copy_(uniform(c, low=-0.5, high=0.5))
        bn.running_mean.copy_(uniform(c, low=-0.3, high=0.3))
        bn.running_var.copy_(uniform(c, low=0.5, high=2.0))
        bn.num_batches_tracked.fill_(3)
    initial = {"running_mean": tensor(bn.running_mean), "running_var": tensor(bn.running_var),
               "num_batches_tracked": tensor(bn.num_batches_tracked)}
    bn.train(training)
    x = uniform(*shape, low=-1.0, high=2.0).requires_grad_()
    y = bn(x)
    r, grads = vjp(y, [x, bn.weight, bn.bias])
    tensors = {"x": tensor(x), "weight": tensor(bn.weight), "bias": tensor(bn.bias), "output": tensor(y), 
               "grad_x": tensor(grads[0]), "grad_weight": tensor(grads[1]), "grad_bias": tensor(grads[2])}
    tensors.update({k: v for k, v in initial.items()})
    tensors.update({"after_running_mean": tensor(bn.running_mean), "after_running_var": tensor(bn.running_var),
                    "after_num_batches_tracked": tensor(bn.num_batches_tracked)})
    if steps == 2:
        x2 = uniform(*shape)
        tensors["x2"] = tensor(x2)
        tensors["output2"] = tensor(bn(x2))
        tensors.update({"after2_running_mean": tensor(bn.running_mean), "after2_running_var": tensor(bn.running_var),
                        "after2_num_batches_tracked": tensor(bn.num_batches_tracked)})
    cases.append({"name": name, "op": "batchNorm", "config": {"training": training, "eps": bn.eps, "momentum": bn.momentum},
                  "tensors": tensors})


batchnorm_case("batchNorm2d training, batch 2, two steps", (2, 3, 3, 4), True, steps=2)
batchnorm_case("batchNorm2d evaluation, batch 1", (1, 3, 3, 2), False)
batchnorm_case("batchNorm2d training, batch 1 with 2x2 positions", (1, 2, 2, 2), True)
batchnorm_case("batchNorm1d training, batch 2 (two values per channel)", (2, 4), True, steps=2)
batchnorm_case("batchNorm1d training on [N, C, L]", (3, 2, 5), True)
batchnorm_case("batchNorm1d evaluation, batch 1", (1, 4), False)


def schedule_rates(kind, epochs, base, **arguments):
    parameter = nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([parameter], lr=base)
    scheduler = (torch.optim.lr_scheduler.StepLR(optimizer, **arguments) if kind == "step"
                 else torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, **arguments))
    rates = []
    for _ in range(epochs):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return {"kind": kind, "base": base, "epochs": epochs, "arguments": arguments, "rates": rates}


schedules = [schedule_rates("step", 12, 0.1, step_size=3, gamma=0.1),
             schedule_rates("cosine", 25, 0.1, T_max=5, eta_min=0.001),
             schedule_rates("cosine", 40, 0.05, T_max=13, eta_min=0.0)]

with open(os.path.join(HERE, "deep_layers.json"), "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases, "schedules": schedules}, f, separators=(",", ":"), allow_nan=False)
    f.write("\n")


# ---------------------------------------------------------------- architectures (safetensors)

def conv3x3(inputs, outputs, stride=1):
    return nn.Conv2d(inputs, outputs, kernel_size=3, stride=stride, padding=1, bias=False)


class BasicBlock(nn.Module):
    """torchvision.models.resnet.BasicBlock."""

    def __init__(self, inplanes, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity
        return self.relu(out)


class ResNet(nn.Module):
    """torchvision.models.resnet.ResNet with BasicBlock and a width multiplier; stem 'imagenet' or 'small'."""

    def __init__(self, layers, in_channels, num_classes, multiplier, stem):
        super().__init__()
        widths = [max(1, round(64 * 2 ** i * multiplier)) for i in range(4)]
        self.inplanes = widths[0]
        if stem == "imagenet":
            self.conv1 = nn.Conv2d(in_channels, widths[0], kernel_size=7, stride=2, padding=3, bias=False)
        else:
            self.conv1 = nn.Conv2d(in_channels, widths[0], kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1) if stem == "imagenet" else nn.Identity()
        self.layer1 = self._make_layer(widths[0], layers[0])
        self.layer2 = self._make_layer(widths[1], layers[1], stride=2)
        self.layer3 = self._make_layer(widths[2], layers[2], stride=2)
        self.layer4 = self._make_layer(widths[3], layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(widths[3], num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def _make_layer(self, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes, kernel_size=1, stride=stride, bias=False), nn.BatchNorm2d(planes))
        layers = [BasicBlock(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes
        for _ in range(1, blocks):
            layers.append(BasicBlock(self.inplanes, planes))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


class TensorFlowSameConv2d(nn.Conv2d):
    """A Conv2d with TensorFlow's SAME padding (the name keeps torch's parameter names)."""

    def forward(self, x):
        top, bottom = tf_same(x.shape[2], self.kernel_size[0], self.stride[0])
        left, right = tf_same(x.shape[3], self.kernel_size[1], self.stride[1])
        return F.conv2d(F.pad(x, (left, right, top, bottom)), self.weight, self.bias, self.stride)


def papernot(filters):
    """Papernot & McDaniel's MNIST CNN with cleverhans' layer names."""
    return nn.Sequential(__import__("collections").OrderedDict([
        ("Conv2D0", TensorFlowSameConv2d(1, filters, 8, stride=2)), ("ReLU1", nn.ReLU()),
        ("Conv2D2", nn.Conv2d(filters, 2 * filters, 6, stride=2)), ("ReLU3", nn.ReLU()),
        ("Conv2D4", nn.Conv2d(2 * filters, 2 * filters, 5)), ("ReLU5", nn.ReLU()),
        ("Flatten6", nn.Flatten()), ("logits", nn.Linear(2 * filters, 10))]))


def convnet(channels, size, widths):
    """NN-kNN's ConvNet (seed 000) with narrowed widths."""
    c1, c2, hidden = widths
    return nn.Sequential(__import__("collections").OrderedDict([
        ("conv1", nn.Conv2d(channels, c1, 3, padding=1)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(c1, c2, 3, padding=1)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()), ("fc1", nn.Linear(c2 * (size // 4) ** 2, hidden)), ("relu3", nn.ReLU()),
        ("fc2", nn.Linear(hidden, 10))]))


entries = {}  # name -> (dtype, tensor)
models = []


def to_f32_values(model):
    """Parameters and float buffers rounded to float32 values (exact in both precisions)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                c = m.num_features
                m.weight.copy_(uniform(c, low=0.5, high=1.5))
                m.bias.copy_(uniform(c, low=-0.3, high=0.3))
                m.running_mean.copy_(uniform(c, low=-0.2, high=0.2))
                m.running_var.copy_(uniform(c, low=0.5, high=1.5))
                m.num_batches_tracked.fill_(2)
        for p in model.parameters():
            p.copy_(p.float().double())
        for name, b in model.named_buffers():
            if b.dtype == torch.float64:
                b.copy_(b.float().double())


def add_model(key, model, config, x, labels, taps):
    to_f32_values(model)
    for name, p in model.named_parameters():
        entries[f"{key}/param/{name}"] = ("F32", p.detach())
    for name, b in model.named_buffers():
        entries[f"{key}/buffer/{name}"] = ("F32" if b.dtype == torch.float64 else "F64", b.detach().clone().to(torch.float64))
    x = x.float().double()
    entries[f"{key}/input"] = ("F32", x)
    entries[f"{key}/labels"] = ("F64", labels.to(torch.float64))
    model.eval()
    with torch.no_grad():
        entries[f"{key}/eval_output"] = ("F64", model(x))
    model.train()
    recorded = {}
    hooks = [dict(model.named_modules())[t].register_forward_hook(lambda m, i, o, t=t: recorded.__setitem__(t, o.detach().clone()))
             for t in taps]
    xg = x.clone().requires_grad_()
    out = model(xg)
    for h in hooks:
        h.remove()
    loss = F.cross_entropy(out, labels)
    names = [n for n, _ in model.named_parameters()]
    grads = torch.autograd.grad(loss, [xg] + [p for _, p in model.named_parameters()])
    entries[f"{key}/train_output"] = ("F64", out.detach())
    entries[f"{key}/loss"] = ("F64", loss.detach().reshape(1))
    entries[f"{key}/grad_input"] = ("F64", grads[0])
    for name, g in zip(names, grads[1:]):
        entries[f"{key}/grad/{name}"] = ("F64", g)
    for name, b in model.named_buffers():
        entries[f"{key}/buffer_after/{name}"] = ("F64", b.detach().to(torch.float64))
    for t in taps:
        entries[f"{key}/tap/{t}"] = ("F64", recorded[t])
    config.update({"key": key, "parameters": names, "buffers": [n for n, _ in model.named_buffers()], "taps": taps})
    models.append(config)


add_model("resnet18_small", ResNet([2, 2, 2, 2], 1, 10, 1 / 16, "small"),
          {"architecture": "resnet18", "stem": "smallImage", "inputChannels": 1, "classes": 10, "widthMultiplier": 1 / 16},
          uniform(2, 1, 16, 16), torch.tensor([3, 7]), ["layer1", "layer2.0.downsample", "layer3", "avgpool"])
add_model("resnet18_imagenet", ResNet([2, 2, 2, 2], 3, 5, 1 / 32, "imagenet"),
          {"architecture": "resnet18", "stem": "imageNet", "inputChannels": 3, "classes": 5, "widthMultiplier": 1 / 32},
          uniform(8, 3, 16, 16), torch.tensor([4, 0, 1, 3, 2, 2, 0, 4]), ["maxpool", "layer4.1", "fc"])
add_model("papernot", papernot(4), {"architecture": "papernot", "filters": 4},
          uniform(2, 1, 28, 28, low=0.0, high=1.0), torch.tensor([1, 8]), ["ReLU1", "ReLU3", "ReLU5", "logits"])
add_model("convnet", convnet(3, 8, (4, 8, 16)), {"architecture": "convnet", "inputChannels": 3, "imageSize": 8, "widths": [4, 8, 16]},
          uniform(2, 3, 8, 8), torch.tensor([2, 9]), ["relu3"])

try:
    import torchvision
    reference = torchvision.models.resnet18(num_classes=10)
    ours = ResNet([2, 2, 2, 2], 3, 10, 1, "imagenet")
    assert list(reference.state_dict().keys()) == list(ours.state_dict().keys()), "state_dict keys differ from torchvision's"
    print("state_dict keys checked against torchvision", torchvision.__version__)
except ImportError:
    print("torchvision not installed: state_dict keys not cross-checked")

header = {}
blobs = []
offset = 0
for name, (dtype, t) in entries.items():
    array = t.detach().cpu().numpy().astype("<f4" if dtype == "F32" else "<f8")
    data = array.tobytes()
    header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(data)]}
    blobs.append(data)
    offset += len(data)
header["__metadata__"] = {"torch": torch.__version__, "models": json.dumps(models, separators=(",", ":"))}
text = json.dumps(header, separators=(",", ":")).encode("utf-8")
text += b" " * (-len(text) % 8)
with open(os.path.join(HERE, "deep_models.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for data in blobs:
        f.write(data)
print("torch", torch.__version__, "layer cases", len(cases), "schedules", len(schedules), "model tensors", len(entries))
