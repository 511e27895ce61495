"""Goldens for the optimisers, gradient clipping and the MLP (Spec NET-110 ... NET-112), written by
PyTorch itself in float64 on the CPU.

Run from the repository root:  python3 Fixtures/golden/make_torch_networks.py
Writes torch_networks.json next to this script; rerunning reproduces it byte for byte.

Contents (tensors are {"shape", "data"}, row-major, numbers as Python's shortest round-trip repr):
- "model": the small model the optimiser trajectories train: an MLP 3 -> 4 -> 2 with tanh
  (torch.nn.Sequential(Linear(3, 4), Tanh(), Linear(4, 2))), its initial parameters by
  state_dict name, inputs x [8, 3] and labels [8] for the cross-entropy loss.
- "fixedGradients": 20 steps of gradients (standard normals), one tensor per parameter name.
- "optimizers": one case per optimiser configuration and gradient source. "gradients" is "fixed"
  (step s uses fixedGradients[s]) or "model" (step s uses the gradient of the cross-entropy at the
  current parameters, computed by autograd). Each step records the parameters after the step and
  the optimiser state torch holds (momentum_buffer; exp_avg, exp_avg_sq, max_exp_avg_sq), and for
  "model" the loss before the step. torch.optim is called with foreach=False (the single-tensor
  path, torch's default on the CPU) and fused left at its default (off).
- "clipping": torch.nn.utils.clip_grad_norm_(grads, max_norm) on several gradient sets: the total
  norm torch returns and the gradients after clipping.
- "mlp": forward, loss and every gradient of MLPs for every activation (identity, relu, abs,
  sigmoid, tanh, leakyReLU with slopes 0.01 and 0.2) and both losses (F.cross_entropy and
  F.mse_loss, mean reduction), with and without a final activation: 3 -> 5 -> 4 -> 2 (or 3 for
  cross-entropy), inputs [6, 3]. Inputs are chosen away from the kinks of relu, abs and leakyReLU.
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 20


def tensor(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


torch.manual_seed(1610)
net = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
x = torch.randn(8, 3)
labels = torch.tensor([0, 1, 1, 0, 1, 0, 0, 1])
initial = {k: v.clone() for k, v in net.state_dict().items()}
names = list(initial.keys())
fixed = [{k: torch.randn(initial[k].shape) for k in names} for _ in range(STEPS)]

OPTIMIZERS = [
    ("sgd", "plain", dict(lr=0.1)),
    ("sgd", "momentum", dict(lr=0.1, momentum=0.9)),
    ("sgd", "dampening", dict(lr=0.1, momentum=0.9, dampening=0.3)),
    ("sgd", "nesterov", dict(lr=0.1, momentum=0.9, nesterov=True)),
    ("sgd", "weightDecay", dict(lr=0.1, weight_decay=0.05)),
    ("sgd", "momentumWeightDecay", dict(lr=0.05, momentum=0.5, dampening=0.1, weight_decay=0.01)),
    ("sgd", "nesterovWeightDecay", dict(lr=0.05, momentum=0.7, nesterov=True, weight_decay=0.02)),
    ("adam", "defaults", dict()),
    ("adam", "lr", dict(lr=0.05)),
    ("adam", "amsgrad", dict(lr=0.05, amsgrad=True)),
    ("adam", "weightDecay", dict(lr=0.05, weight_decay=0.1)),
    ("adam", "amsgradWeightDecay", dict(lr=0.05, weight_decay=0.1, amsgrad=True)),
    ("adam", "smallBeta1", dict(lr=0.05, betas=(0.3, 0.9), eps=1e-6)),
    ("adamw", "defaults", dict()),
    ("adamw", "weightDecay", dict(lr=0.05, weight_decay=0.1)),
    ("adamw", "amsgrad", dict(lr=0.05, weight_decay=0.1, amsgrad=True)),
]


def make_optimizer(kind, params, hyper):
    if kind == "sgd":
        return torch.optim.SGD(params, foreach=False, **hyper)
    if kind == "adam":
        return torch.optim.Adam(params, foreach=False, **hyper)
    return torch.optim.AdamW(params, foreach=False, **hyper)


STATE_NAMES = {"momentum_buffer": "momentumBuffer", "exp_avg": "firstMoment", "exp_avg_sq": "secondMoment",
               "max_exp_avg_sq": "maxSecondMoment"}


def trajectory(kind, hyper, source):
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    model.load_state_dict(initial)
    params = dict(model.named_parameters())
    optimizer = make_optimizer(kind, [params[k] for k in names], hyper)
    steps = []
    for s in range(STEPS):
        record = {}
        if source == "fixed":
            for k in names:
                params[k].grad = fixed[s][k].clone()
        else:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), labels)
            loss.backward()
            record["loss"] = loss.item()
        optimizer.step()
        record["parameters"] = {k: tensor(params[k]) for k in names}
        state = {}
        for k in names:
            entry = optimizer.state[params[k]]
            state[k] = {STATE_NAMES[key]: tensor(value) for key, value in entry.items()
                        if key in STATE_NAMES and value is not None}
            if "step" in entry:
                state[k]["step"] = int(entry["step"].item())
        record["state"] = state
        steps.append(record)
    return steps


optimizers = []
for kind, label, hyper in OPTIMIZERS:
    for source in ["fixed", "model"]:
        described = {k: (list(v) if isinstance(v, tuple) else v) for k, v in hyper.items()}
        optimizers.append({"name": f"{kind}.{label}.{source}", "optimizer": kind, "hyperparameters": described,
                           "gradients": source, "steps": trajectory(kind, hyper, source)})

# clip_grad_norm_: gradient sets of several tensors, thresholds below and above the total norm.
clipping = []
torch.manual_seed(17)
for label, shapes, scale, max_norms in [
    ("mlp", [(4, 3), (4,), (2, 4), (2,)], 1.0, [0.5, 1.0, 100.0]),
    ("single", [(7,)], 3.0, [0.1, 2.0]),
    ("wide", [(64, 32), (32,), (10, 64)], 0.01, [0.05, 1.0]),
    ("tiny", [(3,), (3,)], 1e-8, [1e-9, 1.0]),
]:
    grads = [torch.randn(shape) * scale for shape in shapes]
    for max_norm in max_norms:
        params = [torch.zeros(shape, requires_grad=True) for shape in shapes]
        for p, g in zip(params, grads):
            p.grad = g.clone()
        total = torch.nn.utils.clip_grad_norm_(params, max_norm)
        clipping.append({"name": f"{label}.maxNorm{max_norm}", "maxNorm": max_norm,
                         "gradients": [tensor(g) for g in grads], "totalNorm": total.item(),
                         "clipped": [tensor(p.grad) for p in params]})

# MLPs: every activation, both losses.
ACTIVATIONS = [("identity", nn.Identity, None), ("relu", nn.ReLU, None), ("abs", None, None), ("sigmoid", nn.Sigmoid, None),
               ("tanh", nn.Tanh, None), ("leakyReLU", nn.LeakyReLU, 0.01), ("leakyReLU", nn.LeakyReLU, 0.2)]


class Abs(nn.Module):
    def forward(self, t):
        return torch.abs(t)


def activation(name, cls, slope):
    if name == "abs":
        return Abs()
    return cls(slope) if slope is not None else cls()


def away_from_kinks(model, inputs):
    """True when no pre-activation of a hidden or final layer is within 1e-3 of 0."""
    h = inputs
    for layer in model:
        if isinstance(layer, nn.Linear):
            h = layer(h)
            if (h.abs() < 1e-3).any():
                return False
        else:
            h = layer(h)
    return True


mlp = []
torch.manual_seed(42)
for name, cls, slope in ACTIVATIONS:
    for loss_name in ["crossEntropy", "meanSquaredError"]:
        for final in [False, True]:
            out = 3 if loss_name == "crossEntropy" else 2
            widths = [3, 5, 4, out]
            while True:
                layers = []
                for i in range(len(widths) - 1):
                    layers.append(nn.Linear(widths[i], widths[i + 1]))
                    if i < len(widths) - 2 or final:
                        layers.append(activation(name, cls, slope))
                model = nn.Sequential(*layers)
                inputs = torch.randn(6, 3)
                if away_from_kinks(model, inputs):
                    break
            inputs.requires_grad_(True)
            outputs = model(inputs)
            if loss_name == "crossEntropy":
                targets = torch.randint(0, out, (6,))
                loss = F.cross_entropy(outputs, targets)
            else:
                targets = torch.randn(6, out)
                loss = F.mse_loss(outputs, targets)
            linears = [layer for layer in model if isinstance(layer, nn.Linear)]
            grads = torch.autograd.grad(loss, [inputs] + [p for l in linears for p in (l.weight, l.bias)])
            case = {"name": f"{name}{'' if slope is None else slope}.{loss_name}{'.final' if final else ''}",
                    "activation": name, "slope": slope, "finalActivation": final, "loss": loss_name,
                    "inputs": tensor(inputs), "weights": [tensor(l.weight) for l in linears],
                    "biases": [tensor(l.bias) for l in linears],
                    "targets": tensor(targets.to(torch.float64)), "outputs": tensor(outputs), "lossValue": loss.item(),
                    "gradInputs": tensor(grads[0]), "gradWeights": [tensor(g) for g in grads[1::2]],
                    "gradBiases": [tensor(g) for g in grads[2::2]]}
            mlp.append(case)

document = {
    "torch": torch.__version__, "cpuCapability": torch.backends.cpu.get_cpu_capability(),
    "model": {"widths": [3, 4, 2], "activation": "tanh", "loss": "crossEntropy", "parameterNames": names,
              "initial": {k: tensor(v) for k, v in initial.items()}, "x": tensor(x), "labels": labels.tolist()},
    "fixedGradients": [{k: tensor(g[k]) for k in names} for g in fixed],
    "optimizers": optimizers, "clipping": clipping, "mlp": mlp,
}
with open(os.path.join(HERE, "torch_networks.json"), "w") as f:
    json.dump(document, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(optimizers)} optimiser cases, {len(clipping)} clipping cases, {len(mlp)} MLP cases")
