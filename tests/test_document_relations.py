r"""How a document's formula is cut into relations and what each relation is (documents/relations.py,
documents/context.py): rows of aligned displays, continuations, remarks as conditions, trailing
shapes, relations side by side; declarations, conditions, definitions and claims."""

import pytest

from derivcheck.documents.context import Context, ContextEntry, classify, lhs_name, names_in
from derivcheck.documents.relations import members, split_relations


def texts(source):
    return [(p.text.strip(), p.condition, p.continues) for p in split_relations(source)]


def test_aligned_rows_continue_a_chain_and_a_new_left_side_starts_a_relation():
    source = r"\begin{aligned} f(x) &= x^2 + 1 \\ &= (x+1)^2 - 2x \\ g(x) &= 3 \end{aligned}"
    pieces = split_relations(source)
    assert [" ".join(p.text.split()) for p in pieces] == ["f(x) = x^2 + 1 = (x+1)^2 - 2x", "g(x) = 3"]
    # offsets are those of the source: the second relation starts at g
    assert source[pieces[1].start:].startswith("g(x)")


def test_a_display_that_starts_with_a_relation_continues_the_one_before():
    assert texts("= 64") == [("= 64", None, True)]
    assert texts(r"&= 2x \quad \text{for } x > 0") == [("= 2x", "x > 0", True)]


def test_remarks_become_conditions_or_are_dropped_with_a_note():
    [(text, condition, _)] = texts(r"\frac{d}{dx}|x| = \operatorname{sgn}(x), \text{ if } x \neq 0")
    assert text == r"\frac{d}{dx}|x| = \operatorname{sgn}(x)" and condition == r"x \neq 0"
    [piece] = split_relations(r"A = B \quad \text{(chain rule)}")
    assert piece.text.strip() == "A = B" and "not mathematics" in piece.notes[0]
    # a function's name in \text is not a remark
    assert texts(r"\text{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}")[0][0].startswith(r"\text{softmax}(z)_i")


def test_where_remark_is_a_relation_of_its_own():
    assert [t for t, _, _ in texts(r"L = \sum_i \ell_i \quad \text{where } \ell_i = (y_i - t_i)^2")] == [
        r"L = \sum_i \ell_i", r"\ell_i = (y_i - t_i)^2"]


def test_relations_side_by_side_split_but_lists_and_thousands_do_not():
    assert [t for t, _, _ in texts(r"a = 1, \; b = 2")] == ["a = 1", "b = 2"]
    assert [t for t, _, _ in texts(r"x, y \in \mathbb{R}")] == [r"x, y \in \mathbb{R}"]
    assert [t for t, _, _ in texts("P = 1,000,000")] == ["P = 1,000,000"]
    assert [t for t, _, _ in texts(r"f(x, y) = x + y")] == ["f(x, y) = x + y"]


def test_implications_separate_steps_and_cases_stay_whole():
    assert [t for t, _, _ in texts(r"f(x) = x^2 \Rightarrow f'(x) = 2x")] == ["f(x) = x^2", "f'(x) = 2x"]
    cases = r"|x| = \begin{cases} x & x \ge 0 \\ -x & x < 0 \end{cases}"
    assert [t for t, _, _ in texts(cases)] == [cases]


def test_labels_and_final_punctuation_are_blanked():
    assert texts(r"y = 3 \label{eq:1}")[0][0] == "y = 3"
    assert texts(r"\sigma(0) = \frac12.")[0][0] == r"\sigma(0) = \frac12"


def test_members_of_a_chain():
    assert members(r"a = \frac{b}{c} \le d") == ["a", r"\frac{b}{c}", "d"]
    assert members(r"\sum_{j=1}^{m} x_j = 1") == [r"\sum_{j=1}^{m} x_j", "1"]


def test_names_keep_bold_apart_and_skip_words():
    assert names_in(r"\mathbf{x}^\top \mathbf{w} + x") == {"bold x", "bold w", "x"}
    assert names_in(r"\text{softmax}(\mathbf{z}) = \alpha") == {"bold z", "alpha"}
    assert names_in(r"\frac{d}{dx} x^2") == {"x"}


@pytest.mark.parametrize("lhs, head, arguments", [
    ("f(x)", "f", "x"), (r"\hat{y}", r"\hat{y}", None), (r"\mathbf{h}^{(1)}", r"\mathbf{h}", None),
    (r"L(\mathbf{x}, y)", "L", r"\mathbf{x}, y"), (r"\sigma(x)", r"\sigma", "x"), ("z_3", "z", None),
])
def test_left_sides_that_are_names(lhs, head, arguments):
    name = lhs_name(lhs)
    assert name is not None and name.head == head and name.arguments == arguments


@pytest.mark.parametrize("lhs", [r"\frac{\partial L}{\partial w}", r"\nabla_w L", "2x", r"(\mathbf{a})_i", "x + y"])
def test_left_sides_that_are_expressions(lhs):
    assert lhs_name(lhs) is None


