r"""An array written with its input, ``\mathbf{o}^s(\mathbf{x})`` or ``L(x, y)``, as seed 000 and 004 write them.

The parentheses name what the array depends on; an argument declared nowhere cannot be a factor when it
is bold (an undeclared vector) or one of several (no tuple multiplies), so that is the only reading. A
lone plain letter may be a scalar factor: still an ERROR naming both readings."""

from derivcheck import api

SOFTMAX = [r"\mathbf{o}^a \in \mathbb{R}^m", r"\mathbf{o}^s = \text{softmax}(\mathbf{o}^a)",
           r"L = -\log \mathbf{o}_y^s", r"y \in \{1, \dots, m\}", r"k \in \{1, \dots, m\}"]


def check(statement, where):
    return api.check(statement, where=where, timeout=60)


def test_a_defined_array_with_its_undeclared_input_is_the_array():
    r = check(r"\frac{\partial L}{\partial \mathbf{o}^a} = \mathbf{o}^s(\mathbf{x}) - \text{onehot}_m(y)", SOFTMAX)
    assert r.verdict.value == "PROVEN", r.message
    assert "o^s(x) read as o^s, the value it is defined as" in r.scope


def test_a_declared_array_with_its_undeclared_input_is_the_array():
    r = check(r"L = -\mathbf{o}_y^a(\mathbf{x}) + \log \sum_{j=1}^m \exp(\mathbf{o}_j^a(\mathbf{x}))", SOFTMAX)
    assert r.verdict.value == "PROVEN", r.message
    assert "o^a(x) read as o^a, the parentheses only name its input" in r.scope


def test_the_wrong_answer_with_inputs_written_is_refuted():
    r = check(r"L = -\mathbf{o}_y^a(\mathbf{x}) + \log \sum_{j=1}^m \exp(2\mathbf{o}_j^a(\mathbf{x}))", SOFTMAX)
    assert r.verdict.value == "REFUTED"


def test_a_defined_name_with_several_inputs_is_the_name():
    where = [r"o^a \in \mathbb{R}^m", r"o^s = \text{softmax}(o^a)", r"L = -\log o_y^s", r"y \in \{1, \dots, m\}"]
    right = check(r"L(x, y) = -o_y^a + \log \sum_{k=1}^m e^{o_k^a}", where)
    assert right.verdict.value == "PROVEN", right.message
    assert "L(x, y) read as L" in right.scope
    wrong = check(r"L(x, y) = o_y^a + \log \sum_{k=1}^m e^{o_k^a}", where)
    assert wrong.verdict.value == "REFUTED"


def test_a_lone_plain_letter_stays_ambiguous():
    where = [r"o \in \mathbb{R}^m", r"y \in \{1, \dots, m\}", r"L = -\log \text{softmax}(o)_y"]
    r = check(r"L(x) = -o_y + \log \sum_{k=1}^m e^{o_k}", where)
    assert r.verdict.value == "ERROR"
    assert "does not depend on x" in r.message and r"\cdot for a product" in r.message


def test_an_entry_of_a_declared_array_before_a_declared_argument_is_refused():
    # o_y(t): the entry of o at t, or the entry times t? Read as the product, a review's true log-loss
    # L(x, y) = -log o^s_y(x) (o^s only declared) was REFUTED; both readings are named instead
    where = [r"\mathbf{o} \in \mathbb{R}^m", r"t \in \mathbb{R}", r"y \in \{1, \dots, m\}"]
    for statement in (r"\mathbf{o}_y(t) = t \mathbf{o}_y", r"\mathbf{o}_y(t) = \mathbf{o}_y"):
        r = check(statement, where)
        assert r.verdict.value == "ERROR" and "o_y(t) is ambiguous: the entry of o at t" in r.message, r.message
    assert check(r"\mathbf{o}_y \cdot t = t \mathbf{o}_y", where).verdict.value == "PROVEN"


