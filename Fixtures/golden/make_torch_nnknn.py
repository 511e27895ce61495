"""Goldens for NN-kNN (every variant), NN-kNN_O and NCA (Spec ORACLE-71, NBR-30), written by PyTorch
in float64 on the CPU. The models are written below as PyTorch modules from the Spec's formulas
(Spec/NNkNN.md NNKNN-2 ... NNKNN-9, NNKNN-12; Spec/Neighbors.md NBR-15), not from the Swift code,
and autograd gives every gradient.

Run from the repository root:  python3 Fixtures/golden/make_torch_nnknn.py
Writes torch_nnknn.json next to this script; rerunning reproduces it byte for byte.

Contents (tensors are {"shape", "data"}, row-major):
- "nnknn": cases of the extended NN-kNN, each with the variant name the oracle's `nnknn.forward`
  takes (code, paper, paperSquared, codeReluCaseWeights, codeExcludeIdentical), the leaky slope,
  the inputs (queries, cases, caseLabels, classes, B, labels) and parameters (GW, cW, bias,
  caseWeight), and the outputs: distances, activations, classActivations, loss and the gradients
  of the loss with respect to GW, cW, bias, caseWeight and the queries. Some queries are cases
  (self-matches, NNKNN-8), and some parameters are negative (the leakyReLU and relu branches).
- "nnknnO": NN-kNN_O cases (individual and shared W, top-k in evaluation mode, training mode):
  inputs, parameters f, W, bias, classWeight, classBias, and the same outputs with gradients for
  f, W, bias, classWeight, classBias and the queries.
- "nca": NCA's objective f(L) = sum_i p_i and its gradient with respect to L for several data sets
  (the 4-point toy of NBR-15, 30 Iris rows, random points with a rectangular L).
"""
import csv
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))


