r"""Values a scalar ``where`` gives: ``x = 3``, and an equation in one variable that nothing else gives, solved
(seed 004: "σ(a) = 0.1, y = 1: ∂L_CE/∂a = σ(a) − y = −0.8"; seed 000: x from a parameter count). A derivative
with respect to a valued variable is taken first, then evaluated there."""

from derivcheck import api

L_CE = r"L_{CE} = -y \log(\sigma(a)) - (1-y) \log(1-\sigma(a))"


def check(statement, where):
    return api.check(statement, where=where, timeout=60)


def test_a_derivative_at_a_given_value():
    assert check(r"\frac{d}{dx} x^2 = 6", ["x = 3"]).verdict.value == "PROVEN"  # was a crash: d/d3
    assert check(r"\frac{d}{dx} x^2 = 7", ["x = 3"]).verdict.value == "REFUTED"


def test_an_equation_in_one_variable_gives_its_value():
    r = check(r"\frac{\partial L_{CE}}{\partial a} = \sigma(a) - y = -0.9", [r"\sigma(a) = 0.1", "y = 1", L_CE])
    assert r.verdict.value == "PROVEN", r.message
    assert r"\sigma(a) = 0.1 read as a = -log(9), its one real solution" in r.scope
    wrong = check(r"\frac{\partial L_{CE}}{\partial a} = \sigma(a) - y = -0.8", [r"\sigma(a) = 0.1", "y = 1", L_CE])
    assert [s.verdict.value for s in wrong.steps] == ["PROVEN", "REFUTED"]


def test_a_linear_equation_is_solved_exactly():
    where = ["1707264 = (3075)(512) + 512 + (512)(120) + 120 + x(120)(120) + x(120) + 120(10) + 10"]
    assert check(r"x \approx 4.79", where).verdict.value == "PROVEN"
    assert check(r"x \simeq 4.91", where).verdict.value == "REFUTED"


def test_several_solutions_need_the_value_meant_unless_a_bound_leaves_one():
    r = check("x = 2", ["x^2 = 4"])
    assert r.verdict.value == "ERROR" and "holds at x = -2, 2: give the value meant" in r.message
    assert check("x = 2", ["x^2 = 4", "x > 0"]).verdict.value == "PROVEN"
    assert check("x = -2", ["x^2 = 4", "x > 0"]).verdict.value == "REFUTED"
