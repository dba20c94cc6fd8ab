"""Kinks inside sums: which ones a derivative reaches, and derivatives that never build a Piecewise.

An index-generic derivative ∂/∂W⁽¹⁾_kl of Σ_q e^{Σ_j W⁽²⁾_qj LeakyReLU(hᵃ_j)} has a kink at every
hᵃ_j = 0. Two things make that safe here:

1. ``kinks_reached_are_excluded``: each kink the derivative can reach is located (the summed j
   set to the derivative's index where that is the only instance that depends on it: hᵃ_k for
   W⁽¹⁾_kl) and must be excluded by the claim, either as ``Ne(hᵃ_k, 0)`` or by a quantified
   condition ``ForEvery(Ne(hᵃ_j, 0), (j, 1, d_h))`` covering every index it can take (x_l reaches
   every hᵃ_j). A kink that cannot be located makes the strategy decline.
2. ``differentiate_off_kinks``: SymPy's ``Sum`` constructor folds every Piecewise that mentions
   its index to the top of its body, even one inside an inner Σ_j, whose condition on j then
   escapes its binder (measured on ∂L/∂W⁽¹⁾ through a LeakyReLU layer). So LeakyReLU and
   max(0, ·) are differentiated into ``UnitStep(u)`` (1 where u > 0, 0 where u < 0, no value at the
   excluded u = 0): g'(u) = g'₋ + (g'₊ − g'₋)·UnitStep(u), the one-sided slopes taken from g's own
   definition. A Piecewise of the claim's right side on an excluded kink gets the same form
   (``piecewise_as_steps``), and ``step_split`` settles UnitStep(u) for a free excluded kink by the
   cases u > 0 and u < 0 (u = 0 is excluded). A Step inside a sum stays an unknown of the sum.

To teach it another kinked function, add its folded form to ``_kinked``; its one-sided slopes come
from its definition, never from a rule.
"""

from __future__ import annotations

import functools

from sympy import Derivative, Expr, Function, Indexed, Max, Piecewise, S, Sum, Symbol
from sympy.core.relational import Equality, Relational, StrictGreaterThan, StrictLessThan

from ..core.binders import canonical_binders
from ..core.functions import NamedFunction, unfold
from ..core.proof import Case, CaseSplit, Goal, Phrase, Step
from .ranges import within
from .pieces import is_excluded, strip_known_sign
from .pieces import piecewise_relationals, to_piecewise

__all__ = ["UnitStep", "kinks_reached_are_excluded", "differentiate_off_kinks", "piecewise_as_steps", "step_split",
           "is_excluded_kink", "alpha_equal"]

# an expression's form up to its indices' names, computed once (abstracting sums compares every pair)
_canonical = functools.lru_cache(maxsize=1 << 12)(canonical_binders)


def alpha_equal(a: Expr, b: Expr) -> bool:
    """``core.binders.alpha_equal``, with each side's canonical form remembered."""
    return a == b or _canonical(a) == _canonical(b)


class UnitStep(Function):
    """1 where u > 0, 0 where u < 0; never evaluated at u = 0 (only used where the claim excludes it)."""

    nargs = 1

    def _eval_is_real(self):
        return True

    def _eval_is_nonnegative(self):
        return True

    def _latex(self, printer, exp=None):
        head = r"\mathbb{1}"
        return rf"{head}^{{{exp}}}\left[{printer._print(self.args[0])} > 0\right]" if exp else \
            rf"{head}\left[{printer._print(self.args[0])} > 0\right]"


_T = Symbol("_kink_t", real=True)  # the placeholder argument of a folded kinked function


class _Kinked(Function):
    """g(u) held folded for differentiation: args (u, g(_T)); its derivative is g'₋ + (g'₊ − g'₋)·UnitStep(u)."""

    nargs = 2

    @property
    def free_symbols(self):
        u, template = self.args
        return u.free_symbols | (template.free_symbols - {_T})

    def fdiff(self, argindex=1):
        if argindex != 1:
            return super().fdiff(argindex)
        u, template = self.args
        below, above = _one_sided_slopes(template)
        return below + (above - below) * UnitStep(u)

    def restored(self) -> Expr:
        u, template = self.args
        return template.xreplace({_T: u})


def _one_sided_slopes(template: Expr) -> tuple[Expr, Expr]:
    """(g'(u) for u < 0, g'(u) for u > 0), differentiating g's definition on each side."""
    slope = unfold(template).diff(_T)
    neg, pos = Symbol("_kink_n", negative=True), Symbol("_kink_p", positive=True)
    below, above = slope.subs(_T, neg), slope.subs(_T, pos)
    if below.has(neg, Piecewise) or above.has(pos, Piecewise):
        raise ValueError(f"one-sided slopes of {template} depend on the point")
    return below, above


