r"""Definitions in ``where`` and derivatives with respect to them: backprop as students write it (issue 15).

A network is declared as the seed solutions do (``\mathbf{h}^a = W^{(1)}\mathbf{x} + \mathbf{b}^{(1)}``,
``\mathbf{h}^s = \text{softplus}(\mathbf{h}^a)``, …, ``L = -\log o^s_y``); ∂L/∂oᵃ takes oᵃ as the
variable and is evaluated at oᵃ's value, ∂L/∂W⁽²⁾ expands everything. Each true statement is
PROVEN for every size (CHECKED where a kink keeps the index form out), each wrong one REFUTED; the
scope names the definitions used. Ambiguous or broken definitions are ERRORs naming the entry.
The three backends agree on a derivative with respect to a defined quantity.
"""

import re

import numpy as np
import pytest
from sympy import Indexed, IndexedBase, Integer, Matrix, S, Symbol

from conftest import run_answers
from derivcheck.answers.index_form import IndexBackend
from derivcheck.core.functions import unfold
from derivcheck.core.verdict import Verdict
from derivcheck.notation.explicit import ExplicitBackend
from derivcheck.notation.interpret import Interpreter
from derivcheck.notation.vector_definitions import check_definitions, definitions_used
from derivcheck.notation.vector_reader import parse_vector
from derivcheck.notation.vector_where import read_vector_where
from derivcheck.numeric.arrays import ArrayBackend

LAYERS = [r"\mathbf{x} \in \mathbb{R}^d", r"W^{(1)} \in \mathbb{R}^{d_h \times d}", r"\mathbf{b}^{(1)} \in \mathbb{R}^{d_h}",
          r"W^{(2)} \in \mathbb{R}^{m \times d_h}", r"\mathbf{b}^{(2)} \in \mathbb{R}^m", r"y \in \{1, \dots, m\}"]
OUTPUT = [r"\mathbf{o}^a = W^{(2)} \mathbf{h}^s + \mathbf{b}^{(2)}", r"\mathbf{o}^s = \text{softmax}(\mathbf{o}^a)", r"L = -\log o^s_y"]


def network(activation: str, *extra: str) -> list[str]:
    return LAYERS + [r"\mathbf{h}^a = W^{(1)}\mathbf{x} + \mathbf{b}^{(1)}", rf"\mathbf{{h}}^s = {activation}"] + OUTPUT + list(extra)


