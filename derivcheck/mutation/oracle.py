"""The mutation oracle: decides whether a mutant is false, sharing no evaluation code with derivcheck.

mpmath at ORACLE_DIGITS digits via ``lambdify(modules="mpmath")``, ``mpmath.diff`` for derivatives (one-sided
slopes compared, so a kink has no derivative), far points for limits; its own seeded points plus the claim's
boundary values (the one thing it shares: where to look). Built-in functions get their own definitions here.
"""

from __future__ import annotations

import itertools
import random

import mpmath
from sympy import (
    Add,
    And,
    Derivative,
    Eq,
    Expr,
    Function,
    Ge,
    Gt,
    Indexed,
    Integer,
    Le,
    Limit,
    Lt,
    Rational,
    S,
    Subs,
    Sum,
    Symbol,
    lambdify,
    oo,
)
from sympy.core.relational import Relational

from ..core.claim import Claim, Domain, ForEvery
from ..core.functions import NamedFunction
from ..core.recurrence import RecurrenceTerm


ORACLE_DIGITS = 50


ORACLE_POINTS = 80


ORACLE_SPECIAL = (0, 1, -1, Rational(1, 2), -2)


class Oracle:
    """Decides at 50 digits whether a claim is false, sharing no code path with the checker.

    Sized claims are evaluated as written: arrays are dicts of mpf entries keyed by their 1-based
    indices, and ``lambdify`` turns Σ_{i=1}^{n} into a Python loop over ``range(1, n + 1)``, so no
    sum is expanded by derivcheck's own code (the spot-check's ``instantiate`` is not used). A
    derivative by an array entry x[l] perturbs that entry of the dict.
    """

    def __init__(self, seed: int = 0, points: int = ORACLE_POINTS):
        self.seed = seed
        self.points = points
        self._compiled: dict = {}
        self._special_points = ORACLE_SPECIAL

    def judge(self, claim: Claim) -> tuple[str, dict | None]:
        """("false", point) | ("true", None) | ("undecided", None)."""
        rng = random.Random(f"{self.seed}:{claim.id}")
        self._special_points = _special_values(claim)
        decided = [0] * len(claim.statement)
        for trial in range(self.points if claim.variables else 1):  # no variables: every trial is the same point
            point = self._draw(claim, rng, trial)
            if point is None or not all(self._holds(c, point) for c in claim.conditions):
                continue
            for k, rel in enumerate(claim.statement):
                verdict = self._violated(rel, point)
                if verdict is None:
                    continue
                decided[k] += 1
                if verdict:
                    return "false", _shown(point)
        # "true" only when every relation was evaluated somewhere: one the oracle cannot evaluate
        # is not evidence that it holds
        return ("true", None) if all(decided) else ("undecided", None)

    def violates_at(self, claim: Claim, values: dict) -> bool | None:
        """Does the claim fail at the given point (a checker's counterexample)? None: cannot say."""
        try:
            return self._violates_at(claim, values)
        except (KeyError, ValueError, TypeError, ZeroDivisionError, AttributeError):
            return None

    def _violates_at(self, claim: Claim, values: dict) -> bool | None:
        point: dict = {}
        for var, dom in claim.variables.items():
            name = str(var)
            if dom.shape:
                # entries a counterexample leaves out do not enter its claim at those sizes: any value
                point[var] = _Entries(name, default=1 if dom.integer else mpmath.mpf(0))
                if dom.integer and isinstance(values.get(name), list):  # labels, listed in index order
                    point[var].update({(k + 1,): int(v) for k, v in enumerate(values[name])})
            elif name in values:
                point[var] = int(values[name]) if dom.integer else _mpf(values[name])
        for key, value in values.items():
            if "[" in key and key.endswith("]"):
                base, at = key[:-1].split("[", 1)
                array = next((v for s, v in point.items() if str(s) == base and isinstance(v, _Entries)), None)
                if array is not None:
                    array[tuple(int(i) for i in at.split(","))] = _mpf(value)
        answers = [self._violated(rel, point) for rel in claim.statement]
        if any(a for a in answers):
            return True
        return None if all(a is None for a in answers) else False

    # sampling
    def _draw(self, claim: Claim, rng: random.Random, trial: int) -> dict | None:
        """A value for every variable: sizes first, then what their bounds and shapes depend on."""
        sized = any(d.shape for d in claim.variables.values())
        point: dict = {}
        pending = list(claim.variables)
        while pending:
            progressed = False
            for var in list(pending):
                dom = claim.variables[var]
                known = {s: Integer(v) for s, v in point.items() if isinstance(v, int)}
                lo, hi = S(dom.lo).xreplace(known), S(dom.hi).xreplace(known)
                shape = [S(d).xreplace(known) for d in dom.shape]
                if any(e.free_symbols for e in (lo, hi, *shape)):
                    continue
                pending.remove(var)
                progressed = True
                if dom.shape:
                    if any(not d.is_Integer or d < 1 for d in shape):
                        return None
                    point[var] = _Entries(str(var))
                    element = Domain(lo, hi, dom.lo_open, dom.hi_open, dom.integer, dom.sample_hi)
                    for at in itertools.product(*[range(1, int(d) + 1) for d in shape]):
                        point[var][at] = self._int(element, rng) if dom.integer else self._real(element, rng, trial, self._special_points)
                elif dom.integer:
                    bounded = Domain(lo, hi, False, False, True, dom.sample_hi)
                    dependent = S(dom.lo).free_symbols or S(dom.hi).free_symbols
                    peers = [v for s, v in point.items() if isinstance(v, int) and s != var and lo <= v <= hi
                             and (S(claim.variables[s].lo).free_symbols or S(claim.variables[s].hi).free_symbols)]
                    if dependent and peers and rng.random() < 0.35:  # an index repeats another: i = j happens
                        point[var] = rng.choice(peers)
                    elif sized and not dependent:  # a size: small, arrays are written out entry by entry
                        point[var] = rng.randint(int(lo), int(lo) + ORACLE_MAX_SIZE - 1 if hi == oo else min(int(hi), int(lo) + ORACLE_MAX_SIZE - 1))
                    else:
                        point[var] = self._int(bounded, rng)
                    if not lo <= point[var] <= hi:
                        return None
                else:
                    point[var] = self._real(dom, rng, trial, self._special_points)
            if not progressed:
                return None
        return point

    @staticmethod
    def _int(dom: Domain, rng: random.Random) -> int:
        lo = int(dom.lo) if dom.lo != -oo else -10
        hi = int(dom.hi) if dom.hi != oo else lo + 12
        if dom.sample_hi is not None:
            hi = min(hi, max(lo, dom.sample_hi if dom.sample_hi < lo + 12 else lo + 12))
        return rng.randint(lo, max(lo, hi))

    @staticmethod
    def _real(dom: Domain, rng: random.Random, trial: int = 99, special_values=ORACLE_SPECIAL):
        special = [v for v in special_values if dom.contains(v)]
        if trial < len(special):
            return mpmath.mpf(special[trial])  # where kinks and conventions (H(0)) live
        lo = None if dom.lo == -oo else float(dom.lo)
        hi = None if dom.hi == oo else float(dom.hi)
        if lo is None and hi is None:
            v = rng.choice([rng.uniform(-4, 4), rng.uniform(-4, 4), rng.uniform(-30, 30)])
        elif hi is None:
            v = lo + rng.expovariate(0.5)
        elif lo is None:
            v = hi - rng.expovariate(0.5)
        else:
            v = rng.uniform(lo, hi)
        return mpmath.mpf(v)

    # evaluation
    def _holds(self, cond, point) -> bool:
        if isinstance(cond, And):
            return all(self._holds(c, point) for c in cond.args)
        if isinstance(cond, ForEvery):  # every instance u = lo..hi, u given its value in turn
            inner, u, lo, hi = cond.condition, *cond.limit
            try:
                first, last = (int(self._value(S(b), point)) for b in (lo, hi))
            except (TypeError, ValueError):
                return False
            return all(self._holds(inner, {**point, u: value}) for value in range(first, last + 1))
        with mpmath.workdps(ORACLE_DIGITS):
            try:
                g = self._value(cond.lhs - cond.rhs, point)
            except (ValueError, TypeError, ZeroDivisionError, AttributeError):
                return False
            if g is None:
                return False
            if isinstance(cond, Relational) and type(cond).__name__ == "Unequality":
                return abs(g) > mpmath.mpf("1e-3")
            return {Gt: g > 0, Ge: g >= 0, Lt: g < 0, Le: g <= 0, Eq: g == 0}.get(type(cond), False)

    def _violated(self, rel: Relational, point) -> bool | None:
        with mpmath.workdps(ORACLE_DIGITS):
            try:
                lhs = self._side(rel.lhs, point)
                rhs = self._side(rel.rhs, point)
            except (ValueError, TypeError, AttributeError):
                return None
        if lhs is None and rhs is None:
            return None
        if lhs is None or rhs is None:
            return True
        scale = max(1, abs(lhs), abs(rhs))
        tol = mpmath.mpf("1e-25") * scale
        diff = lhs - rhs
        if isinstance(rel, Eq):
            return abs(diff) > tol
        if isinstance(rel, Le):
            return diff > tol
        if isinstance(rel, Ge):
            return -diff > tol
        # strict: equality fails it, but a gap is measured against the sides themselves (S(x)_i =
        # 1e-27 > 0 is a clear gap at 50 digits); a derivative by mpmath.diff adds absolute noise
        gap = mpmath.mpf("1e-40") * max(abs(lhs), abs(rhs)) + (mpmath.mpf("1e-40") if rel.has(Derivative) else 0)
        if isinstance(rel, Lt):
            return diff >= -gap
        return diff <= gap

    def _side(self, expr: Expr, point: dict):
        """One side's value; None where it is undefined (division by zero, overflow, complex)."""
        try:
            return self._value(expr, point)
        except (ZeroDivisionError, OverflowError):
            return None

    def _value(self, expr: Expr, point: dict):
        """The value at ``point`` as an mpf, or None where it is undefined or not real."""
        # σ, softplus, LeakyReLU and sequences are evaluated by the oracle's own definitions
        # (ORACLE_FUNCTIONS), not unfolded: a Piecewise rebuilt inside Σ_j escapes its binder
        expr = expr.replace(lambda e: isinstance(e, NamedFunction) and not _oracle_definition(type(e)), lambda e: e.unfolded())
        if expr.has(S.ComplexInfinity, S.NaN):
            return None
        v = self._eval(expr, point)
        if v is None:
            return None
        if isinstance(v, mpmath.mpc):
            if abs(v.imag) > mpmath.mpf("1e-30") * max(1, abs(v.real)):
                return None
            v = v.real
        v = mpmath.mpf(v)
        if not mpmath.isfinite(v):
            return None
        return v

    def _eval(self, expr: Expr, point: dict):
        special = {}

        def placeholder(node):
            p = Symbol(f"_oracle_{len(special)}")
            special[p] = node
            return p

        outer = self._expand_sums_around_special(expr, point)
        outer = outer.replace(lambda e: isinstance(e, Subs), placeholder)
        outer = outer.replace(lambda e: isinstance(e, (Derivative, Limit)), placeholder)
        values = dict(point)
        for p, node in special.items():
            values[p] = self._special(node, point)
            if values[p] is None:
                return None
        bases = {a.base for a in outer.atoms(Indexed)}
        names = {str(b) for b in bases}
        syms = sorted({s for s in outer.free_symbols if isinstance(s, Symbol) and str(s) not in names} | bases, key=str)
        by_name = {str(k): v for k, v in values.items()}
        missing = [s for s in syms if str(s) not in by_name]
        if missing:
            raise ValueError(f"unbound symbols {missing}")
        key = (outer, tuple(syms))
        if key not in self._compiled:
            # each named function becomes a plain one, "_oracle_sigmoid", bound to the oracle's definition
            # (lambdify would otherwise prefer a class's own numeric implementation, ``_imp_``)
            named = {f: Function(f"_oracle_{type(f).__name__}")(*f.args) for f in outer.atoms(NamedFunction)}
            own = {f"_oracle_{type(f).__name__}": _oracle_definition(type(f)) for f in named}
            try:
                self._compiled[key] = lambdify(syms, outer.xreplace(named), modules=[own, "mpmath"])
            except (KeyError, NameError, SyntaxError) as exc:
                raise ValueError(f"the oracle cannot evaluate {outer}: {exc}") from exc
        return self._compiled[key](*[by_name[str(s)] for s in syms])

    def _expand_sums_around_special(self, expr: Expr, point: dict) -> Expr:
        """Σ_k ∂f_k/∂x_j g_k: a derivative (or Subs, Limit) under a sum depends on the summed k, so that
        sum is written out term by term here (k = lo..hi at this point's sizes), innermost first."""
        from sympy.core.traversal import bottom_up

        def expand(node):
            if not isinstance(node, Sum) or not node.function.has(Derivative, Subs, Limit):
                return node
            body = node.function
            for var, lo, hi in node.limits:
                first, last = (int(self._value(S(b), point)) for b in (lo, hi))
                body = Add(*[body.xreplace({var: Integer(v)}) for v in range(first, last + 1)])
            return body

        return bottom_up(expr, expand) if expr.has(Sum) else expr

    def _special(self, node, point):
        if isinstance(node, Subs):  # f(v) at v = a: evaluate a, then f there
            inner, variables, at = node.args
            moved = dict(point)
            for v, a in zip(variables, at):
                value = self._value(a, point)
                if value is None:
                    return None
                moved[v] = value
            return self._value(inner, moved)
        if isinstance(node, Derivative):
            *rest, (var, count) = node.variable_count
            inner = Derivative(node.expr, *rest) if rest else node.expr
            if isinstance(var, Indexed):  # ∂/∂x[l]: perturb entry l of the array x
                base = next(k for k in point if str(k) == str(var.base))
                at = tuple(int(self._value(S(i), point)) for i in var.indices)
                x0 = point[base][at]

                def moved_to(t):
                    entries = _Entries(point[base].name, point[base])
                    entries[at] = t
                    return {**point, base: entries}
            else:
                x0 = point[var]

                def moved_to(t):
                    return {**point, var: t}

            def f(t):
                moved = moved_to(t)
                value = self._value(inner, moved)
                if value is None:
                    raise ValueError("undefined")
                return value

            try:
                if int(count) == 1:
                    right = mpmath.diff(f, x0, 1, direction=1)
                    left = mpmath.diff(f, x0, 1, direction=-1)
                    if abs(right - left) > mpmath.mpf("1e-12") * max(1, abs(right)):
                        return None  # no derivative at a kink
                    return mpmath.diff(f, x0, 1)
                return mpmath.diff(f, x0, int(count))
            except ValueError:
                return None
        expr, var, target, _direction = node.args
        if target not in (oo, -oo):
            return None
        sign_ = 1 if target == oo else -1

        def g(t):
            moved = dict(point)
            moved[var] = sign_ * t
            return self._value(expr, moved)

        try:
            # far points in a geometric sequence: agree to many digits when the limit exists (not
            # farther than 10^30: a point known to 50 digits, r = 1 ± 10⁻⁵⁰, must still give rⁿ ≈ 1)
            a, b = g(mpmath.mpf(10) ** 20), g(mpmath.mpf(10) ** 30)
        except (ValueError, ZeroDivisionError):
            return None
        if a is not None and b is not None and abs(b) > mpmath.mpf("1e30") and abs(b) >= mpmath.mpf("1e10") * abs(a):
            return mpmath.inf  # 2^(10^30): diverges (compared with 0 it is not 0; as a value, undecided)
        if a is None or b is None or abs(a - b) > mpmath.mpf("1e-10") * max(1, abs(b)):
            return None
        if abs(b) < mpmath.mpf("1e-30") and abs(b) <= mpmath.mpf("1e-10") * abs(a):
            return mpmath.mpf(0)  # (1/2)^(10^30) is not 0 to mpmath; a limit compared exactly must be
        return b