def test_an_index_condition_on_an_index_the_step_does_not_use():
    """k = y beside a step in y alone only says k exists (it did: 'this condition is always false')."""
    right = check(r"\mathbf{o}_y^s(\mathbf{x}) - 1 = -1 + \mathbf{o}_y^s(\mathbf{x})", SOFTMAX + ["k = y"])
    assert right.verdict.value in ("PROVEN", "CHECKED"), right.message
    wrong = check(r"\frac{\partial L}{\partial \mathbf{o}_k^a} = \mathbf{o}_k^s(\mathbf{x})", SOFTMAX + ["k = y"])
    assert wrong.verdict.value == "REFUTED"
    off = check(r"\frac{\partial L}{\partial \mathbf{o}_k^a} = \mathbf{o}_k^s(\mathbf{x})", SOFTMAX + [r"k \neq y"])
    assert off.verdict.value in ("PROVEN", "CHECKED"), off.message


def test_a_derivative_operator_after_cdot_takes_the_rest_of_the_term():
    where = [r"o \in \mathbb{R}^m", r"j \in \{1, \dots, m\}", r"k \in \{1, \dots, m\}"]
    assert check(r"2 \cdot \frac{\partial}{\partial o_k} o_j = 2[j = k]", where).verdict.value == "PROVEN"
    assert check(r"2 \cdot \frac{\partial}{\partial o_k} o_j = 3[j = k]", where).verdict.value == "REFUTED"


SOFTMAX_OF_X = [r"x \in \mathbb{R}^n", r"i \in \{1, \dots, n\}", r"s(x) = \text{softmax}(x)"]


def test_an_entry_of_a_defined_value_with_its_input_is_that_entry():
    """s(x)_i with s(x) defined: entry i of s. It was read as s times x_i (a vector), and the true
    entry formula REFUTED for 'shapes differ' (seed 004 writes s(x)_i throughout)."""
    right = check(r"s(x)_i = \frac{\exp(x_i)}{\sum_{j=1}^{n} \exp(x_j)}", SOFTMAX_OF_X)
    assert right.verdict.value == "PROVEN", right.message
    assert "s(x) read as s, the value it is defined as" in right.scope
    wrong = check(r"s(x)_i = \frac{\exp(2x_i)}{\sum_{j=1}^{n} \exp(x_j)}", SOFTMAX_OF_X)
    assert wrong.verdict.value == "REFUTED" and "shapes differ" not in (wrong.message or "")


def test_a_transpose_of_a_defined_value_with_its_input_is_its_transpose():
    where = SOFTMAX_OF_X + [r"J = \frac{\partial s(x)}{\partial x}"]
    right = check(r"J = \text{diag}(s(x)) - s(x) s(x)^\top", where)
    assert right.verdict.value == "PROVEN", right.message
    flipped = check(r"J = s(x) (1 - s(x))^\top - \text{diag}(s(x))", where)  # seed 004's Jacobian
    assert flipped.verdict.value == "REFUTED", flipped.message


def test_softmax_of_an_entry_is_the_entry_of_the_softmax_and_the_scope_says_so():
    """softmax(z_i) = e^{z_i} / Σ_j e^{z_j} is how courses write softmax's entry; read literally softmax takes a
    vector, and the true formula was REFUTED ('softmax takes a vector, not a scalar')."""
    where = [r"z \in \mathbb{R}^n", r"i \in \{1, \dots, n\}", r"j \in \{1, \dots, n\}"]
    right = check(r"\text{softmax}(z_i) = \frac{e^{z_i}}{\sum_{k=1}^{n} e^{z_k}}", where)
    assert right.verdict.value == "PROVEN", right.message
    assert "softmax(z_i) read as softmax(z)_i" in right.scope
    derivative = api.check(r"\frac{\partial s(z_i)}{\partial z_j} = s(z_i)(\delta_{ij} - s(z_j))", where=where,
                           functions={"s": "softmax"}, timeout=60)
    assert derivative.verdict.value == "PROVEN", derivative.message
    wrong = api.check(r"\frac{\partial s(z_i)}{\partial z_j} = s(z_i)(1 - s(z_j))", where=where,
                      functions={"s": "softmax"}, timeout=60)
    assert wrong.verdict.value == "REFUTED"
