"""Does float32 training change any class of the Abs-node author's Experiment 1? (ABS-43)

The author trained in float32 on a GPU; this project trains in double. Starting from the author's
own stored initial parameters (src/results/ex1/<run>/initial_params.pt, which the project
regenerates bit for bit from their seed) on their stored points, this script trains every model
twice, (a) in double with numpy, the closed form of ABS-13 and PyTorch's SGD rule (ABS-14), and
(b) in float32 with torch on the CPU (nn.Linear, F.mse_loss, torch.optim.SGD, full batch), and
compares each model's class (ABS-15, dead override for ReLU) and final loss with the author's
stored final parameters and loss history. For the data-sampled runs a third training, (c) in double
with the pre-activation of the point z the boundary was put through set to exactly 0 at the first
step, tests where the remaining gaps come from: in float32 that pre-activation is exactly 0 (the
sum that made b), so z contributes nothing to the first gradient (relu'(0) = sign(0) = 0), while
in double it is b's rounding error and z pulls. The z of every model is found by replaying the
author's loop from torch.manual_seed(3) (CPU capability default, RAND-31).

    python3 Fixtures/abs-node/float32_experiment.py PATH/TO/src/results/ex1 > Fixtures/abs-node/float32_experiment.txt

About ten minutes on two cores (the torch loop dominates).
"""
import os
import sys

os.environ["ATEN_CPU_CAPABILITY"] = "default"  # the build the author's weights match (RAND-31)

import numpy as np
import torch

torch.set_num_threads(1)
RUNS = [("uniform", "relu", "ReLU"), ("uniform", "abs", "Abs"), ("data", "relu", "ReLU-data_sampled"), ("data", "abs", "Abs-data_sampled")]


def train_double(X, Y, w, b, relu, steps=200, lr=1e-3, momentum=0.9, on_boundary=None):
    n = len(Y)
    buf_w, buf_b = None, None
    loss = None
    for t in range(steps):
        s = X @ w + b
        if t == 0 and on_boundary is not None:
            s[on_boundary] = 0.0
        r = (np.maximum(s, 0) if relu else np.abs(s)) - Y
        loss = float((r * r).mean())
        g = r * (2.0 / n)
        g = np.where(s > 0, g, 0.0) if relu else g * np.sign(s)
        gw, gb = X.T @ g, g.sum()
        buf_w, buf_b = (gw, gb) if t == 0 else (buf_w * momentum + gw, buf_b * momentum + gb)
        w, b = w - lr * buf_w, b - lr * buf_b
    return w, b, loss


def train_float32(X, Y, w, b, relu, steps=200):
    lin = torch.nn.Linear(2, 1)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(w, dtype=torch.float32).view(1, 2))
        lin.bias.copy_(torch.tensor([b], dtype=torch.float32))
    opt = torch.optim.SGD(lin.parameters(), lr=0.001, momentum=0.9)
    act = torch.relu if relu else torch.abs
    loss = None
    for _ in range(steps):
        out = torch.nn.functional.mse_loss(act(lin(X)), Y)
        opt.zero_grad()
        out.backward()
        opt.step()
        loss = out.item()
    return lin.weight.detach().numpy().reshape(2).astype(np.float64), float(lin.bias.item()), loss


def boundary_points(X32, relu):
    """The data point index z of every model of a data-sampled run (None after a dead restart)."""
    torch.manual_seed(3)
    act = torch.relu if relu else torch.abs
    indices = []
    for _ in range(300):
        lin = torch.nn.Linear(2, 1)
        torch.nn.init.xavier_uniform_(lin.weight)
        index = torch.randint(0, X32.size(0), (1,)).item()
        with torch.no_grad():
            lin.bias.data = -lin.weight.data @ X32[index]
            while act(lin(X32)).sum().item() == 0:
                lin.bias.data = -lin.weight.data @ torch.FloatTensor(2).uniform_(-8, 8)
                index = None
        indices.append(index)
        for _ in range(400):
            torch.empty((), dtype=torch.int64).random_()
    return indices


def classes(W, b, losses, mean, relu):
    c = (np.abs(W @ mean + b) > 1.0).astype(int)
    if relu:
        c[losses > 1.7] = 2
    return c


def main():
    root = sys.argv[1]
    print(f"torch {torch.__version__}, numpy {np.__version__}; classes 0 Coherent, 1 Adhoc, 2 Dead")
    for condition, activation, run in RUNS:
        relu = activation == "relu"
        data = torch.load(f"{root}/{run}/gaussian_dataset.pt", map_location="cpu")
        initial = torch.load(f"{root}/{run}/initial_params.pt", map_location="cpu")
        final = torch.load(f"{root}/{run}/final_params.pt", map_location="cpu")
        history = torch.load(f"{root}/{run}/loss_history.pt", map_location="cpu")
        X32, Y32 = data["X"], data["Y"].reshape(-1, 1)
        X, Y = X32.double().numpy(), Y32.reshape(-1).double().numpy()
        mean = data["mean"].double().numpy()
        theirs_loss = history[:, -1].double().numpy()
        theirs = classes(final["weights"].double().numpy(), final["biases"].double().numpy(), theirs_loss, mean, relu)
        print(f"\n{condition} {activation}: author's stored counts {[int((theirs == k).sum()) for k in range(3)]}, mean final MSE {theirs_loss.mean():.4f}")
        trainers = [("double (numpy)", lambda i, w, b: train_double(X, Y, w, b, relu)),
                    ("float32 (torch CPU)", lambda i, w, b: train_float32(X32, Y32, w, b, relu))]
        if condition == "data":
            z = boundary_points(X32, relu)
            trainers.append(("double, z's pre-activation 0 at step 1", lambda i, w, b: train_double(X, Y, w, b, relu, on_boundary=z[i])))
        for name, trainer in trainers:
            results = [trainer(i, initial["weights"][i].double().numpy() if name.startswith("double") else initial["weights"][i].numpy(),
                               float(initial["biases"][i])) for i in range(300)]
            W = np.array([r[0] for r in results]); B = np.array([r[1] for r in results]); L = np.array([r[2] for r in results])
            ours = classes(W, B, L, mean, relu)
            gaps = np.abs(L - theirs_loss)
            flips = [f"#{i} ({ours[i]} vs {theirs[i]})" for i in np.nonzero(ours != theirs)[0]]
            print(f"  {name}: counts {[int((ours == k).sum()) for k in range(3)]}, mean final MSE {L.mean():.4f}, "
                  f"classes differing from the author's: {flips or 'none'}, largest |final MSE - theirs| {gaps.max():.3g} (model #{int(gaps.argmax())})")


if __name__ == "__main__":
    main()
