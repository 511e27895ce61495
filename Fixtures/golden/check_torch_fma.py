"""Where our optimiser updates differ from torch's (Spec/Networks.md NET-16, NET-110): replays the
fixed-gradient trajectories of torch_networks.json in plain Python doubles, once with every
operation rounded separately (as the Swift code does) and once with torch's fused multiply-adds,
and counts the elements that equal torch's bit for bit.

Fused forms (exactly rounded fma, emulated with fractions): add(x, y, alpha=a) = fma(a, y, x);
lerp(m, g, w) = fma(w, g - m, m) for |w| < 0.5; addcmul(v, g, g, value=c) = fma(c g, g, v).
Standard library only:  python3 Fixtures/golden/check_torch_fma.py
"""
import json
import math
import os
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
golden = json.load(open(os.path.join(HERE, "torch_networks.json")))
names = golden["model"]["parameterNames"]


def fma(a, b, c):
    return float(Fraction(a) * Fraction(b) + Fraction(c))


def plain(a, b, c):
    return a * b + c


def sgd(h, fused, name):
    mul_add = fma if fused else plain
    lr, momentum, dampening = h["lr"], h.get("momentum", 0.0), h.get("dampening", 0.0)
    wd, nesterov = h.get("weight_decay", 0.0), h.get("nesterov", False)
    p = list(golden["model"]["initial"][name]["data"])
    buf, out = None, []
    for step in golden["fixedGradients"]:
        g = list(step[name]["data"])
        if wd:
            g = [mul_add(wd, pi, gi) for pi, gi in zip(p, g)]
        if momentum:
            buf = list(g) if buf is None else [mul_add(1 - dampening, gi, bi * momentum) for bi, gi in zip(buf, g)]
            g = [mul_add(momentum, bi, gi) for bi, gi in zip(buf, g)] if nesterov else buf
        p = [mul_add(-lr, gi, pi) for pi, gi in zip(p, g)]
        out.append((p, buf))
    return out


def adam_moments(h, fused, name):
    beta1, beta2 = h.get("betas", [0.9, 0.999])
    m = [0.0] * len(golden["model"]["initial"][name]["data"])
    v = list(m)
    out = []
    w, c = 1 - beta1, 1 - beta2
    for step in golden["fixedGradients"]:
        g = list(step[name]["data"])
        if fused:
            m = [fma(w, gi - mi, mi) for mi, gi in zip(m, g)]
            v = [fma(c * gi, gi, vi * beta2) for vi, gi in zip(v, g)]
        else:
            m = [mi + w * (gi - mi) for mi, gi in zip(m, g)]
            v = [vi * beta2 + c * gi * gi for vi, gi in zip(v, g)]
        out.append((m, v))
    return out


def count(ours, theirs):
    return sum(a == b for a, b in zip(ours, theirs)), len(theirs)


for case in golden["optimizers"]:
    if case["gradients"] != "fixed":
        continue
    h, kind = case["hyperparameters"], case["optimizer"]
    # Adam's L2 term and AdamW's decay change p before the moments; replay the moments only where
    # the gradient is the fixed one, and lerp only where torch takes its first branch (w < 0.5).
    if kind != "sgd" and (h.get("weight_decay") or 1 - h.get("betas", [0.9])[0] >= 0.5):
        continue
    report = []
    for fused in (False, True):
        equal = total = 0
        for name in names:
            if kind == "sgd":
                replay = sgd(h, fused, name)
                for (p, buf), step in zip(replay, case["steps"]):
                    e, t = count(p, step["parameters"][name]["data"]); equal += e; total += t
                    if buf is not None:
                        e, t = count(buf, step["state"][name]["momentumBuffer"]["data"]); equal += e; total += t
            else:
                replay = adam_moments(h, fused, name)
                for (m, v), step in zip(replay, case["steps"]):
                    for ours, key in ((m, "firstMoment"), (v, "secondMoment")):
                        e, t = count(ours, step["state"][name][key]["data"]); equal += e; total += t
        report.append(f"{'fused' if fused else 'separate'} {equal}/{total}")
    print(f"{case['name']:32s} elements equal to torch's: " + ", ".join(report))