def _special_values(claim: Claim) -> tuple:
    """ORACLE_SPECIAL, then the claim's boundary values (its constants c, c/2, c ± 1/1000)."""
    return ORACLE_SPECIAL + tuple(v for v in claim.boundary_values if v not in ORACLE_SPECIAL)


def _leaky_relu(x, alpha):
    return x if x >= 0 else alpha * x


def _elu(x, alpha):
    return x if x > 0 else alpha * mpmath.expm1(x)


ORACLE_FUNCTIONS = {  # written here again, on purpose: not derivcheck.functions' definitions
    "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)),
    "softplus": lambda x: mpmath.log1p(mpmath.exp(x)),
    "leaky_relu": _leaky_relu,
    "gelu": lambda x: x * mpmath.ncdf(x),  # x Φ(x), Φ from mpmath's normal CDF
    "gelu_tanh": lambda x: x / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (x + mpmath.mpf("0.044715") * x**3))),
    "silu": lambda x: x / (1 + mpmath.exp(-x)),
    "elu": _elu,
    "softsign": lambda x: x / (1 + abs(x)),
    "mish": lambda x: x * mpmath.tanh(mpmath.log1p(mpmath.exp(x))),
}


def _oracle_definition(cls):
    """The oracle's numeric definition of a named function, or None (then it is unfolded)."""
    if cls.__name__ in ORACLE_FUNCTIONS and cls.__module__ == "derivcheck.core.functions":
        return ORACLE_FUNCTIONS[cls.__name__]
    if issubclass(cls, RecurrenceTerm):
        first = int(cls.first)
        params = [Symbol(f"_p{k}") for k in range(cls.nargs.args[0] - 1)] if hasattr(cls.nargs, "args") else []
        prev, at = Symbol("_prev"), Symbol("_k")
        initial = lambdify(params, cls.initial(*params), modules="mpmath")
        update = lambdify([prev, at, *params], cls.update(prev, at, *params), modules="mpmath")

        def term(n, *values):
            """x_n by iterating the update from x_first (never a closed form)."""
            if int(n) != n or n < first:
                return mpmath.nan  # no such term: undefined, as a log of a negative number is
            x = initial(*values)
            for k in range(first, int(n)):
                x = update(x, k, *values)
            return x

        return term
    return None


