"""Goldens for the text layers and models (Spec NET-70 ... NET-78), written by PyTorch itself in
float64 on the CPU and saved by the reference safetensors writer.

Run from the repository root:  python3 Fixtures/golden/make_text_layers.py

Writes text_layers.safetensors next to this script. Its __metadata__ "cases" is JSON: the torch and
safetensors versions, torch's CPU capability (its float32 normal draws depend on it, RAND-31) and
"cases", a list of {"key", "kind", ...configuration}; every tensor of a case is stored under "KEY/NAME":

- kind "embedding": weight (the padding row deliberately not zero: torch reads it as it is),
  ids (I64), output, and grad_weight, the gradient of sum(output * r0) (the padding row's is 0).
- kind "lstm": the torch.nn.LSTM parameters param/NAME (torch's names), x [B, T, D], lengths (I64),
  then, with the batch packed by pack_padded_sequence(enforce_sorted=False) and unpacked with
  total_length=T: output [B, T, directions H], h_n and c_n [layers directions, B, H], and the
  gradients grad/x, grad/NAME of  sum(output r0) + sum(h_n r1) + sum(c_n r2).
- kind "model" (the BiLSTM classifier and Kim's CNN of the Swift code, at small sizes): init/NAME,
  the parameters torch's constructors make in float32 right after torch.manual_seed(seed) (F32);
  the same values in float64 are then the model's parameters; ids [B, T] (I64, trailing padding
  id 0 gives each sequence its length), labels (I64); in evaluation mode: output (logits), loss
  (cross-entropy), grad/NAME for every parameter, grad/embedding (the gradient of the loss with
  respect to the embedding layer's output) and tap/NAME (named intermediate values).

The cotangents are r_k[i] = ((37 i + 11 k) mod 17 - 8) / 4 over the flat index i (exact, not
stored). Everything else is drawn from torch.manual_seed(20240613).
"""
import json
import os

import safetensors
import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import save_file
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_num_threads(1)
entries = {}
cases = []


def cotangent(shape, k):
    n = 1
    for s in shape:
        n *= s
    return torch.tensor([((37 * i + 11 * k) % 17 - 8) / 4 for i in range(n)], dtype=torch.float64).reshape(shape)


def put(key, name, t):
    entries[f"{key}/{name}"] = t.detach().clone().contiguous()


torch.manual_seed(20240613)

# ---------------------------------------------------------------- embedding
weight = torch.randn(7, 3, dtype=torch.float64, requires_grad=True)
ids = torch.tensor([[3, 0, 6, 3], [1, 2, 0, 0]])
out = F.embedding(ids, weight, padding_idx=0)
grad, = torch.autograd.grad((out * cotangent(out.shape, 0)).sum(), [weight])
for name, t in [("weight", weight), ("ids", ids), ("output", out), ("grad_weight", grad)]:
    put("embedding", name, t)
cases.append({"key": "embedding", "kind": "embedding", "paddingIndex": 0})

# ---------------------------------------------------------------- LSTM


def lstm_case(key, batch, steps, inputs, hidden, layers, bidirectional, bias, lengths):
    lstm = nn.LSTM(inputs, hidden, num_layers=layers, bias=bias, bidirectional=bidirectional, batch_first=True).double()
    with torch.no_grad():
        for p in lstm.parameters():
            p.uniform_(-0.8, 0.8)
    x = (torch.rand(batch, steps, inputs, dtype=torch.float64) * 2 - 1).requires_grad_()
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    out, (h, c) = lstm(packed)
    out, _ = pad_packed_sequence(out, batch_first=True, total_length=steps)
    names = [n for n, _ in lstm.named_parameters()]
    loss = (out * cotangent(out.shape, 0)).sum() + (h * cotangent(h.shape, 1)).sum() + (c * cotangent(c.shape, 2)).sum()
    grads = torch.autograd.grad(loss, [x] + list(lstm.parameters()))
    for n, p in lstm.named_parameters():
        put(key, f"param/{n}", p)
    put(key, "x", x)
    put(key, "lengths", torch.tensor(lengths))
    put(key, "output", out)
    put(key, "h_n", h)
    put(key, "c_n", c)
    put(key, "grad/x", grads[0])
    for n, g in zip(names, grads[1:]):
        put(key, f"grad/{n}", g)
    cases.append({"key": key, "kind": "lstm", "inputSize": inputs, "hiddenSize": hidden, "layers": layers, "bidirectional": bidirectional,
                  "bias": bias, "parameters": names})


lstm_case("lstm_full", 2, 4, 3, 2, 1, False, True, [4, 4])
lstm_case("lstm_lengths", 3, 5, 3, 3, 1, False, True, [5, 2, 4])
lstm_case("lstm_bidirectional", 3, 5, 2, 3, 1, True, True, [3, 5, 1])
lstm_case("lstm_2_layers_bidirectional", 3, 4, 3, 2, 2, True, True, [4, 2, 3])
lstm_case("lstm_3_layers_no_bias", 2, 3, 2, 2, 3, False, False, [3, 2])
lstm_case("lstm_3_layers_bidirectional", 2, 6, 4, 3, 3, True, True, [6, 4])

# ---------------------------------------------------------------- models


