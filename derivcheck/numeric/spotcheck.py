"""Numeric spot-checks, independent of the prover.

Points are drawn (seeded) from each variable's domain, kept away from excluded kinks, and both
sides of every relation are evaluated in float64 with numpy. The evaluation never uses the
prover's results:
- named functions are evaluated from their definitions (σ(x) as 1/(1 + e^{-x}));
- a derivative is a central finite difference of the *undifferentiated* expression;
- a limit k → ∞ is the expression at a far point (k = 10^8), a limit k → a at a + 10^-7.

Float64 cries wolf (cancellation, overflow), so every disagreement is re-evaluated at 60 digits
at the exact point (mpmath floats with exponents, finite differences with h = 10^-33, limits at
10^30) before it counts; only a confirmed disagreement is a counterexample, and it is then shrunk
toward small, round values. A point where a side is out of range even there (e^(e^(e^(e^x))) at
x = 3) is undefined: skipped, not counted.

A claim over integers only (conv sizes) is instead checked at every tuple of a small grid,
smallest counterexample first (``enumeration.py``).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
from sympy import (
    Derivative,
    Eq,
    Ge,
    Gt,
    Indexed,
    Integer,
    Integral,
    Le,
    Limit,
    Lt,
    Product,
    S,
    Sum,
    Symbol,
)
from sympy.core.relational import Relational

from ..core.claim import Claim
from ..core.deadline import ReadingTooSlow, reading_deadline
from ..core.errors import DerivcheckError
from ..core.evidence import Evidence, Unsatisfiable
from ..core.instances import instantiate
from ..core.text import text
from .enumeration import NotEnumerable, check_exhaustively, check_precisely, describe_grid, enumeration_grid
from .evaluate import NumericFunction
from .precision import achieved_agreement, agree_to_digits, as_float, counterexample, precise_counterexample, relation_error, shrink
from .sized import NotReadable, SizedValues, entry_symbols, readable
from .sampling import SPECIAL_VALUES, component_domain, condition_mask, draw_labels, draw_sizes, each_condition, holds_exactly, sample_points
from .tolerances import (
    CONDITION_MARGIN,
    FLOAT_EQUAL_REL,
    FLOAT_IMAG_TOL,
    HP_MAX_BITS,
    FLOAT_REL_TOL,
    FLOAT_REL_TOL_CONSTANT,
    FLOAT_REL_TOL_DERIVATIVE,
    PRECISE_DIGITS,
    PRECISE_MAX_SIZE,
    PRECISE_POINTS,
    PRECISE_TRIES,
)
from .precision import confirm, exact

__all__ = ["Evidence", "spot_check", "NumericFunction", "CannotEvaluate", "settle_long_sums"]

MAX_CONFIRMATIONS = 150  # float disagreements re-evaluated at high precision, worst first
# per relation: after this many suspects undefined at high precision (an integral no quadrature settles
# there, 0.1 s each) the rest are skipped as no evidence rather than re-checked one by one
MAX_UNDEFINED_CONFIRMATIONS = 20
MAX_NEAR_CONFIRMATIONS = 20  # per claim: near-equal points of a ≤ or ≥ decided at high precision too
LOOP_TERMS = 1000  # a sum with numeric limits and more terms is tried in closed form before it is expanded
MAX_EXPANDED_TERMS = 10_000  # ... and expanded, at ~1 ms a term, only up to this many when it has none
CLOSED_FORM_SECONDS = 2.0  # SymPy's summation on Σ sin(i) or Π (1 + 1/i) to 10^9 runs for minutes


class CannotEvaluate(DerivcheckError):
    """The claim's sides cannot be evaluated anywhere: an ERROR saying so, never a verdict."""


