"""Convolution and pooling arithmetic: output sizes, padding, transposed convolution, parameters.

An output size is a *count*: the number of window positions t = 0, 1, 2, … whose window
[t·s, t·s + k − 1] fits in the padded input of length i + 2p. Each claim states that count
(a sum of an indicator over t) equal to the closed form of the course notes, for every integer
size in its domain; the ``floor rules`` strategy proves it from the characterisation of ⌊·⌋.
The sum stops at t = i + 2p because no later window fits (s, k ≥ 1), which the proof confirms
(its side condition ⌊y⌋ ≤ i + 2p).

The numeric checks are independent of the statement's algebra: every integer tuple of a small
grid is enumerated (the smallest counterexample is reported), and each claim's ``extra_check``
counts window positions by brute force in numpy for all sizes ≤ 40 (≤ 16 with dilation) and
compares the lengths numpy.convolve returns in its full/valid/same modes.

Sources: Dumoulin & Visin, "A guide to convolution arithmetic for deep learning" (arXiv 1603.07285),
relationships 2, 6, 7, 13–15; PyTorch's ``Conv2d``/``ConvTranspose2d`` shape formulas; numpy.convolve's
modes; the second IFT6390 HW3 solution (004) Q3(a)-(c).

Tags: convolution, pooling, padding, stride, dilation, transposed convolution, floor, output size
"""

from __future__ import annotations

import numpy as np
from sympy import Add, Eq, Expr, Max, Mod, Mul, Rational, Sum, Symbol, floor, nsimplify

from derivcheck import Source, identity, integers, statement
from derivcheck.functions import indicator
from derivcheck.identities import HW3_OTHER

DV = "Dumoulin & Visin, A guide to convolution arithmetic for deep learning, arXiv:1603.07285"
PYTORCH_CONV = "PyTorch documentation, torch.nn.Conv2d"
PYTORCH_CONV_TRANSPOSE = "PyTorch documentation, torch.nn.ConvTranspose2d"
NUMPY_CONVOLVE = "NumPy documentation, numpy.convolve"

i = Symbol("i", integer=True)  # input size
k = Symbol("k", integer=True)  # kernel size
s = Symbol("s", integer=True)  # stride
p = Symbol("p", integer=True)  # padding on each side
d = Symbol("d", integer=True)  # dilation
m = Symbol("m", integer=True)  # k = 2m + 1 for an odd kernel
c_in = Symbol("c_in", integer=True)
c_out = Symbol("c_out", integer=True)
k_h = Symbol("k_h", integer=True)
k_w = Symbol("k_w", integer=True)
t = Symbol("t", integer=True)  # window position (bound by the sums)

SIZE = integers(1, sample_hi=26)
PADDING = integers(0, sample_hi=25)
BRUTE_MAX = 40  # sizes enumerated by the brute-force extra checks
BRUTE_MAX_DILATED = 16


def positions(window: int | Symbol, length, stride=1) -> Sum:
    """#{t ≥ 0 : t·stride + window ≤ length}: windows that fit (no t > length can)."""
    return Sum(indicator(t * stride + window <= length), (t, 0, length))


def conv_out(i, k, s, p, d=1):
    """The closed form ⌊(i + 2p − d(k − 1) − 1)/s⌋ + 1 of the course notes and PyTorch."""
    return floor((i + 2 * p - d * (k - 1) - 1) / s) + 1


# --- independent numeric checks (numpy, no SymPy) ---------------------------------------------


def _grid(**ranges):
    axes = np.meshgrid(*[np.arange(lo, hi + 1, dtype=np.int64) for lo, hi in ranges.values()], indexing="ij")
    return {name: a.ravel() for name, a in zip(ranges, axes)}


def _count_fitting(span: np.ndarray, length: np.ndarray, stride: np.ndarray) -> np.ndarray:
    """Brute force: for t = 0, 1, …, count the tuples where a window of ``span`` fits at t·stride."""
    count = np.zeros_like(length)
    active = np.arange(len(length))
    step = 0
    while active.size:
        fits = step * stride[active] + span[active] <= length[active]
        count[active[fits]] += 1
        active = active[fits]  # a window that does not fit at t does not fit later (stride ≥ 1)
        step += 1
    return count