SOFTPLUS = network(r"\text{softplus}(\mathbf{h}^a)")
SIGMOID = network(r"\sigma(\mathbf{h}^a)")
# seed 000: the loss written through x; o^s_y(x) is then o^s_y at x wherever it is written
THROUGH_X = SOFTPLUS[:-1] + [r"L(\mathbf{x}, y) = -\log \mathbf{o}_y^s(\mathbf{x})"]
SCALAR_S = [r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^n", r"y \in \mathbb{R}", r"s = \mathbf{w}^T \mathbf{x} - y", r"L = \frac{1}{2} s^2"]
SOFTMAX_O = [r"\mathbf{x} \in \mathbb{R}^d", r"y \in \{1, \dots, m\}", r"W \in \mathbb{R}^{m \times d}", r"\mathbf{b} \in \mathbb{R}^m",
             r"\mathbf{o}^a = W\mathbf{x} + \mathbf{b}", r"\mathbf{o}^s = \text{softmax}(\mathbf{o}^a)"]
KINK = [r"k \in \{1, \dots, d_h\}", r"\mathbf{h}^a_k \neq 0"]  # every hidden pre-activation off the kink
RELU = network(r"\text{ReLU}(\mathbf{h}^a)", *KINK)
LEAKY = network(r"\text{LeakyReLU}_\alpha(\mathbf{h}^a)", r"0 < \alpha < 1", *KINK)
BATCH = [r"X \in \mathbb{R}^{d \times N}", r"Y \in \mathbb{R}^{m \times N}", r"W \in \mathbb{R}^{m \times d}",
         r"\mathbf{b} \in \mathbb{R}^m", r"Z = W X + \mathbf{b} \mathbf{1}_N^T", r"L = \frac{1}{2}\|Z - Y\|_F^2"]

UFLDL = [r"\mathbf{x} \in \mathbb{R}^n", r"W^{(1)} \in \mathbb{R}^{h \times n}", r"W^{(2)} \in \mathbb{R}^{m \times h}",
         r"\mathbf{y} \in \mathbb{R}^m", r"z^{(1)} = W^{(1)} \mathbf{x}", r"a^{(1)} = \sigma(z^{(1)})", r"z^{(2)} = W^{(2)} a^{(1)}",
         r"J = \frac{1}{2}\|z^{(2)} - \mathbf{y}\|^2", r"\delta^{(2)} = \frac{\partial J}{\partial z^{(2)}}",
         r"\delta^{(1)} = \frac{\partial J}{\partial z^{(1)}}"]
ALIAS = [r"x \in \mathbb{R}^d", r"W^{(1)} \in \mathbb{R}^{d \times d}", r"b^{(1)} \in \mathbb{R}^{d}", r"h^a = W^{(1)}x + b^{(1)}",
         r"j \in \{1, \dots, d\}"]

DELTA = r"(\mathbf{o}^s - \text{onehot}_m(y))"
dL = r"\frac{\partial L}{\partial "

# id: (statement, where, verdict, words in the scope or message)
CS231N = [r"f \in \mathbb{R}^K", r"y \in \{1, \dots, K\}", r"k \in \{1, \dots, K\}", r"p_k = \frac{e^{f_k}}{\sum_j e^{f_j}}",
          r"L = -\log p_{y}"]
CS231N_I = [r"f \in \mathbb{R}^K", r"y_i \in \{1, \dots, K\}", r"k \in \{1, \dots, K\}",
            r"p_k = \frac{e^{f_k}}{\sum_j e^{f_j}}", r"L_i = -\log p_{y_i}"]  # CS231n: example i's label and loss
SEED003 = [r"y \in \mathbb{R}^K", r"t \in \mathbb{R}^K", r"i, k \in \{1, \dots, K\}",
           r"e_{k} = -t_{k} \log \left( \frac{\exp(y_{k})}{\sum_{j} \exp(y_{j})} \right)", r"E = \sum_{k} e_{k}"]
CS229_J = [r"X \in \mathbb{R}^{m \times n}", r"\theta \in \mathbb{R}^n", r"y \in \mathbb{R}^m", r"J(\theta) = \frac{1}{2}\|X\theta - y\|^2"]
X_ONLY_N = [r"\mathbf{x} \in \mathbb{R}^n"]

CASES = {
    # the four statements of the seed solutions (004 Q2, softplus hidden layer), true and wrong
    "dL_doa": (dL + r"\mathbf{o}^a} = \mathbf{o}^s - \text{onehot}_m(y)", SOFTPLUS, Verdict.PROVEN,
               "∂/∂o^a with o^a as the variable, at its value"),
    "dL_doa_sign": (dL + r"\mathbf{o}^a} = \text{onehot}_m(y) - \mathbf{o}^s", SOFTPLUS, Verdict.REFUTED, "left = "),
    "dL_dW2": (dL + r"W^{(2)}} = " + DELTA + r"(\mathbf{h}^s)^T", SOFTPLUS, Verdict.PROVEN, "with h^a, h^s, o^a, o^s, L"),
    "dL_dW2_pre_activation": (dL + r"W^{(2)}} = " + DELTA + r"(\mathbf{h}^a)^T", SOFTPLUS, Verdict.REFUTED, "left = "),
    "dL_dW2_no_transpose": (dL + r"W^{(2)}} = " + DELTA + r"\mathbf{h}^s", SOFTPLUS, Verdict.REFUTED, "shapes differ"),
    "dL_dhs": (dL + r"\mathbf{h}^s} = (W^{(2)})^T " + DELTA, SOFTPLUS, Verdict.PROVEN, "∂/∂h^s with h^s as the variable"),
    "dL_dhs_W1": (dL + r"\mathbf{h}^s} = (W^{(1)})^T " + DELTA, SOFTPLUS, Verdict.REFUTED, "shapes differ"),
    "dL_dhs_no_transpose": (dL + r"\mathbf{h}^s} = W^{(2)} " + DELTA, SOFTPLUS, Verdict.REFUTED, "shapes differ"),
    "dL_dha": (dL + r"\mathbf{h}^a} = (W^{(2)})^T" + DELTA + r" \odot \sigma(\mathbf{h}^a)", SOFTPLUS, Verdict.PROVEN, ""),
    "dL_dha_softplus": (dL + r"\mathbf{h}^a} = (W^{(2)})^T" + DELTA + r" \odot \text{softplus}(\mathbf{h}^a)", SOFTPLUS,
                        Verdict.REFUTED, "left = "),
    # chain-rule steps: derivatives with respect to defined quantities on both sides
    "chain_softplus": (dL + r"\mathbf{h}^a} = " + dL + r"\mathbf{h}^s} \odot \sigma(\mathbf{h}^a)", SOFTPLUS, Verdict.PROVEN, ""),
    "chain_W2": (dL + r"W^{(2)}} = " + dL + r"\mathbf{o}^a} (\mathbf{h}^s)^T", SOFTPLUS, Verdict.PROVEN, ""),
    "jacobian": (r"\frac{\partial \mathbf{h}^s}{\partial \mathbf{h}^a} = \operatorname{diag}(\sigma(\mathbf{h}^a))",
                 list(reversed(SOFTPLUS)), Verdict.PROVEN, ""),  # definitions in any order
    "entry": (dL + r"o^a_k} = o^s_k - \delta_{ky}", SOFTPLUS + [r"k \in \{1, \dots, m\}"], Verdict.PROVEN, ""),
    "sigmoid": (dL + r"\mathbf{h}^a} = " + dL + r"\mathbf{h}^s} \odot \sigma(\mathbf{h}^a) \odot (\mathbf{1} - \sigma(\mathbf{h}^a))",
                SIGMOID, Verdict.PROVEN, ""),
    "sigmoid_wrong": (dL + r"\mathbf{h}^a} = " + dL + r"\mathbf{h}^s} \odot \sigma(\mathbf{h}^a)", SIGMOID, Verdict.REFUTED, ""),
    # kinks: the index form stays out (CHECKED, honestly), a wrong step is still REFUTED
    "relu": (dL + r"\mathbf{h}^a} = (W^{(2)})^T" + DELTA + r" \odot \text{Heaviside}(\mathbf{h}^a)", RELU, Verdict.CHECKED, ""),
    "relu_wrong": (dL + r"\mathbf{h}^a} = (W^{(2)})^T" + DELTA, RELU, Verdict.REFUTED, ""),
    "leaky": (dL + r"\mathbf{h}^a} = " + dL + r"\mathbf{h}^s} \odot (\alpha \mathbf{1} + (1 - \alpha)\text{Heaviside}(\mathbf{h}^a))",
              LEAKY, Verdict.CHECKED, ""),
    "leaky_wrong": (dL + r"\mathbf{h}^a} = " + dL + r"\mathbf{h}^s} \odot \text{Heaviside}(\mathbf{h}^a)", LEAKY, Verdict.REFUTED, ""),
    # a batch: a defined matrix
    "batch_dZ": (dL + r"Z} = Z - Y", BATCH, Verdict.PROVEN, "∂/∂Z with Z as the variable"),
    "batch_dW": (dL + r"W} = (Z - Y) X^T", BATCH, Verdict.PROVEN, ""),
    "batch_dW_sign": (dL + r"W} = (Y - Z) X^T", BATCH, Verdict.REFUTED, ""),
    "batch_db": (dL + r"\mathbf{b}} = (Z - Y)\mathbf{1}_N", BATCH, Verdict.PROVEN, ""),
    # o^s(x), "o^s as a function of x", is o^s when o^s is defined through x and o^s·x is no product;
    # δ (h^s)^T stays a product (a transpose follows the parentheses)
    "through_x": (dL + r"o^a_y} = \mathbf{o}_y^s - 1", THROUGH_X, Verdict.PROVEN,
                  "o^s_y(x) in the definition of L read as o^s_y at x: a log-loss, the log of a probability, not of a "
                  "vector o^s_y times x"),
    "through_x_wrong": (dL + r"o^a_y} = \mathbf{o}_y^s", THROUGH_X, Verdict.REFUTED, "left = "),
    "annotation": (dL + r"\mathbf{o}^a} = \mathbf{o}^s(\mathbf{x}) - \text{onehot}_m(y)", SOFTPLUS, Verdict.PROVEN,
                   "o^s(x) read as o^s, the value it is defined as"),
    "outer_product": (dL + r"W^{(2)}} = \boldsymbol{\delta} (\mathbf{h}^s)^T",
                      SOFTPLUS + [r"\boldsymbol{\delta} = \mathbf{o}^s - \text{onehot}_m(y)"], Verdict.PROVEN, ""),
    # a sum in a definition: its = is not the entry's, and o_j in Σ_j is an entry of a vector o
    "sum_in_definition": (r"\frac{\partial L}{\partial o_k} = \frac{e^{o_k}}{\sum_{j=1}^{m} e^{o_j}} - \delta_{ky}",
                          [r"k, y \in \{1, \dots, m\}", r"L = -\log \frac{e^{o_y}}{\sum_{j=1}^{m} e^{o_j}}"], Verdict.PROVEN,
                          "o read as a vector in ℝ^m"),
    "sum_in_definition_only": (dL + r"\mathbf{w}} = \mathbf{w}",
                               [r"\mathbf{w} \in \mathbb{R}^n", r"L = \frac{1}{2}\sum_{j=1}^{n} w_j^2 + \sum_{j=1}^{n} u_j"],
                               Verdict.PROVEN, "u read as a vector in ℝ^n"),
    # UFLDL: δ⁽ˡ⁾ = ∂J/∂z⁽ˡ⁾ defined in where, and the backward recursion between them
    "ufldl": (r"\delta^{(1)} = (W^{(2)})^T \delta^{(2)} \odot \sigma(z^{(1)}) \odot (\mathbf{1} - \sigma(z^{(1)}))", UFLDL,
              Verdict.PROVEN, "∂/∂z^(1) with z^(1) as the variable"),
    "ufldl_no_transpose": (r"\delta^{(1)} = W^{(2)} \delta^{(2)} \odot \sigma(z^{(1)}) \odot (\mathbf{1} - \sigma(z^{(1)}))",
                           UFLDL, Verdict.REFUTED, "shapes differ"),
    # seed 004 Q2(a): w_{jk}^{(1)} = W^{(1)}_{jk} names W⁽¹⁾'s entries (W^{(1)}_{kj}: its transpose)
    "alias": (r"h_j^a = \sum_{k=1}^d w_{jk}^{(1)} x_k + b_j^{(1)}", ALIAS + [r"w_{jk}^{(1)} = W^{(1)}_{jk}"], Verdict.PROVEN, ""),
    "alias_transposed": (r"h_j^a = \sum_{k=1}^d w_{jk}^{(1)} x_k + b_j^{(1)}", ALIAS + [r"w_{jk}^{(1)} = W^{(1)}_{kj}"],
                         Verdict.REFUTED, ""),
    # seed 000 Q1(l): y = S(x) with y never declared is a definition, so ∂y/∂x is S's Jacobian
    "defined_y": (r"\frac{\partial \mathbf{y}}{\partial \mathbf{x}} = \operatorname{diag}(\operatorname{softmax}(\mathbf{x})) - "
                  r"\operatorname{softmax}(\mathbf{x}) \operatorname{softmax}(\mathbf{x})^T",
                  [r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{y} = \operatorname{softmax}(\mathbf{x})"], Verdict.PROVEN,
                  r"with \mathbf{y} = \operatorname{softmax}(\mathbf{x})"),
    # CS229: J(\theta) defined in where is a function of θ: J(θ) and a bare J are its value
    "function_of_declared": (r"\nabla_\theta J(\theta) = X^T(X\theta - y)", CS229_J, Verdict.PROVEN, ""),
    "function_of_declared_bare": (r"\nabla_\theta J = X^T(X\theta - y)", CS229_J, Verdict.PROVEN, ""),
    "function_of_declared_wrong": (r"\nabla_\theta J(\theta) = X^T(X\theta + y)", CS229_J, Verdict.REFUTED, ""),
    # ∇J(θ) without a subscript (Bishop's ∇E(w)): the gradient with respect to J's one argument
    "nabla_of_function": (r"\nabla J(\theta) = X^T(X\theta - y)", CS229_J, Verdict.PROVEN, ""),
    "nabla_of_function_wrong": (r"\nabla J(\theta) = X^T(X\theta + y)", CS229_J, Verdict.REFUTED, ""),
    # a vector defined entry by entry (CS231n's p_k, seed 003's e_k): p is the vector of those entries
    "entrywise_softmax": (r"\frac{\partial L}{\partial f_k} = p_k - \mathbb{1}(y = k)", CS231N, Verdict.PROVEN, "p_k = "),
    "entrywise_softmax_wrong": (r"\frac{\partial L}{\partial f_k} = p_k + \mathbb{1}(y = k)", CS231N, Verdict.REFUTED, ""),
    "label_of_example": (r"\frac{\partial L_i}{\partial f_k} = p_k - \mathbb{1}(y_i = k)", CS231N_I, Verdict.PROVEN, "L_i = "),
    "label_of_example_iverson": (r"\frac{\partial L_i}{\partial f_k} = p_k - [y_i = k]", CS231N_I, Verdict.PROVEN, ""),
    "label_of_example_wrong": (r"\frac{\partial L_i}{\partial f_k} = p_k - 1", CS231N_I, Verdict.REFUTED, "y_i = 2"),
    "entrywise_whole": (r"p = \text{softmax}(f)", CS231N, Verdict.PROVEN, ""),
    "entrywise_whole_wrong": (r"p = \text{softmax}(2f)", CS231N, Verdict.REFUTED, ""),
    "entrywise_sum": (r"\sum_k p_k = 1", CS231N, Verdict.PROVEN, ""),
    "entrywise_chain_rule": (r"\frac{\partial E}{\partial y_{i}} = \sum_{k} \frac{\partial e_{k}}{\partial y_{i}}", SEED003,
                             Verdict.PROVEN, ""),
    "entrywise_chain_rule_result": (r"\frac{\partial E}{\partial y_{i}} = \frac{\exp(y_{i})}{\sum_{j} \exp(y_{j})} "
                                    r"\left( \sum_{k} t_{k} \right) - t_{i}", SEED003, Verdict.PROVEN, ""),
    "entrywise_chain_rule_wrong": (r"\frac{\partial E}{\partial y_{i}} = \frac{\exp(y_{i})}{\sum_{j} \exp(y_{j})} - t_{i}",
                                   SEED003, Verdict.REFUTED, ""),
    "entrywise_matrix": (r"A = \mathbf{x} \mathbf{x}^T", [r"\mathbf{x} \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}",
                                                         r"A_{ij} = x_i x_j"], Verdict.PROVEN, ""),
    "entrywise_matrix_wrong": (r"A = \mathbf{x}^T \mathbf{x} I", [r"\mathbf{x} \in \mathbb{R}^n", r"i, j \in \{1, \dots, n\}",
                                                                 r"A_{ij} = x_i x_j"], Verdict.REFUTED, ""),
    # declared, then given by an expression of indices and numbers (seed 003's t = onehot_K(h)): both readings agree
    "declared_then_constant": (r"\frac{\partial E}{\partial y_{i}} = \frac{\exp(y_{i})}{\sum_{j} \exp(y_{j})} - t_{i}",
                               SEED003 + [r"h \in \{1, \dots, K\}", r"t = \text{onehot}_K(h)"], Verdict.PROVEN, ""),
    "declared_then_constant_wrong": (r"\frac{\partial E}{\partial y_{i}} = \frac{\exp(y_{i})}{\sum_{j} \exp(y_{j})} - t_{h}",
                                     SEED003 + [r"h \in \{1, \dots, K\}", r"t = \text{onehot}_K(h)"], Verdict.REFUTED, ""),
    "entrywise_constant_entries": (r"\mathbf{h} = \mathbf{x}", X_ONLY_N + [r"i \in \{1, \dots, n\}", r"h_i = \sum_{k=1}^{n} x_k"],
                                   Verdict.REFUTED, ""),
}

X_ONLY = [r"\mathbf{x} \in \mathbb{R}^n", r"A \in \mathbb{R}^{m \times n}"]
REFUSED = {
    "declared_and_defined": (r"\frac{\partial \mathbf{y}}{\partial \mathbf{x}} = I",
                             [r"\mathbf{x}, \mathbf{y} \in \mathbb{R}^n", r"\mathbf{y} = \operatorname{softmax}(\mathbf{x})"],
                             r"y is declared \(where\[1\]\) and given by an equation here: is it defined as this expression "
                             r".* or an independent variable"),
    "declared_then_constant_of_another_shape": (r"E = 0", [r"t \in \mathbb{R}^K", r"E = \sum_{k=1}^{K} t_k",
                                                           r"t = \mathbf{1}_{K+1}"],
                                                r"t is declared a vector in ℝ\^K and defined as a vector in ℝ\^K \+ 1"),
    "cycle": (r"\mathbf{u} = \mathbf{x}", X_ONLY + [r"\mathbf{u} = \mathbf{v} + \mathbf{x}", r"\mathbf{v} = 2\mathbf{u}"],
              r"where\[3\] .*: u is defined through itself \(u → v → u\)"),
    "twice": (r"\mathbf{u} = \mathbf{x}", X_ONLY + [r"\mathbf{u} = \mathbf{x}", r"\mathbf{u} = 2\mathbf{x}"],
              r"where\[4\] .*: u is defined twice \(also where\[3\]"),
    "definition_shapes": (r"\mathbf{u} = \mathbf{x}", X_ONLY + [r"\mathbf{u} = A^T A \mathbf{x} + A\mathbf{x}"],
                          r"where\[3\] .*: a sum of a vector in ℝ\^n and a vector in ℝ\^m"),
    "annotation_or_product": (dL + r"o^a_y} = \mathbf{o}_y^s(\mathbf{x}) - 1", SOFTPLUS,
                              r"o\^s_y\(x\) is ambiguous: o\^s \(defined in where through x\), or o\^s times x\?"),
    # s(\mathbf{x}) is written for s·x too: the true gradient of ½s² + (λ/2)wᵀw, read as s alone, was REFUTED
    "annotation_scalar_times_vector": (r"\frac{\partial L}{\partial \mathbf{w}} = s(\mathbf{x}) + \lambda \mathbf{w}",
                                       [r"\mathbf{w}, \mathbf{x} \in \mathbb{R}^n", r"y, \lambda \in \mathbb{R}",
                                        r"s = \mathbf{w}^T \mathbf{x} - y",
                                        r"L = \frac{1}{2} s^2 + \frac{\lambda}{2} \mathbf{w}^T \mathbf{w}"],
                                       r"s\(x\) is ambiguous: s \(defined in where through x\), or s times x\?"),
    # a review: whichever reading makes a claim's shapes fit is no evidence of what was meant (a shape error is a
    # common slip): every one of these is refused, none PROVEN or REFUTED on a guessed reading
    "reading_by_written_shape": (r"\mathbf{o}_y^s(\mathbf{x}) \in \mathbb{R}", SOFTMAX_O, r"o\^s_y\(x\) is ambiguous"),
    "reading_by_gradient_shape": (r"\frac{\partial L}{\partial \mathbf{w}} = s(\mathbf{x})", SCALAR_S, r"s\(x\) is ambiguous"),
    "reading_by_scalar_shape": (r"\frac{\partial L}{\partial s} = s(\mathbf{x})", SCALAR_S, r"s\(x\) is ambiguous"),
    "reading_by_broadcast": (r"\log \mathbf{o}^s = \mathbf{o}^a - \log Z(\mathbf{x})",
                             SOFTMAX_O + [r"j \in \{1, \dots, m\}", r"Z = \sum_{j=1}^{m} e^{o^a_j}"], r"Z\(x\) is ambiguous"),
    # a function of x defined through s(x) does not say that s(x) is s at x (g = s·x is the gradient meant), and the
    # log-loss's reading holds in its definition only: a claim's own o^s_y(x), or s(w), may be a product
    "function_of_x": (r"\frac{\partial L}{\partial \mathbf{w}} = g(\mathbf{x})", SCALAR_S + [r"g(\mathbf{x}) = s(\mathbf{x})"],
                      r"s\(x\) is ambiguous"),
    "bold_function_of_x": (r"\frac{\partial L}{\partial \mathbf{w}} = \mathbf{g}(\mathbf{x}, y)",
                           SCALAR_S + [r"\mathbf{g}(\mathbf{x}, y) = s(\mathbf{x})"], r"s\(x\) is ambiguous"),
    "squared_function_of_w": (r"\frac{\partial E}{\partial \mathbf{x}} = s(\mathbf{w})",
                              SCALAR_S + [r"E(\mathbf{w}) = \frac{1}{2} (s(\mathbf{w}))^2"], r"s\(w\) is ambiguous"),
    # only the log's own argument is the probability: the same o^s_y(x) squared beside it may be a product
    "through_x_beside_the_log": (r"L(\mathbf{x}, y) = -\log \mathbf{o}_y^s + \|\mathbf{o}_y^s\|^2",
                                 SOFTMAX_O + [r"L(\mathbf{x}, y) = -\log \mathbf{o}_y^s(\mathbf{x}) + \|\mathbf{o}_y^s(\mathbf{x})\|^2"],
                                 r"o\^s_y\(x\) is ambiguous"),
    # o^s declared, not defined: the entry at x, or the entry times x (it was read as the product, and a true loss refuted)
    "declared_entry_applied": (r"L(\mathbf{x}, y) = -\log \mathbf{o}_y^s",
                               [r"\mathbf{x} \in \mathbb{R}^d", r"\mathbf{o}^s \in \mathbb{R}^m", r"y \in \{1, \dots, m\}",
                                r"L(\mathbf{x}, y) = -\log \mathbf{o}_y^s(\mathbf{x})"],
                               r"o\^s_y\(x\) is ambiguous: the entry of o\^s at x \(write it alone\), or that entry times x"),
    "through_x_in_the_claim": (dL + r"o^a_y} = \mathbf{o}_y^s(\mathbf{x}) - 1", THROUGH_X, r"o\^s_y\(x\) is ambiguous"),
    "annotation_or_product_scalars": (r"q(c) = 2c", [r"\mathbf{x} \in \mathbb{R}^n", r"c = \mathbf{x}^T\mathbf{x}", r"q = 2c"],
                              r"q\(c\) is ambiguous: q \(defined in where through c\), or q times c\?"),
    "annotation_unrelated": (dL + r"\mathbf{h}^a} = \mathbf{h}^a(\mathbf{b}^{(2)})", SOFTPLUS,
                             r"h\^a\(b\^\(2\)\): h\^a is defined in where and does not depend on b\^\(2\)"),
    "function_other_argument": (r"\nabla_\theta J(y) = X^T(X\theta - y)", CS229_J, r"J\(y\): J is defined as J\(theta\)"),
    "label_per_example_in_sum": (r"\sum_{i=1}^{N} Z_{i y_i} = 0", [r"Z \in \mathbb{R}^{N \times K}", r"y_i \in \{1, \dots, K\}"],
                                 r"y_i changes with the index i, which is not declared: declare it"),  # tests/test_labels.py: declared
    "nabla_of_other_argument": (r"\nabla J(y) = X^T(X\theta - y)", CS229_J, r"J\(y\): J is defined as J\(theta\)"),
    "nabla_of_expression": (r"\nabla J(2\theta) = X^T(X\theta - y)", CS229_J, r"\\nabla needs a subscript"),
    "entrywise_twice": (r"\mathbf{h} = \mathbf{x}", X_ONLY + [r"i \in \{1, \dots, n\}", r"h_i = x_i", r"h_i = 2x_i"],
                        r"h is defined twice"),
    "entrywise_not_scalar": (r"\mathbf{h} = \mathbf{x}", X_ONLY + [r"i \in \{1, \dots, n\}", r"h_i = x_i \mathbf{x}"],
                             r"h is defined entry by entry: each entry must be a scalar"),
    "alias_one_entry": (r"h_1^a = 0", ALIAS + [r"w_{12}^{(1)} = W^{(1)}_{12}"],
                        r"w\^\(1\) defined entry by entry is read only as another array's entries"),
    "neq_claim": (r"\mathbf{u} \neq \mathbf{x}", X_ONLY + [r"\mathbf{u} = 2\mathbf{x}"], r"a claim cannot be '≠'"),
}


@pytest.fixture(scope="module")
def results():
    claims = [{"id": k, "statement": s, "where": w} for k, (s, w, *_rest) in {**CASES, **REFUSED}.items()]
    return run_answers(claims, timeout=30)


@pytest.mark.parametrize("case", list(CASES))
def test_backprop_through_definitions(case, results):
    _, _, verdict, words = CASES[case]
    r = results[case]
    assert r.verdict is verdict, (case, r.verdict, r.message)
    assert words in (r.scope if verdict is not Verdict.REFUTED else r.message), (case, r.scope, r.message)
    if verdict is Verdict.PROVEN:
        assert r.scope.startswith("all "), r.scope  # for every size, not at n = 1, 2, 3


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_definition_that_could_be_misread_is_refused(case, results):
    r = results[case]
    assert r.verdict is Verdict.ERROR, (case, r.verdict, r.message)
    assert re.search(REFUSED[case][2], r.message), r.message


def test_what_an_equation_in_where_is():
    spec = read_vector_where(LAYERS + [r"k \in \{1, \dots, m\}", r"\alpha = 0.1", r"k = y", r"\mathbf{h}^s = \mathbf{h}^a",
                                       r"\mathbf{h}^a = W^{(1)}\mathbf{x}", r"b^{(1)}_1 = 1", r"x_1 \neq 0"], {}, "t")
    assert list(spec.defined) == ["h^s", "h^a"]  # in any order: h^a is known when h^s is read
    assert spec.values["alpha"] == ("num", S(1) / 10)  # a number is a value
    conditions = [what.split("'")[1] for _, _, what in spec.conditions]
    assert conditions == ["k = y", "b^{(1)}_1 = 1", r"x_1 \\neq 0"]  # an index on the left, an entry, ≠: conditions
    assert check_definitions(spec) == {"h^s": (spec.sizes["d_h"], 1), "h^a": (spec.sizes["d_h"], 1)}


def test_a_number_is_a_value_whatever_the_name():
    spec = read_vector_where(LAYERS + [r"y = 3", r"t_0 = 2"], {}, "t")
    assert spec.values == {"y": ("num", 3), "t_0": ("num", 2)} and not spec.defined and not spec.conditions


def test_a_definition_may_use_the_label():
    spec = read_vector_where(SOFTPLUS, {}, "t")
    members, _ = parse_vector(dL + r"\mathbf{b}^{(2)}} = 0", where="t", functions={}, names=spec.names())
    assert definitions_used(members, spec) == ["h^a", "h^s", "o^a", "o^s", "L"]
    from derivcheck.notation.free_indices import free_indices
    assert free_indices(members, spec) == ["y"]  # only L's definition says y: the claim is for every label


# --- the three backends agree on ∂L/∂oᵃ and ∂L/∂W⁽²⁾ at a point -----------------------------------


def _point(spec, sizes, seed=3):
    rng = np.random.default_rng(seed)
    return {name: rng.uniform(-1, 1, tuple(int(S(d).xreplace(sizes)) for d in shape)) for name, shape in spec.shapes.items()}


def _explicit(spec, sizes, node, values, env):
    symbols = {name: Matrix(*v.shape, lambda r, c: Symbol(f"{name}[{r},{c}]", real=True)) for name, v in values.items()}
    v = Interpreter(spec, ExplicitBackend(dict(symbols), sizes), "t", sizes).ev(node, env)
    table = {symbols[name][r, c]: x for name, a in values.items() for (r, c), x in np.ndenumerate(a)}
    m = Matrix([[v.value]]) if v.scalar else v.value
    return np.array(unfold(m.doit().xreplace(table)).evalf(30).tolist(), dtype=float)


def _arrays(spec, sizes, node, values, env):
    v = Interpreter(spec, ArrayBackend(dict(values)), "t", sizes).ev(node, env)
    return np.atleast_2d(np.asarray(v.value, dtype=float))


def _index(spec, sizes, node, values, env):
    bases = {name: IndexedBase(name, real=True) for name in values}
    walk = Interpreter(spec, IndexBackend(bases, {}, set(spec.names())), "t")
    v = walk.ev(node, {k: Integer(x) for k, x in env.items()})

    def number(expr):
        expr = S(expr).xreplace({s: sizes[s] for s in sizes}).doit()
        table = {e: values[str(e.base)][int(e.indices[0]) - 1, int(e.indices[1]) - 1 if len(e.indices) > 1 else 0]
                 for e in expr.atoms(Indexed)}
        return float(unfold(S(expr.xreplace(table))).evalf(30))

    if v.scalar:
        return np.array([[number(v.value)]])
    r, c = (int(S(d).xreplace(sizes)) for d in v.shape)
    return np.array([[number(v.value(Integer(a), Integer(b))) for b in range(1, c + 1)] for a in range(1, r + 1)])


@pytest.mark.parametrize("wrt", [r"\mathbf{o}^a", r"W^{(2)}", r"\mathbf{h}^a"])
def test_the_three_backends_agree_on_backprop(wrt):
    spec = read_vector_where(SOFTPLUS, {}, "t")
    sizes = {spec.sizes["d"]: 2, spec.sizes["d_h"]: 3, spec.sizes["m"]: 3}
    members, _ = parse_vector(dL + wrt + "} = 0", where="t", functions={}, names=spec.names())
    values, env = _point(spec, sizes), {"y": 2}
    got = [f(spec, sizes, members[0], values, env) for f in (_explicit, _arrays, _index)]
    assert np.allclose(got[0], got[2], rtol=1e-10) and np.allclose(got[0], got[1], rtol=1e-6, atol=1e-7), got
    if wrt == r"\mathbf{o}^a":  # the closed form: softmax(oᵃ) − onehot(y) at oᵃ's value
        h = np.log1p(np.exp(values["W^(1)"] @ values["x"] + values["b^(1)"]))
        o = values["W^(2)"] @ h + values["b^(2)"]
        expected = np.exp(o) / np.exp(o).sum() - np.eye(3)[:, [1]]
        assert np.allclose(got[0], expected, rtol=1e-10)


def test_a_cut_variable_is_its_own_symbols_until_it_is_evaluated():
    spec = read_vector_where(SOFTPLUS, {}, "t")
    sizes = {s: 2 for s in spec.sizes.values()}
    members, _ = parse_vector(dL + r"\mathbf{o}^a} = 0", where="t", functions={}, names=spec.names())
    symbols = {name: Matrix(*(int(S(d).xreplace(sizes)) for d in shape), lambda r, c: Symbol(f"{name}{r}{c}", real=True))
               for name, shape in spec.shapes.items()}
    v = Interpreter(spec, ExplicitBackend(symbols, sizes), "t", sizes).ev(members[0], {"y": 1})
    entry = v.value[0, 0]
    assert entry.func.__name__ == "Subs" and {str(s) for s in entry.variables} == {"o^a[1]", "o^a[2]"}
    assert not entry.free_symbols & set(entry.variables)  # evaluated at oᵃ's value: no cut symbol is left free


def test_a_definition_used_twice_at_every_level_is_read_once_per_level():
    import time
    where = [r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{a}_0 = \mathbf{x}"] + [
        rf"\mathbf{{a}}_{{{k}}} = \mathbf{{a}}_{{{k - 1}}} + \mathbf{{a}}_{{{k - 1}}}" for k in range(1, 41)]
    start = time.monotonic()
    r = run_answers([{"id": "doubling", "statement": r"\mathbf{a}_{40} = \mathbf{x}", "where": where}], timeout=20)["doubling"]
    assert r.verdict is Verdict.REFUTED and "left = 1.09951e+12" in r.message, r.message  # 2^40 x, not x
    assert time.monotonic() - start < 30  # 2^40 expansions would never end