def _kinked(e: Expr) -> Expr | None:
    """The folded form of a kinked function application, or None."""
    if isinstance(e, NamedFunction) and e.unfolded().has(Piecewise) and len(e.args) >= 1:
        return _Kinked(e.args[0], e.func(_T, *e.args[1:]))
    if isinstance(e, Max) and len(e.args) == 2 and S.Zero in e.args:
        u = next(a for a in e.args if a != 0)
        return _Kinked(u, Max(S.Zero, _T))
    return None


def differentiate_off_kinks(expr: Expr, deep: bool = True) -> Expr:
    """Evaluate every derivative, with LeakyReLU and max(0, ·) differentiated into Step form.

    ``deep=False`` differentiates without first evaluating what is inside (SymPy's ``doit`` tries a
    closed form for every Σ of the loss before differentiating it: 90% of an MLP gradient's proof,
    measured, and it found none in the catalog); the sums stay for ``normalise_sums``."""

    def evaluate(node):
        folded = node.expr.replace(lambda a: _kinked(a) is not None, _kinked)
        return Derivative(folded, *node.variable_count).doit(deep=deep)

    out = expr.replace(lambda e: isinstance(e, Derivative), evaluate)
    return out.replace(lambda e: isinstance(e, _Kinked), lambda e: e.restored())


# --- which kinks count as excluded -----------------------------------------------------------------


def _same(a: Expr, b: Expr) -> bool:
    """Equal up to the names of summation indices, or up to sign."""
    return a == b or a == -b or alpha_equal(a, b) or alpha_equal(-a, b)


def is_excluded_kink(h: Expr, ranges: dict, ctx) -> bool:
    """h ≠ 0 follows from the claim: a condition h ≠ 0 (h up to sign, a positive factor, index names),
    or a quantified one g(t) ≠ 0 for every t = lo..hi with h = g(e) and e known to lie in lo..hi."""

    if not h.has(Sum):
        stripped = strip_known_sign(h)
        if stripped is not None and is_excluded(stripped[0], ctx):
            return True
    if any(_same(h, g) for g in ctx.excluded):
        return True
    candidates = {e for a in h.atoms(Indexed) for e in a.indices} | {s for s in h.free_symbols if s.is_integer}
    for g, t, lo, hi in getattr(ctx, "excluded_every", ()):
        for e in candidates:
            if _same(h, g.xreplace({t: e})) and within(e, lo, hi, ranges, ctx):
                return True
    return False


def _own_kinks(e: Expr) -> list[Expr]:
    """Where this node itself (not its arguments) changes branch."""

    if isinstance(e, Piecewise):
        rels = {r for _, c in e.args for r in c.atoms(Relational)}
    elif isinstance(e, NamedFunction) and e.unfolded().has(Piecewise):
        rels = piecewise_relationals(e.unfolded())
    elif e.func.__name__ in ("Abs", "sign", "Heaviside", "Max", "Min"):
        rels = piecewise_relationals(to_piecewise(e))
    else:
        return []
    return [r.lhs - r.rhs for r in rels]


def _walk_kinks(e: Expr, ranges: dict, out: list) -> None:
    """Every kink under ``e`` with the ranges of the sums around it."""
    if isinstance(e, Sum):
        inner = dict(ranges)
        for v, lo, hi in e.limits:
            inner[v] = (lo, hi)
        _walk_kinks(e.function, inner, out)
        return
    for h in _own_kinks(e):
        out.append((h, ranges))
    if isinstance(e, (Indexed,)):
        return
    for a in e.args:
        _walk_kinks(a, ranges, out)


def _instances(h: Expr, v: Expr, around: set) -> list[Expr] | None:
    """The kink h at every value of the indices around it where it depends on v (None: cannot say).

    For v = W_kl, an entry W_ji of h depends on v only at j = k: j is set to k there. An index summed
    *inside* h (Σ_i W_ji x_i) stays summed. An index expression of a surrounding index (W_{j+1,i})
    cannot be located.
    """
    if not isinstance(v, Indexed):
        return [h] if v in h.free_symbols else []
    found = []
    for a in (a for a in h.atoms(Indexed) if a.base == v.base):
        sub = {}
        for ai, vi in zip(a.indices, v.indices):
            if ai in around:
                sub.setdefault(ai, vi)  # dependence needs every position equal: any one is a sound pick
            elif ai.free_symbols & around:
                return None
        found.append(h.xreplace(sub))
    return found


def kinks_reached_are_excluded(expr: Expr, ctx) -> bool:
    """Every kink a derivative in ``expr`` can reach is excluded by the claim (see module docstring).

    ``expr`` must have its summation indices renamed apart (``indexed.rename_apart``).
    """
    from sympy import Mod, ceiling, floor, frac

    for node in expr.atoms(Derivative):
        if node.expr.has(floor, ceiling, frac, Mod):
            return False  # a jump at every integer: no finite list of kinks to exclude
        kinks: list = []
        _walk_kinks(node.expr, {}, kinks)
        for h, ranges in kinks:
            around = set(ranges) & h.free_symbols
            for v in node.variables:
                instances = _instances(h, v, around)
                if instances is None:
                    return False
                for inst in instances:
                    if not is_excluded_kink(inst, ranges, ctx):
                        return False
    return True