def _first_mismatch(names, grid, got, want, part: int):
    bad = np.flatnonzero(got != want)
    if bad.size == 0:
        return None
    j = bad[0]
    return dict(counterexample={n: int(grid[n][j]) for n in names}, lhs_value=str(int(got[j])),
                rhs_value=str(int(want[j])), part=part)


def _numpy_lengths(part_of_mode: dict):
    """Compare numpy.convolve output lengths with i + k − 1, i − k + 1 and max(i, k), i ≥ k."""
    points = 0
    for a in range(1, BRUTE_MAX + 1):
        for b in range(1, a + 1):
            x, w = np.ones(a), np.ones(b)
            want = {"full": a + b - 1, "valid": a - b + 1, "same": max(a, b)}
            for mode, part in part_of_mode.items():
                got = len(np.convolve(x, w, mode=mode))
                points += 1
                if got != want[mode]:
                    return points, dict(counterexample={"i": a, "k": b}, lhs_value=str(got), rhs_value=str(want[mode]), part=part)
    return points, None


def _check_conv_out_size(rng):
    g = _grid(i=(1, BRUTE_MAX), k=(1, BRUTE_MAX), s=(1, BRUTE_MAX), p=(0, BRUTE_MAX))
    keep = g["i"] + 2 * g["p"] >= g["k"]
    g = {n: v[keep] for n, v in g.items()}
    n = g["i"] + 2 * g["p"]
    got = _count_fitting(g["k"], n, g["s"])
    want = (n - g["k"]) // g["s"] + 1
    found = _first_mismatch("iksp", g, got, want, 0)
    if found:
        return len(got), found
    # numpy's valid mode is p = 0, s = 1; full mode is p = k − 1, s = 1
    points, found = _numpy_lengths({"valid": 0, "full": 0})
    return len(got) + points, found


def _check_conv_out_size_dilated(rng):
    top = BRUTE_MAX_DILATED
    g = _grid(i=(1, top), k=(1, top), s=(1, top), p=(0, top), d=(1, top))
    span = g["d"] * (g["k"] - 1) + 1
    keep = g["i"] + 2 * g["p"] >= span
    g = {n: v[keep] for n, v in g.items()}
    span = span[keep]
    n = g["i"] + 2 * g["p"]
    got = _count_fitting(span, n, g["s"])
    want = (n - span) // g["s"] + 1
    return len(got), _first_mismatch("iksdp", g, got, want, 0)


def _check_pool_out_size(rng):
    g = _grid(i=(1, BRUTE_MAX), k=(1, BRUTE_MAX), s=(1, BRUTE_MAX))
    keep = g["i"] >= g["k"]
    g = {n: v[keep] for n, v in g.items()}
    got = _count_fitting(g["k"], g["i"], g["s"])
    want = (g["i"] - g["k"]) // g["s"] + 1
    return len(got), _first_mismatch("iks", g, got, want, 0)


