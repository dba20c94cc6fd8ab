r"""Index sets and quantifiers as seed 004 writes them, and declarations that contradict each other.

``\forall k \in \{1, 2 \dots m\} \quad o_k^s > 0`` states the relation for each k in the set (it was refused at
``\forall``); ``\{1, 2 \dots m\}`` (no comma before \dots) is the range 1..m. A name declared twice with different
shapes or ranges was silently given the last one (``v ∈ ℝ^m`` and ``v ∈ ℝ^n``: PROVEN "for all m, n"): now an ERROR.
A note on how the statement was read (a hypothesis, a quantifier) stays in the scope when a vector claim is proven
for every size; it was dropped there."""

from derivcheck import api
from derivcheck.notation.statements import index_set

SOFTMAX = [r"o^a \in \mathbb{R}^m", r"o^s = \text{softmax}(o^a)"]


def check(statement, where=()):
    return api.check(statement, where=list(where), timeout=60)


def test_forall_over_an_index_set():
    r = check(r"\forall k \in \{1, 2 \dots m\} \quad o_k^s > 0", SOFTMAX)
    assert r.verdict.value == "PROVEN", r.message
    assert "for each value of k" in r.scope  # kept in the scope of a claim proven for every size
    assert check(r"\forall k \in \{1, 2 \dots m\} \quad o_k^s > 1", SOFTMAX).verdict.value == "REFUTED"


def test_forall_over_the_reals_and_a_finite_set():
    assert check(r"\forall x \in \mathbb{R}, \quad \sigma(x) > 0").verdict.value == "PROVEN"
    assert check(r"\forall x \in \mathbb{R}, \quad \sigma(x) > 1/2").verdict.value == "REFUTED"
    assert check(r"\forall n \in \{1, 2, 3\}: n^2 < 10").verdict.value == "PROVEN"
    assert check(r"\forall n \in \{1, 2, 3, 4\}: n^2 < 10").verdict.value == "REFUTED"


def test_dots_without_commas_in_an_index_set():
    assert index_set(r"k \in \{1, 2 \dots m\}", "w") == r"k \in \{1, \dots, m\}"
    assert index_set(r"k \in \{1 \dots m\}", "w") == r"k \in \{1, \dots, m\}"
    assert index_set(r"k \in \{1, \ldots, m\}", "w") == r"k \in \{1, \dots, m\}"


def test_a_hypothesis_stays_in_the_scope_of_a_proof_for_every_size():
    r = check(r"i \neq j \Rightarrow \frac{\partial x_i}{\partial x_j} = 0", [r"x \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}"])
    assert r.verdict.value in ("PROVEN", "CHECKED") and "'i \\neq j' before \\Rightarrow" in r.scope


def test_contradicting_declarations_are_refused():
    r = check(r"\mathbf{v}^T\mathbf{v} \geq 0", [r"\mathbf{v} \in \mathbb{R}^m", r"\mathbf{v} \in \mathbb{R}^n"])
    assert r.verdict.value == "ERROR" and "declared twice" in r.message
    assert check(r"\mathbf{v}^T\mathbf{v} \geq 0", [r"\mathbf{v} \in \mathbb{R}^m", r"\mathbf{v} \in \mathbb{R}^m"]).verdict.value == "PROVEN"
    r = check(r"o_k^s > 0", SOFTMAX + [r"k \in \{1, \dots, m\}", r"k \in \{1, \dots, n\}"])
    assert r.verdict.value == "ERROR" and "declared twice" in r.message


DOCUMENT = r"""# Q1

Let $\mathbf{x} \in \mathbb{R}^n$ and $\mathbf{v} \in \mathbb{R}^n$.

$$\mathbf{x}^\top \mathbf{v} = \mathbf{v}^\top \mathbf{x}$$

# Q2

Now $\mathbf{x} \in \mathbb{R}^d$ and $A \in \mathbb{R}^{n \times d}$.

$$(A \mathbf{x})^\top \mathbf{v} = \mathbf{x}^\top A^\top \mathbf{v}$$
"""


def test_a_document_may_declare_a_name_again(tmp_path):
    """In a document a later declaration replaces an earlier one of any of its names (reading order): seed 004
    declares x ∈ ℝ^n in Q1 and x ∈ ℝ^d in Q2. Only answer files, where both are in force at once, refuse the pair."""
    from derivcheck.documents.check import check_documents

    path = tmp_path / "hw.md"
    path.write_text(DOCUMENT, encoding="utf-8")
    [report] = check_documents([path], timeout=60, jobs=2, seed=0)
    found = {e.line: (e.kind, r and r.verdict.value) for e, r in zip(report.entries, report.results)}
    assert found[3] == ("declaration", None) and found[9] == ("declaration", None), found
    assert found[5] == ("claim", "PROVEN") and found[11] == ("claim", "PROVEN"), found


def test_a_size_with_a_greek_subscript():
    # seed 000: \theta \in \mathbb{R}^{n_\theta} was refused "a size must be a letter"
    where = [r"\theta \in \mathbb{R}^{n_\theta}"]
    r = api.check(r"\sum_{i=1}^{n_\theta} \theta_i^2 = \|\theta\|^2", where=where, timeout=60)
    assert r.verdict.value == "PROVEN" and r.scope == r"all n_\theta", (r.message, r.scope)
    assert api.check(r"\nabla_{\theta} \|\theta\|^2 = \theta", where=where, timeout=60).verdict.value == "REFUTED"


def test_a_size_with_a_braced_subscript_in_where_and_in_a_sum():
    # \mathbb{R}^{d_{in}} was not read as a declaration (its braces), so h was "not declared"; a deeper nesting
    # reached the interpreter as a condition and crashed (AttributeError): now a clear ERROR
    r = api.check(r"\|W h\|^2 = h^T W^T W h", where=[r"h \in \mathbb{R}^{d_{in}}", r"W \in \mathbb{R}^{d_{out} \times d_{in}}"],
                  timeout=60)
    assert r.verdict.value in ("PROVEN", "CHECKED") and "d_in" in r.scope, r.message
    where = [r"\theta \in \mathbb{R}^{n_{\theta}}"]
    assert api.check(r"\sum_{i=1}^{n_{\theta}} \theta_i^2 = \|\theta\|^2", where=where, timeout=60).verdict.value == "PROVEN"
    assert api.check(r"\sum_{i=1}^{n_{\theta}} \theta_i = \|\theta\|^2", where=where, timeout=60).verdict.value == "REFUTED"
    deep = api.check(r"h = h", where=[r"h \in \mathbb{R}^{d_{i_{n}}}"], timeout=60)
    assert deep.verdict.value == "ERROR" and "not read as a declaration" in deep.message and "where[1]" in deep.message