def lengths_of(ids, pad=0):
    """T minus each row's run of trailing padding ids."""
    result = []
    for row in ids.tolist():
        n = len(row)
        while n > 0 and row[n - 1] == pad:
            n -= 1
        result.append(n)
    return torch.tensor(result)


class BiLSTMClassifier(nn.Module):
    def __init__(self, vocabulary, embedding, hidden, layers, dropout, classifier_hidden, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding, padding_idx=0)
        self.lstm = nn.LSTM(embedding, hidden, num_layers=layers, dropout=dropout if layers > 1 else 0.0, bidirectional=True,
                            batch_first=True)
        self.dropout = nn.Dropout(dropout)
        self.fc1 = nn.Linear(2 * hidden, classifier_hidden)
        self.relu = nn.ReLU()
        self.fc2 = nn.Linear(classifier_hidden, classes)

    def forward(self, ids):
        self.embedded = self.embedding(ids)
        packed = pack_padded_sequence(self.embedded, lengths_of(ids), batch_first=True, enforce_sorted=False)
        out, (h, c) = self.lstm(packed)
        self.taps = {"features": torch.cat([h[-2], h[-1]], 1), "lstm.final0": torch.cat([h[0], h[1]], 1),
                     "lstm": pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])[0]}
        return self.fc2(self.relu(self.fc1(self.dropout(self.taps["features"]))))


class KimCNN(nn.Module):
    def __init__(self, vocabulary, embedding, widths, filters, dropout, hidden, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding, padding_idx=0)
        self.convs = nn.ModuleList([nn.Conv1d(embedding, filters, k) for k in widths])
        self.dropout = nn.Dropout(dropout)
        sizes = [filters * len(widths)] + hidden + [classes]
        self.fcs = len(sizes) - 1
        for i in range(self.fcs):
            setattr(self, f"fc{i + 1}", nn.Linear(sizes[i], sizes[i + 1]))

    def forward(self, ids):
        self.embedded = self.embedding(ids)
        x = self.embedded.transpose(1, 2)
        convolved = [conv(x) for conv in self.convs]
        pooled = [F.max_pool1d(F.relu(c), c.shape[2]).squeeze(2) for c in convolved]
        self.taps = {"convs.0": convolved[0], "features": torch.cat(pooled, 1)}
        y = self.dropout(self.taps["features"])
        for i in range(self.fcs):
            y = getattr(self, f"fc{i + 1}")(y)
            if i + 1 < self.fcs:
                y = F.relu(y)
        self.taps["fc1"] = None
        return y


def model_case(key, seed, make, config, ids, labels):
    torch.manual_seed(seed)
    model = make()  # float32, torch's default dtype: the torch-exact initialisation (NET-74)
    for n, p in model.named_parameters():
        put(key, f"init/{n}", p)
    model = model.double().eval()
    logits = model(ids)
    loss = F.cross_entropy(logits, labels)
    names = [n for n, _ in model.named_parameters()]
    grads = torch.autograd.grad(loss, [model.embedded] + list(model.parameters()))
    put(key, "ids", ids)
    put(key, "labels", labels)
    put(key, "output", logits)
    put(key, "loss", loss.reshape(1))
    put(key, "grad/embedding", grads[0])
    for n, g in zip(names, grads[1:]):
        put(key, f"grad/{n}", g)
    taps = [t for t, v in model.taps.items() if v is not None]
    for t in taps:
        put(key, f"tap/{t}", model.taps[t])
    config.update({"key": key, "kind": "model", "seed": seed, "parameters": names, "taps": taps})
    cases.append(config)


torch.manual_seed(7)
ids = torch.tensor([[5, 9, 2, 11, 3, 0, 0], [4, 4, 8, 1, 6, 12, 7], [13, 2, 0, 0, 0, 0, 0]])
model_case("bilstm_wallace", 11, lambda: BiLSTMClassifier(14, 5, 4, 3, 0.4, 6, 3),
           {"architecture": "bilstm", "vocabulary": 14, "embedding": 5, "hidden": 4, "layers": 3, "dropout": 0.4, "classifierHidden": 6,
            "classes": 3}, ids, torch.tensor([2, 0, 1]))
model_case("bilstm_nnknn", 12, lambda: BiLSTMClassifier(14, 6, 3, 1, 0.5, 5, 2),
           {"architecture": "bilstm", "vocabulary": 14, "embedding": 6, "hidden": 3, "layers": 1, "dropout": 0.5, "classifierHidden": 5,
            "classes": 2}, ids, torch.tensor([1, 0, 1]))
model_case("kim_cnn", 13, lambda: KimCNN(14, 5, [3, 4, 5], 3, 0.4, [6, 4], 3),
           {"architecture": "kimcnn", "vocabulary": 14, "embedding": 5, "widths": [3, 4, 5], "filters": 3, "dropout": 0.4,
            "hiddenWidths": [6, 4], "classes": 3}, ids, torch.tensor([0, 2, 1]))

save_file(entries, os.path.join(HERE, "text_layers.safetensors"),
          metadata={"cases": json.dumps({"torch": torch.__version__, "safetensors": safetensors.__version__,
                                         "capability": torch.backends.cpu.get_cpu_capability().lower(), "cases": cases},
                                        separators=(",", ":"))})
print("torch", torch.__version__, "safetensors", safetensors.__version__, "tensors", len(entries))