def _check_conv_same_padding(rng):
    g = _grid(i=(1, BRUTE_MAX), m=(0, BRUTE_MAX))
    kernel, pad = 2 * g["m"] + 1, g["m"]
    got = _count_fitting(kernel, g["i"] + 2 * pad, np.ones_like(kernel))
    found = _first_mismatch("im", g, got, g["i"], 0)
    if found:
        return len(got), found
    # numpy's "same" mode with an odd kernel no longer than the input
    points = 0
    for a in range(1, BRUTE_MAX + 1):
        for b in range(1, a + 1, 2):
            points += 1
            if len(np.convolve(np.ones(a), np.ones(b), mode="same")) != a:
                return points + len(got), dict(counterexample={"i": a, "m": (b - 1) // 2}, lhs_value="numpy", rhs_value=str(a), part=0)
    return points + len(got), None


def _check_conv_full_length(rng):
    return _numpy_lengths({"full": 0, "valid": 1, "same": 2})


# --- output sizes --------------------------------------------------------------------------


@identity(Source(DV, "relationship 6"), Source(PYTORCH_CONV, "shape: H_out"),
          Source(HW3_OTHER, "Q3(a)", excerpt=r"h = \left\lfloor \frac{i + 2p - k}{s} \right\rfloor + 1"))
def conv_out_size():
    """#{t ≥ 0 : t·s + k ≤ i + 2p} = ⌊(i + 2p − k)/s⌋ + 1

    A window of k at stride s over the input padded by p on each side; needs i + 2p ≥ k.
    """
    return statement(
        Eq(positions(k, i + 2 * p, s), floor((i + 2 * p - k) / s) + 1),
        variables={i: SIZE, k: SIZE, s: SIZE, p: PADDING},
        conditions=[i + 2 * p >= k],
        extra_check=_check_conv_out_size,
    )


@identity(Source(DV, "relationship 15"), Source(PYTORCH_CONV, "shape: H_out, with dilation"))
def conv_out_size_dilated():
    """#{t ≥ 0 : t·s + d(k − 1) + 1 ≤ i + 2p} = ⌊(i + 2p − d(k − 1) − 1)/s⌋ + 1

    Dilation d spreads the kernel to an effective size k + (k − 1)(d − 1) = d(k − 1) + 1; the
    second relation is relationship 15 of Dumoulin & Visin in their notation. At d = 1 the
    first relation is ``conv_out_size``.
    """
    sizes = integers(1, sample_hi=12)
    return statement(
        Eq(positions(d * (k - 1) + 1, i + 2 * p, s), conv_out(i, k, s, p, d)),
        Eq(conv_out(i, k, s, p, d), floor((i + 2 * p - k - (k - 1) * (d - 1)) / s) + 1),
        variables={i: sizes, k: sizes, s: sizes, p: integers(0, sample_hi=11), d: sizes},
        conditions=[i + 2 * p >= d * (k - 1) + 1],
        extra_check=_check_conv_out_size_dilated,
    )


@identity(Source(DV, "relationship 7 (pooling)"))
def pool_out_size():
    """#{t ≥ 0 : t·s + k ≤ i} = ⌊(i − k)/s⌋ + 1

    Pooling with window k and stride s, no padding; needs i ≥ k.
    """
    sizes = integers(1, sample_hi=60)
    return statement(
        Eq(positions(k, i, s), floor((i - k) / s) + 1),
        variables={i: sizes, k: sizes, s: sizes},
        conditions=[i >= k],
        extra_check=_check_pool_out_size,
    )


@identity(Source(DV, "relationship 2 (half padding)"), Source(PYTORCH_CONV, "padding='same'"))
def conv_same_padding():
    """s = 1, k = 2m + 1, p = m: #{t ≥ 0 : t + k ≤ i + 2p} = i

    "Same" (half) padding keeps the size for an odd kernel at stride 1.
    """
    return statement(
        Eq(positions(2 * m + 1, i + 2 * m), i),
        variables={i: integers(1, sample_hi=200), m: integers(0, sample_hi=100)},
        extra_check=_check_conv_same_padding,
    )


@identity(Source(NUMPY_CONVOLVE, "mode: 'full', 'valid', 'same'"),
          Source(HW3_OTHER, "Q3(c)", excerpt=r"(x^{\text{full}} * k) = [0.25, 0.5, 1.5, 2.25, 3, 2.25, 1.5, 0.5, 0.25]",
                 relation="the three output lengths, generalised to every i ≥ k"))
def conv_full_length():
    """full: i + k − 1; valid: i − k + 1; same: max(i, k) (lengths i ≥ k, stride 1)

    The three modes of 1-D convolution as window counts: "full" pads k − 1 on both sides,
    "valid" pads nothing, "same" pads k − 1 in total (numpy puts the extra one on the left).
    Convolution commutes, so i ≥ k loses nothing: numpy swaps its inputs when i < k.
    """
    sizes = integers(1, sample_hi=80)
    return statement(
        Eq(positions(k, i + 2 * (k - 1)), i + k - 1),
        Eq(positions(k, i), i - k + 1),
        Eq(positions(k, i + (k - 1)), Max(i, k)),
        variables={i: sizes, k: sizes},
        conditions=[i >= k],
        extra_check=_check_conv_full_length,
    )


a = Symbol("a", integer=True)  # output padding of a transposed convolution
o = Symbol("o", integer=True)  # input size of a transposed convolution (an output size of conv)


def conv_transpose_out(o, k, s, p, a, d=1):
    """PyTorch ConvTranspose: (o − 1)s − 2p + d(k − 1) + output_padding + 1."""
    return (o - 1) * s - 2 * p + d * (k - 1) + a + 1


def _check_conv_transpose_out_size(rng):
    top = BRUTE_MAX_DILATED
    g = _grid(i=(1, top), k=(1, top), s=(1, top), p=(0, top), d=(1, top))
    span = g["d"] * (g["k"] - 1) + 1
    keep = g["i"] + 2 * g["p"] >= span
    g = {n: v[keep] for n, v in g.items()}
    span = span[keep]
    n = g["i"] + 2 * g["p"]
    out = _count_fitting(span, n, g["s"])  # conv output size, counted by brute force
    pad = np.mod(n - span, g["s"])
    back = (out - 1) * g["s"] - 2 * g["p"] + g["d"] * (g["k"] - 1) + pad + 1
    return len(out), _first_mismatch("iksdp", g, back, g["i"], 0)


@identity(Source(DV, "relationships 13-14"), Source(PYTORCH_CONV_TRANSPOSE, "shape: H_out, output_padding"))
def conv_transpose_out_size():
    """(o − 1)s − 2p + d(k − 1) + a + 1 inverts the conv output size o, with a = (i + 2p − d(k − 1) − 1) mod s

    First relation: a transposed convolution with output padding a = (i + 2p − d(k−1) − 1) mod s
    maps the conv output size o(i) back to i. Second: for every o ≥ 1 and 0 ≤ a < s, the conv of
    the transposed output has size o again, so output padding picks among the s input sizes
    that share one output size.
    """
    sizes = integers(1, sample_hi=7)
    out = conv_out(i, k, s, p, d)
    back = conv_transpose_out(o, k, s, p, a, d)
    return statement(
        Eq(conv_transpose_out(out, k, s, p, Mod(i + 2 * p - d * (k - 1) - 1, s), d), i),
        Eq(floor((back + 2 * p - d * (k - 1) - 1) / s) + 1, o),
        variables={i: sizes, k: sizes, s: sizes, p: integers(0, sample_hi=6), d: integers(1, sample_hi=4),
                   o: sizes, a: integers(0, sample_hi=6)},
        conditions=[i + 2 * p >= d * (k - 1) + 1, a <= s - 1],
        extra_check=_check_conv_transpose_out_size,
    )


n_ = Symbol("n", integer=True)  # indices bound by the parameter counts
c_ = Symbol("c", integer=True)
u_ = Symbol("u", integer=True)
v_ = Symbol("v", integer=True)


def weight_count(c_out, c_in, k_h, k_w) -> Sum:
    """One weight per (output channel, input channel, row, column) of the kernels."""
    return Sum(1, (n_, 1, c_out), (c_, 1, c_in), (u_, 1, k_h), (v_, 1, k_w))


def bias_count(c_out) -> Sum:
    return Sum(1, (n_, 1, c_out))


@identity(Source(HW3_OTHER, "Q3(b)", excerpt=r"\text{ Number of parameters} = 64 \times 3 \times 3 \times 32",
                 relation="generalised to every c_out, c_in, k_h, k_w, with the biases"),
          Source(PYTORCH_CONV, "variables: weight and bias shapes"))
def conv_num_params():
    """c_out kernels of c_in × k_h × k_w: c_out·c_in·k_h·k_w weights and c_out biases"""
    sizes = integers(1, sample_hi=20)
    return statement(
        Eq(weight_count(c_out, c_in, k_h, k_w), c_out * c_in * k_h * k_w),
        Eq(weight_count(c_out, c_in, k_h, k_w) + bias_count(c_out), c_out * (c_in * k_h * k_w + 1)),
        variables={c_out: sizes, c_in: sizes, k_h: sizes, k_w: sizes},
    )


# --- worked examples -----------------------------------------------------------------------


def _check_example_layers(rng):
    """Slide real windows over a 3×128×128 array with numpy and read off the shapes."""
    from numpy.lib.stride_tricks import sliding_window_view

    x = np.zeros((3, 128, 128))
    padded = np.pad(x, ((0, 0), (3, 3), (3, 3)))
    layer1 = sliding_window_view(padded, (8, 8), axis=(1, 2))[:, ::2, ::2]
    pooled = sliding_window_view(np.zeros((32,) + layer1.shape[1:3]), (2, 2), axis=(1, 2))[:, ::2, ::2]
    layer3 = sliding_window_view(np.pad(np.zeros(pooled.shape[:3]), ((0, 0), (1, 1), (1, 1))), (3, 3), axis=(1, 2))
    weights = np.zeros((64, 32, 3, 3)).size
    got = [layer1.shape[1], pooled.shape[1], layer3.shape[1], weights, weights + 64]
    want = [64, 32, 32, 18432, 18496]
    for part, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return part + 1, dict(counterexample={}, lhs_value=str(g), rhs_value=str(w), part=part)
    return len(got), None


@identity(Source(HW3_OTHER, "Q3(a)", excerpt=r"h_1 = \left\lfloor \frac{128 + 2 \times 3 - 8}{2} \right\rfloor + 1"),
          Source(HW3_OTHER, "Q3(b)", excerpt=r"\text{ Number of parameters} = 64 \times 3 \times 3 \times 32 \\ = 18432"))
def conv_example_layers():
    """3×128×128 → conv 32@8×8/2 pad 3 → 32×64×64 → pool 2/2 → 32×32×32 → conv 64@3×3/1 pad 1 → 64×32×32

    The homework's worked example, as window counts: 64 positions per axis in the first layer,
    32 after pooling, 32 in the third layer, which has 64·32·3·3 = 18,432 weights (18,496 with
    its 64 biases). The channel counts are the numbers of kernels (32, then 64).
    """
    return statement(
        # evaluate=False: SymPy would otherwise try to decide each equation at import (slowly)
        Eq(positions(8, 128 + 2 * 3, 2), 64, evaluate=False),
        Eq(positions(2, 64, 2), 32, evaluate=False),
        Eq(positions(3, 32 + 2 * 1, 1), 32, evaluate=False),
        Eq(weight_count(64, 32, 3, 3), 18432, evaluate=False),
        Eq(weight_count(64, 32, 3, 3) + bias_count(64), 18496, evaluate=False),
        variables={},
        extra_check=_check_example_layers,
    )


X_HW = (1, 1, 4, 4, 4, 1, 1)
W_HW = (Rational(1, 4),) * 3
MODES_HW = {
    "full": (0.25, 0.5, 1.5, 2.25, 3, 2.25, 1.5, 0.5, 0.25),
    "valid": (1.5, 2.25, 3, 2.25, 1.5),
    "same": (0.5, 1.5, 2.25, 3, 2.25, 1.5, 0.5),
}


def correlation_entry(x, w, n: int, shift: int) -> Expr:
    """Σ_m w[m]·x[n + m − shift] over the m that index x, unevaluated (the proof evaluates it)."""
    terms = [Mul(w[m], x[n + m - shift], evaluate=False) for m in range(len(w)) if 0 <= n + m - shift < len(x)]
    return Add(*terms, evaluate=False)


def _correlation_relations():
    shifts = {"full": len(W_HW) - 1, "valid": 0, "same": (len(W_HW) - 1) // 2}
    out = []
    for mode, values in MODES_HW.items():
        for n, value in enumerate(values):
            out.append(Eq(correlation_entry(X_HW, W_HW, n, shifts[mode]), nsimplify(value), evaluate=False))
    return out


def _check_example_modes(rng):
    points = 0
    part = 0
    for mode, values in MODES_HW.items():
        got = np.correlate(np.array(X_HW, float), np.array(W_HW, float), mode=mode)
        if len(got) != len(values):
            return points, dict(counterexample={"mode": mode}, lhs_value=str(len(got)), rhs_value=str(len(values)), part=part)
        for g, w in zip(got, values):
            points += 1
            if abs(g - w) > 1e-12:
                return points, dict(counterexample={"mode": mode}, lhs_value=str(g), rhs_value=str(w), part=part)
            part += 1
    return points, None


@identity(Source(HW3_OTHER, "Q3(c)", excerpt=r"(x^{\text{same}} * k) = [0.5, 1.5, 2.25, 3, 2.25, 1.5, 0.5]"))
def conv1d_example_modes():
    """x = (1, 1, 4, 4, 4, 1, 1) ⋆ (¼, ¼, ¼): full, valid and same outputs of the homework

    Correlation (no kernel flip), as in the homework. Each relation is one output entry,
    Σ_m w[m]·x[n + m − shift] with shift k − 1 (full), 0 (valid) or (k − 1)/2 (same), computed
    with exact rationals; the extra check compares numpy.correlate in the three modes.
    """
    return statement(*_correlation_relations(), variables={}, extra_check=_check_example_modes)