ORACLE_MAX_SIZE = 4  # sizes of a sized claim are drawn from lo..lo + 3: arrays are written out entry by entry


class _Entries(dict):
    """The entries of an array variable, keyed by 1-based index tuples (x[2] is key (2,))."""

    def __init__(self, name: str, *args, default=None):
        super().__init__(*args)
        self.name = name
        self.default = default

    def __missing__(self, at):
        if self.default is None:
            raise KeyError(at)
        return self.default

    def __getitem__(self, at):
        return super().__getitem__(at if isinstance(at, tuple) else (at,))

    def __setitem__(self, at, value):
        super().__setitem__(at if isinstance(at, tuple) else (at,), value)


def _mpf(value):
    """A counterexample's value at the oracle's precision: "1/10" at 15 digits is 0.1000…0555, and
    2 − 10η = 1 − 6·10⁻¹⁷ then tends to 0 under powers where 2 − 10/10 = 1 does not."""
    with mpmath.workdps(ORACLE_DIGITS):
        return mpmath.mpf(Rational(value)) if isinstance(value, str) else mpmath.mpf(value)


def _shown(point: dict) -> dict:
    """A point as plain JSON values: sizes and indices as ints, entries as "x[1, 2]" keys."""
    shown = {}
    for var, value in point.items():
        if isinstance(value, _Entries):
            shown.update({f"{value.name}[{', '.join(map(str, at))}]": (v if isinstance(v, int) else float(v))
                          for at, v in sorted(value.items())})
        else:
            shown[str(var)] = value if isinstance(value, int) else float(value)
    return shown