def settle_long_sums(expr, claim_id: str = "claim"):
    """Σ and Π with numeric limits and more than LOOP_TERMS terms replaced by SymPy's closed form
    (``doit`` within CLOSED_FORM_SECONDS): Σ_{i=1}^{10^9} i is 500000000500000000 at once. Without a
    closed form one of at most MAX_EXPANDED_TERMS terms is left to be expanded; a longer one raises
    ``CannotEvaluate`` -- no value, so never a counterexample. The closed form is the numbers' only use
    of symbolic summation; the sum's terms are what the claim states, so nothing of the proof is reused."""
    def settle(node):
        if any(len(limit) != 3 or not (limit[1].is_Integer and limit[2].is_Integer) for limit in node.limits):
            return node
        terms = math.prod(max(0, int(hi) - int(lo) + 1) for _, lo, hi in node.limits)
        if terms <= LOOP_TERMS:
            return node
        try:
            with reading_deadline(CLOSED_FORM_SECONDS):
                done = node.doit()
        except ReadingTooSlow:
            done = node
        if not done.has(Sum, Product):
            return done
        if terms <= MAX_EXPANDED_TERMS:
            return node
        raise CannotEvaluate(f"claim {claim_id!r}: could not evaluate {text(node)} numerically: {terms} terms "
                             f"and no closed form within {CLOSED_FORM_SECONDS:g} s")

    if isinstance(expr, Relational):  # kept unevaluated: Σ i = 500000000500000001 must not become False
        return type(expr)(settle_long_sums(expr.lhs, claim_id), settle_long_sums(expr.rhs, claim_id), evaluate=False)
    return expr.replace(lambda e: isinstance(e, (Sum, Product)), settle)


