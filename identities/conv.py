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
relationships 6, 7, 13–15; PyTorch's ``Conv2d``/``ConvTranspose2d`` shape formulas; IFT6390 HW3 Q3.

Tags: convolution, pooling, padding, stride, dilation, transposed convolution, floor, output size
"""

from __future__ import annotations

import numpy as np
from sympy import Eq, Max, Mod, Rational, Sum, Symbol, floor

from derivcheck import identity, integers, statement
from derivcheck.functions import indicator

DV = "Dumoulin & Visin, arXiv 1603.07285"
HW_Q3 = "IFT6390 HW3, Q3"

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


@identity(f"{DV}, relationship 6; PyTorch Conv2d")
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


@identity(f"{DV}, relationship 15; PyTorch Conv2d")
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


@identity(f"{DV}, relationship 7 (pooling)")
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


@identity(f"{DV}, relationship 2 (half padding); PyTorch padding='same'")
def conv_same_padding():
    """s = 1, k = 2m + 1, p = m: #{t ≥ 0 : t + k ≤ i + 2p} = i

    "Same" (half) padding keeps the size for an odd kernel at stride 1.
    """
    return statement(
        Eq(positions(2 * m + 1, i + 2 * m), i),
        variables={i: integers(1, sample_hi=200), m: integers(0, sample_hi=100)},
        extra_check=_check_conv_same_padding,
    )


@identity(f"{HW_Q3}; numpy.convolve modes")
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