# --- Piecewise on an excluded kink, in Step form ------------------------------------------------------


def _truth_on_side(rel: Relational, u: Expr, side: int):
    """The relation's value where u has sign ``side`` (±1), when it is a comparison of ±u with 0."""
    from sympy import Eq, Ge, Gt, Le, Lt, Ne

    diff = rel.lhs - rel.rhs
    s = side if _same_signed(diff, u) else -side if _same_signed(diff, -u) else None
    if s is None:
        return None
    table = {Gt: s > 0, Ge: s > 0, Lt: s < 0, Le: s < 0, Eq: False, Ne: True}
    for cls, value in table.items():
        if isinstance(rel, cls):
            return S.true if value else S.false
    return None


def _same_signed(a: Expr, b: Expr) -> bool:
    return alpha_equal(a, b)


def _as_steps(pw: Piecewise, ranges: dict, ctx) -> Expr | None:
    rels = {r for _, c in pw.args for r in c.atoms(Relational)}
    kinks = {r.lhs - r.rhs for r in rels}
    if not kinks:
        return None
    u = next(iter(kinks))
    if not is_excluded_kink(u, ranges, ctx):
        return None
    values = []
    for side in (1, -1):
        truth = {}
        for r in rels:
            t = _truth_on_side(r, u, side)
            if t is None:
                return None
            truth[r] = t
        value = pw.xreplace(truth)
        if isinstance(value, Piecewise):
            return None
        values.append(value)
    above, below = values
    return below + (above - below) * UnitStep(u)


def piecewise_as_steps(expr: Expr, ctx, ranges: dict | None = None) -> Expr:
    """Piecewise((a, u > 0), (b, True)) = b + (a − b)·UnitStep(u) where the claim excludes u = 0."""
    ranges = ranges or {}
    if isinstance(expr, Sum):
        inner = {**ranges, **{v: (lo, hi) for v, lo, hi in expr.limits}}
        body = piecewise_as_steps(expr.function, ctx, inner)
        return Sum(body, *expr.limits) if body != expr.function else expr
    if isinstance(expr, Piecewise):
        args = [(piecewise_as_steps(e, ctx, ranges), c) for e, c in expr.args]
        new = Piecewise(*args) if any(a != b[0] for a, b in zip((e for e, _ in args), expr.args)) else expr
        steps = _as_steps(new, ranges, ctx) if isinstance(new, Piecewise) else None
        return steps if steps is not None else new
    if not expr.args or isinstance(expr, Indexed):
        return expr
    args = [piecewise_as_steps(a, ctx, ranges) for a in expr.args]
    return expr.func(*args) if args != list(expr.args) else expr


# --- settling UnitStep(u) for a free excluded kink -----------------------------------------------------------


def _free_step(expr: Expr, ctx) -> UnitStep | None:
    """A Step outside every sum whose argument the claim excludes from 0."""
    inside = set()
    for s in expr.atoms(Sum):
        inside |= s.atoms(UnitStep)
    for st in sorted(expr.atoms(UnitStep) - inside, key=str):
        if is_excluded_kink(st.args[0], {}, ctx):
            return st
    return None


def step_split(goal: Goal, expr: Expr, ctx, prove_region) -> CaseSplit | None | bool:
    """Split on the sign of a free excluded kink u: UnitStep(u) = 1 (u > 0), 0 (u < 0); u = 0 is excluded.

    Returns False when there is no such Step, None when a region is not proven, else the split.
    """
    st = _free_step(expr, ctx)
    if st is None:
        return False
    u = st.args[0]
    same = [s for s in expr.atoms(UnitStep) if _same_signed(s.args[0], u)]
    flipped = [s for s in expr.atoms(UnitStep) if _same_signed(s.args[0], -u)]
    cases = []
    for label, value in ((Phrase("{}", StrictGreaterThan(u, 0, evaluate=False)), 1),
                         (Phrase("{}", StrictLessThan(u, 0, evaluate=False)), 0)):
        region = expr.xreplace({**{s: S(value) for s in same}, **{s: S(1 - value) for s in flipped}})
        sub = prove_region(Goal(region, goal.relation), [Step(Phrase.join(": ", (label, Phrase("{} = {}", st, value))), region)])
        if sub is None:
            return None
        cases.append(Case(label, sub))
    cases.append(Case(Phrase("{}", Equality(u, 0, evaluate=False)), None, "excluded by the claim"))
    return CaseSplit((u,), tuple(cases), rule=Phrase("case split on the sign of {}, the argument of {}", u, st))


def has_unsettled_step(expr: Expr) -> bool:
    """A Step outside every sum is left: the scalar strategies cannot use it."""
    inside = set()
    for s in expr.atoms(Sum):
        inside |= s.atoms(UnitStep)
    return bool(expr.atoms(UnitStep) - inside)