def spot_check(claim: Claim, *, seed: int = 0, points: int = 1000, written_out: bool = False) -> Evidence:
    """Check every relation of ``claim`` at ``points`` seeded points; confirm any disagreement.

    A sized claim is evaluated as stated at each drawn size (``sized.py``); ``written_out`` writes it
    out and compiles it at every size instead, the slower path kept as a reference (bench, tests)."""
    rng = np.random.default_rng(seed)
    real_syms = [s for s, d in claim.variables.items() if not d.integer and not d.shape and isinstance(s, Symbol)]
    int_syms = [s for s, d in claim.variables.items() if d.integer and not d.shape]
    arrays = {str(s): d for s, d in claim.variables.items() if d.shape}
    # sizes and indices are drawn together whenever an index's range depends on a size, even in a
    # statement that no longer mentions an array (a claim 1 = 1/n over x ∈ ℝⁿ, i ≤ n)
    needs_instantiation = any(r.has(Sum, Product, Indexed) for r in claim.statement) or bool(arrays) or any(
        S(claim.variables[s].lo).free_symbols or S(claim.variables[s].hi).free_symbols for s in int_syms)
    domain = claim.scope
    totals = _Totals()

    grid = enumeration_grid(claim)
    if grid is not None:
        try:
            checked, max_abs, found = check_exhaustively(claim, grid)
        except NotEnumerable:
            grid = None
        else:
            totals.points, totals.max_abs = checked, max_abs
            if found is None:
                totals.precise, found = check_precisely(claim, grid)
            if found is not None:
                return _finish(claim, seed, domain, totals, found, grid)
    if grid is not None:
        pass  # every tuple of the grid was checked (see enumeration.py): no random points to add
    elif needs_instantiation and (int_syms or arrays):
        combos = max(8, min(40, points // 25)) if int_syms else 1
        read_directly = not written_out and readable(claim)
        per = max(1, points // combos)
        for fixed in draw_sizes(claim, int_syms, rng, combos):
            exact_fixed = {s: Integer(v) for s, v in fixed.items()}
            if not all(holds_exactly(cond, exact_fixed) for cond in claim.conditions if cond.free_symbols <= set(int_syms)):
                continue
            labels = draw_labels(arrays, fixed, rng)
            if labels is None:
                continue
            report = {**fixed, **{name: [v for _, v in sorted(values.items())] for name, values in labels.items()}}
            totals.sizes.add(tuple((str(s), v) for s, v in fixed.items() if not S(claim.variables[s].hi).free_symbols))
            result = None
            comps = [s for s in entry_symbols(claim, fixed) if s not in set(real_syms)] if read_directly else []
            # evaluated as stated, written out only to confirm a suspect; a claim without variables
            # (S(0·x)_i = 1/n) is evaluated written out, at high precision
            if read_directly and (real_syms or comps):
                comp_domains = {s: component_domain(s, arrays, claim) for s in comps}
                try:
                    result = _check_relations(claim, list(claim.statement), list(claim.conditions),
                                              {**{s: claim.variables[s] for s in real_syms}, **comp_domains},
                                              rng, per, report, totals, _Sized(claim, fixed, labels))
                except NotReadable:  # a shape the interpreter does not know: written out, from here on
                    read_directly = False
            written = None
            if not read_directly or not (real_syms or comps):
                written = _written_out(claim, fixed, labels, real_syms, arrays)
                result = _check_relations(claim, *written, rng, per, report, totals)
            if result is None and not arrays and totals.precise < PRECISE_POINTS and max(fixed.values(), default=0) <= PRECISE_MAX_SIZE:
                # at small sizes, the equalities to PRECISE_DIGITS too, written out: Σ_{k=1}^{n} x^k = … + 10⁻⁴⁵
                # agrees in float64 at every n. Not a claim over arrays: written out at even 4 entries an MLP's
                # loss takes seconds at 120 digits (its float64 check stays what it says it is)
                written = written or _written_out(claim, fixed, labels, real_syms, arrays)
                result = _precise_check(claim, *written, rng, totals, wanted=1, fixed=report)
            if result is not None:
                return _finish(claim, seed, domain, totals, result)
    else:
        domains = {s: d for s, d in claim.variables.items() if isinstance(s, Symbol)}
        # sums with numeric limits (a worked example) are expanded; float evalf of Sum gives NaN. A long
        # one (Σ_{i=1}^{10^9} i) is SymPy's closed form first: expanding it would never end
        relations = [instantiate(settle_long_sums(r, claim.id), {}) if needs_instantiation else r for r in claim.statement]
        result = _check_relations(claim, relations, list(claim.conditions), domains, rng, points, {}, totals)
        if result is None:
            result = _precise_check(claim, relations, list(claim.conditions), domains, rng, totals)
        if result is not None:
            return _finish(claim, seed, domain, totals, result)
    if claim.extra_check is not None:
        extra_points, counterexample = claim.extra_check(rng)
        totals.points += extra_points
        if counterexample is not None:
            return _finish(claim, seed, domain, totals, counterexample)
    if totals.points == 0 and (totals.undefined or totals.unreached):
        raise CannotEvaluate(f"claim {claim.id!r}: could not evaluate it at any point tried: {totals.undefined + totals.unreached} "
                             "point(s) undefined, out of range or unstable at high precision")
    if totals.points == 0:
        raise Unsatisfiable(f"claim {claim.id!r}: no sampled point satisfies its domain and conditions ({domain})")
    return _finish(claim, seed, domain, totals, None, grid)


def _written_out(claim, fixed: dict, labels: dict, real_syms: list, arrays: dict) -> tuple:
    """(relations, conditions, domains) of a sized claim written out at ``fixed`` sizes: its entries are
    scalar symbols, each with its array's domain."""
    relations = [instantiate(r, fixed, labels) for r in claim.statement]
    conds = each_condition([instantiate(cond, fixed, labels) for cond in claim.conditions])
    # derivative variables too: Derivative(1, x[1]) (n = 1 in ∂S_i/∂x_j) has no free symbol
    seen = {s for r in relations + conds for s in r.free_symbols if isinstance(s, Symbol)}
    seen |= {v for r in relations for d in r.atoms(Derivative) for v in d.variables if isinstance(v, Symbol)}
    comps = sorted(seen - set(real_syms), key=str)
    return relations, conds, {**{s: claim.variables[s] for s in real_syms}, **{s: component_domain(s, arrays, claim) for s in comps}}


@dataclass
class _Totals:
    points: int = 0
    precise: int = 0  # points where every equality also agreed to precise_digits
    precise_digits: int = PRECISE_DIGITS  # fewer where an integral's quadrature achieved fewer
    max_abs: float = 0.0
    max_rel: float = 0.0
    false_alarms: int = 0
    undefined: int = 0
    unreached: int = 0  # points without a value within reach (beyond 2^±HP_MAX_BITS, every digit cancelled)
    near: int = 0  # near-equal points of inequalities decided at high precision (MAX_NEAR_CONFIRMATIONS)
    sizes: set = field(default_factory=set)
    unresolved: str | None = None  # Evidence.unresolved


def _finish(claim, seed, domain, totals: _Totals, found, grid=None) -> Evidence:
    base = dict(points=totals.points, max_abs_error=totals.max_abs, max_rel_error=totals.max_rel, seed=seed,
                domain=domain, false_alarms=totals.false_alarms, undefined=totals.undefined, unreached=totals.unreached,
                message=f"every tuple with {describe_grid(grid)} enumerated" if grid else None,
                sizes=tuple(sorted(totals.sizes)), precise_points=totals.precise,
                precise_digits=totals.precise_digits if totals.precise else 0, unresolved=totals.unresolved)
    if found is None:
        return Evidence(**base)
    return Evidence(**base, **found)


def _precise_check(claim, relations, conditions, domains, rng, totals: _Totals, wanted: int = PRECISE_POINTS,
                   fixed: dict | None = None):
    """Equalities again at ``wanted`` more points (special values first), up to PRECISE_POINTS in all, to
    PRECISE_DIGITS digits: float64 agreement cannot tell a difference of 10^-30 from none. An integral to
    the digits its quadrature achieves (``achieved_agreement``); a limit, evaluated at two far points, and
    a derivative of an integral keep the float64 check only."""
    # not an integral a derivative differentiates (d/dx ∫_0^x σ): its finite difference divides the quadrature's
    # error by a step of 10^-46, far from the digits asked
    equalities = [(k, r) for k, r in enumerate(relations) if isinstance(r, Eq) and not r.has(Limit)
                  and not any(d.expr.has(Integral) for d in r.atoms(Derivative))]
    if not equalities:
        return None
    symbols = list(domains)
    if symbols:
        batch = sample_points(domains, rng, 40, claim.boundary_values)
        mask = condition_mask(conditions, symbols, batch, CONDITION_MARGIN)
        chosen = np.flatnonzero(mask & np.all([np.isfinite(batch[s]) for s in symbols], axis=0))[:PRECISE_TRIES]
        points = [{s: exact(batch[s][k], domains[s], claim.boundary_values) for s in symbols} for k in chosen]
    else:
        points = [{}]
    goal = min(PRECISE_POINTS, totals.precise + wanted)
    for point in points[:PRECISE_TRIES]:  # a point where a side is out of range: the next one instead
        agreed = True
        for index, rel in equalities:
            if rel.has(Integral):  # a quadrature: to the digits it achieves, said in the scope
                verdict, digits = achieved_agreement(rel, point)
                if verdict == "agree":
                    totals.precise_digits = min(totals.precise_digits, digits)
            else:
                verdict = agree_to_digits(rel, point)
            if verdict == "differ":
                return precise_counterexample(rel, point, index, fixed or {})
            agreed = agreed and verdict == "agree"
        totals.precise += agreed
        if totals.precise >= goal:
            break
    return None


class _Sized:
    """A sized claim at one set of sizes: float64 values read off the stated claim (``sized.py``), and the
    claim written out at these sizes (``instantiate``) only when a suspect is to be confirmed."""

    def __init__(self, claim: Claim, fixed: dict, labels: dict):
        self.claim, self.fixed, self.labels = claim, fixed, labels
        self.values = SizedValues(fixed, labels)
        self._written: dict = {}

    def written(self, rel):
        if rel not in self._written:
            self._written[rel] = instantiate(rel, self.fixed, self.labels)
        return self._written[rel]

    def written_conditions(self) -> list:
        return each_condition([self.written(cond) for cond in self.claim.conditions])


def _check_relations(claim, relations, conditions, domains, rng, n, fixed, totals: _Totals, sized: _Sized | None = None):
    """Float check, then high-precision confirmation; returns counterexample fields or None.

    With ``sized``, ``relations`` and ``conditions`` are the claim as stated, evaluated at ``sized``'s sizes
    in float64; a suspect is confirmed on them written out at those sizes."""
    symbols = list(domains)
    values = {}
    want = n
    for attempt in range(6):
        batch = sample_points(domains, rng, want * 4, claim.boundary_values)
        if not symbols:
            batch = {}
        if not batch:
            mask = np.ones(1, dtype=bool)
        elif sized is not None:
            mask = sized.values.mask(conditions, batch, CONDITION_MARGIN)
        else:
            mask = condition_mask(conditions, symbols, batch, CONDITION_MARGIN)
        if not batch:
            values = {}
            break
        for s in symbols:
            values[s] = np.concatenate([values.get(s, np.empty(0)), batch[s][mask]])
        if len(values[symbols[0]]) >= n:
            values = {s: v[:n] for s, v in values.items()}
            break
    if symbols and len(values.get(symbols[0], [])) == 0:
        return None
    count = len(values[symbols[0]]) if symbols else 1
    skipped: set = set()  # points that are no evidence: undefined at high precision, or never re-checked
    for index, rel in enumerate(relations):
        if sized is not None:
            lhs, rhs = sized.values.value(rel.lhs, values), sized.values.value(rel.rhs, values)
        else:
            lhs = NumericFunction(rel.lhs, symbols)(values) if symbols else np.array([as_float(rel.lhs)])
            rhs = NumericFunction(rel.rhs, symbols)(values) if symbols else np.array([as_float(rel.rhs)])

        def written(rel=rel):  # what is confirmed: the relation written out at these sizes, only when needed
            return (sized.written(rel), sized.written_conditions()) if sized is not None else (rel, conditions)
        if np.iscomplexobj(lhs) or np.iscomplexobj(rhs):
            lhs_r, rhs_r = np.real(lhs), np.real(rhs)
            bad_complex = (np.abs(np.imag(lhs)) > FLOAT_IMAG_TOL) | (np.abs(np.imag(rhs)) > FLOAT_IMAG_TOL)
        else:
            lhs_r, rhs_r, bad_complex = lhs, rhs, np.zeros(np.shape(lhs), dtype=bool)
        with np.errstate(all="ignore"):  # inf - inf where float64 overflows: confirmed below
            abs_err, rel_err = relation_error(type(rel), lhs_r, rhs_r)
        finite = np.isfinite(lhs_r) & np.isfinite(rhs_r) & ~bad_complex
        tol = FLOAT_REL_TOL_DERIVATIVE if rel.has(Derivative, Limit, Integral) else FLOAT_REL_TOL
        if not symbols:  # both sides came from the 60-digit evaluation: only float rounding to allow
            tol = FLOAT_REL_TOL_CONSTANT
        suspects = ~finite | (rel_err > tol)
        if type(rel) in (Lt, Gt):  # a strict inequality fails where both sides are equal (e^x > 1 + x at 0)
            with np.errstate(all="ignore"):
                scale = np.maximum(1.0, np.maximum(np.abs(lhs_r), np.abs(rhs_r)))
                suspects |= finite & (np.abs(lhs_r - rhs_r) <= FLOAT_EQUAL_REL * scale)
            if rel.has(Derivative):
                # a finite difference in float64 carries noise ~1e-6, far above FLOAT_EQUAL_REL: a gap that is
                # exactly 0 reads as a small positive number. The first points hold the special
                # values and the interval ends (0, 1, ...), where equality lives: always confirmed.
                first = len(SPECIAL_VALUES) + len(claim.boundary_values)
                suspects[: min(len(suspects), first)] |= finite[:first]
        near = _near_equal(rel, lhs_r, rhs_r, finite & ~suspects, tol, len(SPECIAL_VALUES) + len(claim.boundary_values))
        suspects = np.flatnonzero(suspects)
        good = finite & (rel_err <= tol)
        if np.any(good):
            totals.max_abs = max(totals.max_abs, float(np.max(abs_err[good])))
            totals.max_rel = max(totals.max_rel, float(np.max(rel_err[good])))
        # largest disagreements first, finite and non-finite points taken in turn: a flood of
        # float64 overflows (each a false alarm at 60 digits) cannot push a real disagreement
        # past MAX_CONFIRMATIONS
        ranked = suspects[np.argsort(-np.where(finite[suspects], rel_err[suspects], 0.0))]
        finite_first = [k for k in ranked if finite[k]]
        overflowed = [k for k in ranked if not finite[k]]
        # and the finite suspects in drawing order (special values first): the largest float64 gaps may all
        # be points no evaluation settles (a log-normal 300 wide in ln x), the plain ones are not
        drawn = [k for k in suspects if finite[k]]
        order = list(dict.fromkeys(k for trio in itertools.zip_longest(finite_first, overflowed, drawn) for k in trio if k is not None))
        undefined = 0
        for position, k in enumerate(order[:MAX_CONFIRMATIONS]):
            if undefined >= MAX_UNDEFINED_CONFIRMATIONS:  # the rest would be no evidence as well: not re-checked
                skipped.update(order[position:MAX_CONFIRMATIONS])
                break
            exact_rel, exact_conditions = written()
            point = {s: exact(values[s][k], domains[s], claim.boundary_values) for s in symbols}
            verdict = confirm(exact_rel, point, claim)
            if verdict == "violated":
                point = shrink(exact_rel, point, domains, exact_conditions, claim)
                return counterexample(exact_rel, point, fixed, index)
            if verdict == "out of range":  # float64 saw a difference there that no evaluation can settle
                totals.undefined += 1
                skipped.add(k)
                if totals.unresolved is None:
                    where = ", ".join(f"{s} = {v}" for s, v in point.items())
                    totals.unresolved = f"at {where} one side is beyond 2^{HP_MAX_BITS} and the other is a number"
            elif verdict in ("undefined", "out of reach"):
                totals.undefined += verdict == "undefined"
                totals.unreached += verdict == "out of reach"
                undefined += 1
                skipped.add(k)  # not defined there, or no value within reach: skipped, not counted
            else:
                totals.false_alarms += 1
        skipped.update(order[MAX_CONFIRMATIONS:])  # float trouble not re-checked at high precision is not evidence
        # a violation below float64's rounding (e^x ≥ 1 + x + 10^-20 at 0) shows as equal sides: the
        # nearest points are also decided at high precision; float64 agreed there, so they stay counted
        for k in near[: max(0, MAX_NEAR_CONFIRMATIONS - totals.near)]:
            totals.near += 1
            exact_rel, exact_conditions = written()
            point = {s: exact(values[s][k], domains[s], claim.boundary_values) for s in symbols}
            verdict = confirm(exact_rel, point, claim)
            if verdict == "violated":
                point = shrink(exact_rel, point, domains, exact_conditions, claim)
                return counterexample(exact_rel, point, fixed, index)
            if verdict in ("undefined", "out of reach"):
                totals.undefined += verdict == "undefined"
                totals.unreached += verdict == "out of reach"
                skipped.add(k)
    totals.points += max(count - len(skipped), 0)
    return None


def _near_equal(rel, lhs, rhs, candidates, tol: float, first: int) -> list:
    """Points of a non-strict inequality whose float64 sides are equal up to rounding (the noise of a
    finite difference where there is one): the special values and interval ends first, where equality
    lives, then the closest."""
    if type(rel) not in (Le, Ge):
        return []
    band = tol if rel.has(Derivative, Limit, Integral) else FLOAT_EQUAL_REL
    with np.errstate(all="ignore"):
        gap = np.abs(lhs - rhs) / np.maximum(1.0, np.maximum(np.abs(lhs), np.abs(rhs)))
    chosen = np.flatnonzero(candidates & (gap <= band))
    return sorted(chosen, key=lambda k: (k >= first, gap[k]))