@pytest.mark.parametrize("text, kind", [
    (r"\mathbf{x} \in \mathbb{R}^n", "declaration"),
    (r"0 < \alpha < 1", "condition"), (r"x \neq 0", "condition"), (r"\lambda > 0", "condition"),
    (r"x > y", "claim"),
    (r"f(x) = 5x^2 + 2", "definition"), (r"n = 64", "definition"), (r"\hat{y} = \sigma(z)", "definition"),
    (r"J(\theta) \coloneqq \theta^2", "definition"), (r"L := -\log p", "definition"),
    (r"\sigma(x) = \frac{1}{1+e^{-x}}", "claim"),
    (r"\frac{d}{dx} f(x) = 10x", "claim"), (r"-\log 0.1 = 1", "claim"), (r"f'(x) = 2x", "claim"),
    (r"\sigma(x) \in (0, 1)", "claim"), (r"\frac{\partial L}{\partial y} \in \mathbb{R}^{1 \times K}", "shape"),
    (r"\eta", "not a relation"),
])
def test_what_a_relation_is(text, kind):
    assert classify(text, Context())[0] == kind


def test_a_name_defined_before_makes_a_new_equation_a_claim():
    context = Context()
    context.add(ContextEntry("f(x) = x^2", frozenset({"f"}), frozenset({"f", "x"}), "definition", 1, "f"))
    assert classify("f(x) = 5", context)[0] == "claim"
    assert classify("g(x) = 5", context)[0] == "definition"


def test_a_trailing_shape_is_not_part_of_the_claim():
    kind, text = classify(r"\frac{\partial z}{\partial b} = I \in \mathbb{R}^{K \times K}", Context())
    assert kind == "claim" and text.strip() == r"\frac{\partial z}{\partial b} = I"


def test_only_the_relevant_context_is_used():
    context = Context()
    context.add(ContextEntry(r"\mathbf{x} \in \mathbb{R}^n", frozenset({"bold x"}), frozenset({"bold x", "n"}), "declaration"))
    context.add(ContextEntry(r"n \in \mathbb{N}", frozenset({"n"}), frozenset({"n"}), "declaration"))
    context.add(ContextEntry(r"x > 0", frozenset({"x"}), frozenset({"x"}), "condition"))
    assert context.relevant(r"\frac{d}{dx}\sigma(x) = \sigma(x)(1-\sigma(x))") == ["x > 0"]
    assert context.relevant(r"\|\mathbf{x}\|^2 = \mathbf{x}^\top\mathbf{x}") == [r"\mathbf{x} \in \mathbb{R}^n", r"n \in \mathbb{N}"]


def test_remarks_with_formulas_inside_are_dropped_whole():
    [piece] = split_relations(r"\alpha^2 < \alpha \quad \text{(since } 0 < \alpha < 1\text{)}")
    assert piece.text.strip() == r"\alpha^2 < \alpha" and piece.condition is None


def test_forall_clauses_are_conditions_and_ticks_are_not_mathematics():
    [piece] = split_relations(r"\sigma'(a) > 0 \quad \forall a \in \mathbb{R}")
    assert piece.text.strip() == r"\sigma'(a) > 0" and piece.condition == r"a \in \mathbb{R}"
    assert texts(r"L = -\log(0.1) = 1 \quad \checkmark") == [(r"L = -\log(0.1) = 1", None, False)]
    assert [t for t, _, _ in texts(r"a = 1 \text{ and } b = 2")] == ["a = 1", "b = 2"]


def test_an_interval_membership_of_an_expression_is_a_claim():
    assert classify(r"\sigma(x) \in (0, 1)", Context()) == ("claim", r"0 < \sigma(x) < 1")
    assert classify(r"x \in R^d", Context()) == ("declaration", r"x \in \mathbb{R}^d")


def test_question_labels_and_shapes_written_as_equations():
    assert [t for t, _, _ in texts(r"g) L_{CE} = -y \log p")] == [r"L_{CE} = -y \log p"]
    assert [t for t, _, _ in texts(r"(x) = 3")] == ["(x) = 3"]  # a bracket, not a label
    assert classify(r"\frac{\partial L}{\partial o^a} = 1 \times m", Context())[0] == "shape equation"
    assert classify(r"b^{(1)} = d_h \times 1", Context())[0] == "shape equation"
    assert classify(r"2 \times 3 = 6", Context())[0] == "claim"


def test_leading_words_and_leading_conditions():
    assert texts(r"\text{if } o_k^a \in \mathbb{R}, \quad e^{o_k^a} > 0") == [(r"e^{o_k^a} > 0", r"o_k^a \in \mathbb{R}", False)]
    assert texts(r"\text{therefore, } \sum_{j=1}^m e^{o_j} > 0") == [(r"\sum_{j=1}^m e^{o_j} > 0", None, False)]


def test_tagged_names_bind_themselves():
    from derivcheck.documents.context import binding_names

    assert binding_names("o^s = 1") == {"o^s"}
    assert "o^a" in names_in(r"\sigma(o^a)") and "o^s" not in names_in(r"\sigma(o^a)")
    assert binding_names(r"x \in \mathbb{R}") == {"x"}