def tensor(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": t.reshape(-1).tolist()}


class NNkNN(nn.Module):
    """The extended NN-kNN (NNKNN-2 ... NNKNN-9) with every variant as a flag."""

    def __init__(self, GW, cW, bias, case_weight, B, slope, glocal, distance, relu_case_weights, exclude_identical):
        super().__init__()
        self.GW, self.cW = nn.Parameter(GW.clone()), nn.Parameter(cW.clone())
        self.bias, self.caseWeight = nn.Parameter(bias.clone()), nn.Parameter(case_weight.clone())
        self.B, self.slope = B, slope
        self.glocal, self.distance = glocal, distance
        self.relu_case_weights, self.exclude_identical = relu_case_weights, exclude_identical

    def forward(self, queries, cases, case_labels, classes):
        # NNKNN-2: cw = coef . leakyReLU(GW), coef = leakyReLU(cW) (code) or cW (paper).
        gw = F.leaky_relu(self.GW, self.slope)
        coef = F.leaky_relu(self.cW, self.slope) if self.glocal == "code" else self.cW
        cw = coef @ gw                                             # [n, d]
        diff = queries[:, None, :] - cases[None, :, :]             # [m, n, d]
        # NNKNN-3: the three distances.
        if self.distance == "weightedEuclidean":
            distances = torch.sqrt(torch.relu((cw[None] * diff.square()).sum(-1)))
        elif self.distance == "paperSquared":
            distances = (cw[None] * diff.square()).sum(-1)
        else:
            distances = (cw[None] * diff.abs()).sum(-1)
        # NNKNN-5: sigmoid((8 / B)(bias - d) - 4), the optional identical-case mask, class sums.
        activations = torch.sigmoid((self.bias[None, :] - distances) * (8 / self.B) - 4)
        if self.exclude_identical:
            activations = activations * (distances.detach() >= 1e-8).to(torch.float64)
        weights = torch.relu(self.caseWeight) if self.relu_case_weights else self.caseWeight
        one_hot = F.one_hot(case_labels, classes).to(torch.float64)
        class_activations = (activations * weights[None, :]) @ one_hot
        return distances, activations, class_activations


VARIANTS = {
    "code": ("code", "weightedEuclidean", False, False),
    "paper": ("paper", "paperAbsolute", False, False),
    "paperSquared": ("paper", "paperSquared", False, False),
    "codeReluCaseWeights": ("code", "weightedEuclidean", True, False),
    "codeExcludeIdentical": ("code", "weightedEuclidean", False, True),
}


def nnknn_case(name, variant, slope, queries, cases, case_labels, classes, B, labels, GW, cW, bias, case_weight):
    glocal, distance, relu_weights, exclude = VARIANTS[variant]
    model = NNkNN(GW, cW, bias, case_weight, B, slope, glocal, distance, relu_weights, exclude)
    q = queries.clone().requires_grad_(True)
    distances, activations, class_activations = model(q, cases, case_labels, classes)
    loss = F.cross_entropy(class_activations, labels)
    grads = torch.autograd.grad(loss, [model.GW, model.cW, model.bias, model.caseWeight, q])
    return {"name": name, "variant": variant, "slope": slope,
            "inputs": {"queries": tensor(queries), "cases": tensor(cases), "caseLabels": case_labels.tolist(),
                       "classes": classes, "B": B, "labels": labels.tolist(),
                       "GW": tensor(GW), "cW": tensor(cW), "bias": tensor(bias), "caseWeight": tensor(case_weight)},
            "distances": tensor(distances), "activations": tensor(activations), "classActivations": tensor(class_activations),
            "loss": loss.item(),
            "gradients": {k: tensor(g) for k, g in zip(["GW", "cW", "bias", "caseWeight", "queries"], grads)}}


torch.manual_seed(2024)
nnknn = []
n, d, m, C = 7, 3, 5, 3
cases = torch.randn(n, d) * 2
case_labels = torch.tensor([0, 1, 2, 0, 1, 2, 0])
# Queries: three fresh points and two cases (self-matches at rows 3 and 4).
queries = torch.cat([torch.randn(3, d) * 2, cases[[2, 5]]])
labels = torch.tensor([0, 2, 1, 2, 2])
for variant in VARIANTS:
    for w, label in [(1, "w1"), (2, "w2")]:
        GW = torch.rand(w, d) + 0.2
        cW = torch.full((n, w), 1.0 / w) + 0.1 * torch.randn(n, w)
        bias = torch.full((n,), 3.0) + 0.5 * torch.randn(n)
        case_weight = torch.ones(n) + 0.3 * torch.randn(n)
        nnknn.append(nnknn_case(f"{variant}.{label}", variant, 0.001, queries, cases, case_labels, C, 3.0, labels,
                                GW, cW, bias, case_weight))
    # Negative weights: the leakyReLU branches of GW and cW, and relu's zero branch of the case weights.
    GW = torch.tensor([[0.8, -0.5, 1.2], [-0.3, 0.9, 0.4]])
    cW = torch.randn(n, 2) * 0.7
    bias = torch.full((n,), 2.5) + 0.5 * torch.randn(n)
    case_weight = torch.randn(n)
    slope = 0.1 if variant in ("code", "paper") else 0.001
    nnknn.append(nnknn_case(f"{variant}.negative", variant, slope, queries, cases, case_labels, C, 2.0, labels,
                            GW, cW, bias, case_weight))


class NNkNNO(nn.Module):
    """NN-kNN_O (NNKNN-12)."""

    def __init__(self, f, W, bias, class_weight, class_bias, top_k):
        super().__init__()
        self.f, self.W = nn.Parameter(f.clone()), nn.Parameter(W.clone())
        self.bias, self.classWeight, self.classBias = nn.Parameter(bias.clone()), nn.Parameter(class_weight.clone()), nn.Parameter(class_bias.clone())
        self.top_k = top_k

    def forward(self, queries, cases, case_labels, classes, training):
        n = cases.shape[0]
        weights = F.leaky_relu(self.W, 0.01) * self.f.square()[None, :]          # [n or 1, d]
        weights = weights.expand(n, -1)
        diff = queries[:, None, :] - cases[None, :, :]
        distances = (weights[None] * diff.square()).sum(-1)
        activations = torch.sigmoid(self.bias[None, :] - distances)
        if not training and self.top_k is not None and self.top_k < n:
            order = torch.sort(activations.detach(), dim=1, descending=True, stable=True).indices[:, :self.top_k]
            mask = torch.zeros_like(activations).scatter_(1, order, 1.0)
            activations = activations * mask
        one_hot = F.one_hot(case_labels, classes).to(torch.float64)
        class_activations = (activations * torch.relu(self.classWeight)[None, :]) @ one_hot + self.classBias[None, :]
        return distances, activations, class_activations


nnknnO = []
torch.manual_seed(7)
for label, shared, top_k, training in [("individual", False, None, False), ("shared", True, None, False),
                                       ("individualTop3", False, 3, False), ("sharedTop2", True, 2, False),
                                       ("trainingTop3", False, 3, True)]:
    W = torch.randn(1 if shared else n, d)
    f = torch.randn(d)
    bias = torch.full((n,), 1.5) + torch.randn(n)
    class_weight = torch.randn(n)
    class_bias = torch.randn(C)
    model = NNkNNO(f, W, bias, class_weight, class_bias, top_k)
    q = queries.clone().requires_grad_(True)
    distances, activations, class_activations = model(q, cases * 0.5, case_labels, C, training)
    loss = F.cross_entropy(class_activations, labels)
    grads = torch.autograd.grad(loss, [model.f, model.W, model.bias, model.classWeight, model.classBias, q])
    nnknnO.append({"name": label, "topK": top_k, "mode": "training" if training else "evaluation",
                   "inputs": {"queries": tensor(queries), "cases": tensor(cases * 0.5), "caseLabels": case_labels.tolist(),
                              "classes": C, "labels": labels.tolist(), "f": tensor(f), "W": tensor(W), "bias": tensor(bias),
                              "classWeight": tensor(class_weight), "classBias": tensor(class_bias)},
                   "distances": tensor(distances), "activations": tensor(activations),
                   "classActivations": tensor(class_activations), "loss": loss.item(),
                   "gradients": {k: tensor(g) for k, g in zip(["f", "W", "bias", "classWeight", "classBias", "queries"], grads)}})


def nca_objective(L, points, point_labels):
    """f(L) = sum_i sum_{j != i, y_j = y_i} p_ij, p_ij = softmax over j != i of -|L x_i - L x_j|^2."""
    z = points @ L.T
    distances = (z[:, None, :] - z[None, :, :]).square().sum(-1)
    count = points.shape[0]
    logits = -distances.masked_fill(torch.eye(count, dtype=torch.bool), float("inf"))
    p = torch.softmax(logits, dim=1)
    same = (point_labels[:, None] == point_labels[None, :]).to(torch.float64)
    return (p * same).sum()


def iris_rows(count):
    with open(os.path.join(HERE, "..", "uci", "iris.csv")) as f:
        rows = list(csv.reader(f))[1:]
    picked = rows[::150 // count][:count]
    return torch.tensor([[float(v) for v in r[:4]] for r in picked]), torch.tensor([int(r[4]) for r in picked])


nca = []
torch.manual_seed(99)
toy = torch.tensor([[0.0, 0.0], [0.0, 1.0], [2.0, 0.0], [2.0, 1.0]])
iris_x, iris_y = iris_rows(30)
random_x = torch.randn(12, 5)
random_y = torch.tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 1])
for label, points, point_labels, L in [
    ("toyIdentity", toy, torch.tensor([1, 0, 1, 0]), torch.eye(2)),
    ("toyRandom", toy, torch.tensor([1, 0, 1, 0]), torch.randn(2, 2)),
    ("iris30", iris_x, iris_y, torch.eye(4) * 0.5 + 0.1 * torch.randn(4, 4)),
    ("randomRectangular", random_x, random_y, torch.randn(3, 5) * 0.6),
]:
    L = L.clone().requires_grad_(True)
    value = nca_objective(L, points, point_labels)
    (gradient,) = torch.autograd.grad(value, [L])
    nca.append({"name": label, "points": tensor(points), "labels": point_labels.tolist(), "transform": tensor(L),
                "objective": value.item(), "gradient": tensor(gradient)})

document = {"torch": torch.__version__, "nnknn": nnknn, "nnknnO": nnknnO, "nca": nca}
with open(os.path.join(HERE, "torch_nnknn.json"), "w") as f:
    json.dump(document, f, separators=(",", ":"))
    f.write("\n")
print(f"wrote {len(nnknn)} NN-kNN cases, {len(nnknnO)} NN-kNN_O cases, {len(nca)} NCA cases")
