"""Reading what students write without misreading it: function definitions in `where`, a bare σ,
and f(x) when nothing says whether f is a function (issue 15).

Each case goes through the whole pipeline (answer file → reader → runner), and each implicit
reading must say so in the answer's scope.
"""

import re

import pytest

import derivcheck
from conftest import run_answers
from derivcheck.core.verdict import Verdict

R = r"x \in \mathbb{R}"
NET_Z1 = [r"\mathbf{x} \in \mathbb{R}^n", r"\mathbf{W}^{(1)} \in \mathbb{R}^{m \times n}", r"\mathbf{b}^{(1)} \in \mathbb{R}^m",
          r"\mathbf{z_1} = \mathbf{W}^{(1)}\mathbf{x} + \mathbf{b}^{(1)}"]

AB = [r"\boldsymbol{A} \in \mathbb{R}^{m \times n}", r"\boldsymbol{B} \in \mathbb{R}^{n \times m}"]
D2L = [r"\mathbf{o} \in \mathbb{R}^q", r"\mathbf{y} \in \mathbb{R}^q", r"j \in \{1, \dots, q\}"]

CASES = {
    # seed 000, Q1(c), as written: σ alone, and σ(1 − σ) meaning σ times (1 − σ)
    "seed_dsigma": (r"\frac{d\sigma}{dx} = \frac{e^{-x}}{(1 + e^{-x})^2} = \frac{1}{1 + e^{-x}} \left[ 1 - \frac{1}{1 + e^{-x}} \right] = \sigma(1 - \sigma)",
                    [], Verdict.PROVEN, "σ read as σ(x)"),
    "dsigma_wrong": (r"\frac{d\sigma}{dx} = \sigma(1 + \sigma)", [], Verdict.REFUTED, "σ read as σ(x)"),
    # Bishop: a = ln(σ/(1 − σ)) with σ = σ(a)
    "bishop_logit": (r"a = \ln\left(\frac{\sigma}{1-\sigma}\right)", [], Verdict.PROVEN, "σ read as σ(a)"),
    "sigma_declared": (r"(\sigma - 1)^2 \ge 0", [r"\sigma > 0"], Verdict.PROVEN, ""),
    # a function defined in where, applied and bare
    "defined_J": (r"\frac{d}{d\theta} J(\theta) = 2\theta", [r"J(\theta) = \theta^2"], Verdict.PROVEN, r"J(\theta) = \theta^2"),
    "defined_J_bare": (r"\frac{dJ}{d\theta} = 2\theta", [r"J(\theta) = \theta^2"], Verdict.PROVEN, "J read as J(theta)"),
    "defined_J_wrong": (r"\frac{d}{d\theta} J(\theta) = \theta", [r"J(\theta) = \theta^2"], Verdict.REFUTED, ""),
    "defined_two_args": (r"L(y, 3) = (y - 3)^2", [r"L(y, t) = (y - t)^2"], Verdict.PROVEN, ""),
    "defined_chain": (r"g(x) = 2x^2", [r"f(x) = x^2", r"g(x) = 2 f(x)"], Verdict.PROVEN, ""),
    "product_stays": (r"x(1 - x) = x - x^2", [R], Verdict.PROVEN, ""),
    # issue 15's misreading: o_j inside Σ_j is an entry of a vector o ∈ ℝ^m, never a scalar "o_j"
    "implicit_vector": (r"\frac{\partial}{\partial o_k}\left(-\log\frac{e^{o_y}}{\sum_{j=1}^{m} e^{o_j}}\right) = "
                        r"\frac{e^{o_k}}{\sum_{j=1}^{m} e^{o_j}} - \delta_{ky}",
                        [r"k, y \in \{1, \dots, m\}"], Verdict.PROVEN, "o read as a vector in ℝ^m"),
    "implicit_vector_wrong": (r"\frac{\partial}{\partial o_k}\left(-\log\frac{e^{o_y}}{\sum_{j=1}^{m} e^{o_j}}\right) = "
                              r"\frac{e^{o_k}}{\sum_{j=1}^{m} e^{o_j}} + \delta_{ky}",
                              [r"k, y \in \{1, \dots, m\}"], Verdict.REFUTED, ""),
    # layer tags and role tags, declared in where, read as one name each; sizes like d_h
    "layer_tags": (r"\frac{\partial}{\partial \mathbf{b}^{(1)}} \|W^{(1)}\mathbf{x} + \mathbf{b}^{(1)}\|^2 = 2(W^{(1)}\mathbf{x} + \mathbf{b}^{(1)})",
                   [r"W^{(1)} \in \mathbb{R}^{d_h \times d}", r"\mathbf{b}^{(1)} \in \mathbb{R}^{d_h}", r"\mathbf{x} \in \mathbb{R}^d"],
                   Verdict.PROVEN, ""),
    "layer_tags_wrong": (r"\frac{\partial}{\partial \mathbf{b}^{(1)}} \|W^{(1)}\mathbf{x} + \mathbf{b}^{(1)}\|^2 = W^{(1)}\mathbf{x} + \mathbf{b}^{(1)}",
                         [r"W^{(1)} \in \mathbb{R}^{d_h \times d}", r"\mathbf{b}^{(1)} \in \mathbb{R}^{d_h}", r"\mathbf{x} \in \mathbb{R}^d"],
                         Verdict.REFUTED, ""),
    "role_tags": (r"(\mathbf{h}^a + \mathbf{h}^s)_k = h^a_k + \mathbf{h}^s_k + 0 \cdot W_1",
                  [r"\mathbf{h}^a \in \mathbb{R}^{m}", r"\mathbf{h}^s \in \mathbb{R}^{m}", r"W_1 \in \mathbb{R}", r"k \in \{1, \dots, m\}"],
                  Verdict.PROVEN, ""),
    "bracket_tag_power": (r"\|\mathbf{z}^{[2]}\|^2 = (\mathbf{z}^{[2]})^T \mathbf{z}^{[2]}", [r"\mathbf{z}^{[2]} \in \mathbb{R}^{n_2}"],
                          Verdict.PROVEN, ""),
    # equation numbers and question labels are not factors
    "equation_number": (r"n_{W2} = 512 \cdot 256 = 131{,}072 \quad (3)", [], None, "(3) at the end read as an equation number"),
    "equation_number_in_text": (r"n_{W2} = 512 \cdot 256 = 131{,}072 \quad \text{--- (1)}", [], None,
                                "(1) at the end read as an equation number"),
    "question_label": (r"(e) \sigma'(x) = \frac{d}{dx} \left(\frac{1}{1 + e^{-x}} \right)", [R], Verdict.PROVEN,
                       "(e) at the start read as a label"),
    "tag_and_label": (r"x^2 \ge 0 \tag{4}", [R], Verdict.PROVEN, ""),
    # seed 002: a shape remark on another expression after a comma is not checked, and said
    "shape_remark_after_comma": (r"\frac{d}{dx} x^2 = 2x, \frac{\partial \ell}{\partial \hat{y}} \in \mathbb{R}^{1 \times K}", [R],
                                 Verdict.PROVEN, "at the end read as a remark on a shape, not checked"),
    "shape_remark_after_comma_wrong": (r"\frac{d}{dx} x^2 = x, \frac{\partial \ell}{\partial \hat{y}} \in \mathbb{R}^{1 \times K}",
                                       [R], Verdict.REFUTED, "at the end read as a remark on a shape, not checked"),
    # a derivative fraction with a numerator is one value: σ'(x)·x, not d/dx (σ(x)·x) (that was REFUTED at x = 0)
    "fraction_then_factor": (r"\frac{\partial \sigma(x)}{\partial x} x = x \sigma(x)(1-\sigma(x))", [R], Verdict.PROVEN, ""),
    "fraction_then_factor_wrong": (r"\frac{d x^2}{dx} x = 3x^2", [R], Verdict.REFUTED, ""),
    "operator_then_product": (r"\frac{d}{dx} x \sigma(x) = \sigma(x) + x\sigma(x)(1-\sigma(x))", [R], Verdict.PROVEN, ""),
    "cdot_fraction": (r"2 \cdot \frac{\partial \sigma(x)}{\partial x} = 2\sigma(x)(1-\sigma(x))", [R], Verdict.PROVEN, ""),
    # seed 003: a display ending in '=' goes on in the next one; the relations before it are checked
    "continued_true": (r"\sigma(0) = \frac{1}{2} =", [], Verdict.PROVEN, "the '=' at the end read as 'continued"),
    "continued_false": (r"\sigma(0) = \frac{1}{3} = ", [], Verdict.REFUTED, "the '=' at the end read as 'continued"),
    # a name for an expression in where (seed 004's L_MSE, seed 002's ℓ): L stands for it, derivatives go through it
    "named_expression": (r"\frac{\partial L}{\partial a} = 2(\sigma(a) - y)\sigma(a)(1-\sigma(a))",
                         [r"L = (\sigma(a) - y)^2", r"a \in \mathbb{R}"], Verdict.PROVEN, "L read as L(a, y), as defined"),
    "named_expression_wrong": (r"\frac{\partial L}{\partial a} = 2(\sigma(a) - y)",
                               [r"L = (\sigma(a) - y)^2", r"a \in \mathbb{R}"], Verdict.REFUTED, ""),
    # a name with a subscript of letters names an expression too (seed 004's L_{CE}, L_{MSE})
    "subscripted_named_expression": (r"\frac{\partial L_{CE}}{\partial o^a} = \sigma(o^a) - y",
                                     [r"o^a \in \mathbb{R}", r"y \in \{0, 1\}",
                                      r"L_{CE} = -y \log(\sigma(o^a)) - (1-y) \log(1-\sigma(o^a))"], Verdict.PROVEN,
                                     "L_CE read as L_CE(y, o^a), as defined"),
    "subscripted_named_expression_wrong": (r"\frac{\partial L_{MSE}}{\partial a} = 2(\sigma(a) - y)",
                                           [r"L_{MSE} = (\sigma(a) - y)^2", r"a \in \mathbb{R}"], Verdict.REFUTED, ""),
    # CS229's examples: x^{(i)} inside Σ_i is example i (tests/test_families.py has the rest)
    "example_in_a_sum": (r"\sum_{i=1}^{m} \|\mathbf{x}^{(i)}\|^2 \ge 0", [r"\mathbf{x}^{(i)} \in \mathbb{R}^n", r"m \geq 1"],
                         Verdict.PROVEN, "x^(i) read as example i of m"),
    "named_expression_ell": (r"\frac{d\ell}{dx} = 2x", [r"\ell = x^2"], Verdict.PROVEN, "read as ell(x)"),
    # a name with a layer tag names an expression too (CS229's a^{[2]} = σ(z^{[2]})); a(1 − a) is a product
    "tagged_named_expression": (r"\frac{\partial L}{\partial z^{[2]}} = a^{[2]} - y",
                                [r"z^{[2]} \in \mathbb{R}", r"y \in \{0, 1\}", r"a^{[2]} = \sigma(z^{[2]})",
                                 r"L = -y \log a^{[2]} - (1 - y) \log(1 - a^{[2]})"], Verdict.PROVEN, "as defined"),
    "tagged_named_expression_wrong": (r"\frac{\partial L}{\partial z^{[2]}} = a^{[2]} + y",
                                      [r"z^{[2]} \in \mathbb{R}", r"y \in \{0, 1\}", r"a^{[2]} = \sigma(z^{[2]})",
                                       r"L = -y \log a^{[2]} - (1 - y) \log(1 - a^{[2]})"], Verdict.REFUTED, ""),
    "named_expression_times_itself": (r"\frac{da}{dz} = a(1 - a)", [r"a = \sigma(z)"], Verdict.PROVEN,
                                      "a(…a…) read as a product"),
    "named_expression_times_itself_wrong": (r"\frac{da}{dz} = a(1 + a)", [r"a = \sigma(z)"], Verdict.REFUTED, ""),
    "tagged_named_expression_times_itself": (r"\frac{d a^{(1)}}{d z} = a^{(1)}(1 - a^{(1)})", [r"a^{(1)} = \sigma(z)"],
                                             Verdict.PROVEN, "read as a product"),
    # a range claim as seed 002 writes it: σ(x) ∈ (0, 1) is 0 < σ(x) < 1
    "range_claim": (r"\sigma(x) \in (0,1)", [R], Verdict.PROVEN, "read as 0 < \\sigma(x) < 1"),
    "range_claim_closed": (r"\tanh(x) \in [-1, 1]", [R], Verdict.PROVEN, ""),
    "range_claim_wrong": (r"\tanh(x) \in (0, 1)", [R], Verdict.REFUTED, ""),
    "named_value_stays_a_value": (r"L = 1", [r"L = -\log(0.1)"], Verdict.REFUTED, ""),
    # seed 004 and 000 as written: "f) …", connectives at the start, remarks at the end, "x \mapsto"
    "bare_label": (r"f) \ln \sigma(x) = -\text{softplus}(-x)", [R], Verdict.PROVEN, "f) at the start read as a label"),
    "bare_label_wrong": (r"g) \text{softplus}(x) - \text{softplus}(-x) = -x", [R], Verdict.REFUTED, ""),
    "label_quad": (r"m) \quad \frac{d}{dx} x^2 = 2x", [R], Verdict.PROVEN, "m) at the start read as a label"),
    "rightarrow_start": (r"\Rightarrow \frac{d}{dx} e^{2x} = 2e^{2x}", [R], Verdict.PROVEN, "read as 'hence'"),
    "therefore_text_start": (r"\text{therefore, } e^{x} > 0", [R], Verdict.PROVEN, "read as 'hence'"),
    "therefore_start_wrong": (r"\therefore e^{x} > 1", [R], Verdict.REFUTED, ""),
    "forall_remark": (r"\sigma(x) > 0 \quad \forall x \in \mathbb{R}", [R], Verdict.PROVEN, "read as a remark"),
    "checkmark_remark": (r"-\log(1) = 0 \quad \checkmark", [], Verdict.PROVEN, "read as a remark"),
    "mapsto_start": (r"x \mapsto \sigma(x) = \frac{1}{1+\exp(-x)}", [R], Verdict.PROVEN, "as a function of x"),
    "mapsto_start_wrong": (r"x \mapsto \tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{x}}", [R], Verdict.REFUTED, ""),
    "entry_then_tag": (r"h^a_j = h_j^a", [r"\mathbf{h}^a \in \mathbb{R}^m", r"j \in \{1, \dots, m\}"], Verdict.PROVEN, ""),
    # scalar tags: o^a declared in where is one name (a tag, not a power); ^{(…)} is always a tag
    "scalar_tag": (r"\frac{\partial L}{\partial o^a} = 2(\sigma(o^a) - y) \frac{\partial \sigma(o^a)}{\partial o^a}",
                   [r"o^a \in \mathbb{R}", r"y \in [0, 1]", r"L(o^a) = (\sigma(o^a) - y)^2"], Verdict.PROVEN, "L read as L(o^a)"),
    "scalar_tag_wrong": (r"\frac{\partial L}{\partial o^a} = (\sigma(o^a) - y) \frac{\partial \sigma(o^a)}{\partial o^a}",
                         [r"o^a \in \mathbb{R}", r"y \in [0, 1]", r"L(o^a) = (\sigma(o^a) - y)^2"], Verdict.REFUTED, ""),
    "scalar_layer_tag": (r"\frac{d}{d w^{(2)}} (w^{(2)})^2 = 2 w^{(2)}", [], Verdict.PROVEN, ""),
    "e_power_in_parentheses": (r"e^{(x)} = e^{x}", [R], Verdict.PROVEN, ""),
    "subscripted_scalar": (r"\sum_{j=1}^{n} x_0 = n x_0", [r"n \in \mathbb{N}"], Verdict.PROVEN, ""),
    # a bold/hat command around the name and its scripts (seed 002 P1.2): \mathbf{z_1} is \mathbf{z}_1, in where and statement
    "bold_wraps_subscript": (r"\frac{\partial \mathbf{z_1}}{\partial \mathbf{b^{(1)}}} = I", NET_Z1, Verdict.PROVEN,
                             r"\mathbf{z_1} = \mathbf{W}^{(1)}"),
    "bold_wraps_subscript_wrong": (r"\frac{\partial \mathbf{z_1}}{\partial \mathbf{b^{(1)}}} = 2I", NET_Z1, Verdict.REFUTED, ""),
    "bold_wraps_superscript": (r"\frac{\partial \mathbf{z_1}}{\partial \mathbf{x}} = \mathbf{W^{(1)}}", NET_Z1, Verdict.PROVEN, ""),
    "bold_wraps_superscript_wrong": (r"\frac{\partial \mathbf{z_1}}{\partial \mathbf{x}} = \mathbf{W^{(1)}}^T", NET_Z1,
                                     Verdict.REFUTED, ""),
    "boldsymbol_wraps_subscript": (r"\nabla_{\boldsymbol{\theta_t}} \|\boldsymbol{\theta_t}\|^2 = 2\boldsymbol{\theta_t}",
                                   [r"\boldsymbol{\theta_t} \in \mathbb{R}^n"], Verdict.PROVEN, ""),
    "boldsymbol_wraps_subscript_wrong": (r"\nabla_{\boldsymbol{\theta_t}} \|\boldsymbol{\theta_t}\|^2 = \boldsymbol{\theta}_t",
                                         [r"\boldsymbol{\theta}_t \in \mathbb{R}^n"], Verdict.REFUTED, ""),
    # a set of values in where (seed 003 Q1, CS229's labels): whole numbers, never the interval between them
    "label_in_set": (r"y^2 = y", [r"y \in \{0, 1\}"], Verdict.CHECKED, "y ∈ ℤ, y ≥ 0, y ≤ 1"),
    "label_in_set_wrong": (r"y^2 = 2y", [r"y \in \{0, 1\}"], Verdict.REFUTED, ""),
    "cross_entropy_label": (r"-y \log \sigma(a) - (1 - y)\log(1 - \sigma(a)) = \log(1 + e^{a}) - y a",
                            [r"y \in \{0, 1\}", r"a \in \mathbb{R}"], Verdict.PROVEN, ""),
    "cross_entropy_label_wrong": (r"-y \log \sigma(a) - (1 - y)\log(1 - \sigma(a)) = \log(1 + e^{a}) + y a",
                                  [r"y \in \{0, 1\}", r"a \in \mathbb{R}"], Verdict.REFUTED, ""),
    "index_listed": (r"\frac{\partial}{\partial b_u} \|\mathbf{b}\|^2 = 2 b_u", [r"\mathbf{b} \in \mathbb{R}^3", r"u \in \{1, 2, 3\}"],
                     Verdict.PROVEN, ""),
    "index_listed_wrong": (r"\frac{\partial}{\partial b_u} \|\mathbf{b}\|^2 = b_u", [r"\mathbf{b} \in \mathbb{R}^3", r"u \in \{1, 2, 3\}"],
                           Verdict.REFUTED, ""),
    "index_listed_scalar_wrong": (r"(u - 1)(u - 2) = 0", [r"u \in \{1, 2, 3\}"], Verdict.REFUTED, ""),
    # \approx against a written decimal: the value rounded or truncated to its digits (ln 10 = 2.302585…, σ(2) = 0.880797…)
    "approx_rounded": (r"-\log 0.1 \approx 2.30", [], Verdict.PROVEN, "≈ read as: the written decimal is the value rounded or truncated"),
    "approx_more_digits": (r"-\log 0.1 \approx 2.303", [], Verdict.PROVEN, ""),
    "approx_truncated": (r"-\log 0.1 \approx 2.302", [], Verdict.PROVEN, ""),
    "approx_too_high": (r"-\log 0.1 \approx 2.31", [], Verdict.REFUTED, ""),
    "approx_too_low": (r"-\log 0.1 \approx 2.29", [], Verdict.REFUTED, ""),
    "approx_sigmoid": (r"\sigma(2) \approx 0.88", [], Verdict.PROVEN, ""),
    "approx_sigmoid_wrong": (r"\sigma(2) \approx 0.87", [], Verdict.REFUTED, ""),
    "approx_negative_truncated": (r"\log 0.1 \approx -2.302", [], Verdict.PROVEN, ""),
    "approx_negative_wrong": (r"\log 0.1 \approx -2.29", [], Verdict.REFUTED, ""),
    "simeq_decimal": (r"\tanh(1) \simeq 0.761", [], Verdict.PROVEN, "rounded or truncated"),   # tanh 1 = 0.761594…
    "simeq_decimal_wrong": (r"\tanh(1) \simeq 0.760", [], Verdict.REFUTED, ""),
    "approx_in_chain": (r"-\log 0.1 = \ln 10 \simeq 2.30", [], Verdict.PROVEN, ""),
    "approx_pi_wrong": (r"\pi \approx 3.15", [], Verdict.REFUTED, ""),
    # \ell (a loss): a letter like the Greek ones in scalar claims and their definitions (claims with vectors: not yet)
    "ell_letter": (r"\frac{d}{d\ell} \ell^2 = 2\ell", [], Verdict.PROVEN, ""),
    "ell_letter_wrong": (r"\frac{d}{d\ell} \ell^2 = \ell", [], Verdict.REFUTED, ""),
    "ell_defined": (r"\frac{d\ell}{d\theta} = 2\theta", [r"\ell(\theta) = \theta^2"], Verdict.PROVEN, "as defined"),
    "ell_defined_wrong": (r"\frac{d\ell}{d\theta} = \theta", [r"\ell(\theta) = \theta^2"], Verdict.REFUTED, ""),
    "hat_wraps_subscript": (r"\hat{\mathbf{z}_3} - \hat{\mathbf{z_3}} = \mathbf{0}", [r"\hat{\mathbf{z}}_3 \in \mathbb{R}^n"],
                            Verdict.PROVEN, ""),
    "hat_wraps_subscript_wrong": (r"\hat{\mathbf{z}_3} + \hat{\mathbf{z}}_3 = \mathbf{0}", [r"\hat{\mathbf{z}_3} \in \mathbb{R}^n"],
                                  Verdict.REFUTED, ""),
    # the trace however it is typeset: \operatorname{Tr}, \operatorname{trace}, \operatorname{tr}
    "trace_cyclic": (r"\operatorname{Tr}(\boldsymbol{A}\boldsymbol{B}) = \operatorname{Tr}(\boldsymbol{B}\boldsymbol{A})", AB,
                     Verdict.PROVEN, ""),
    "trace_cyclic_wrong": (r"\operatorname{trace}(\boldsymbol{A}\boldsymbol{B}) = 2\operatorname{tr}(\boldsymbol{B}\boldsymbol{A})",
                           AB, Verdict.REFUTED, ""),
    # \text{…} in a subscript spells a name (seed 004's L_{\text{mse}}), as L_{mse} does
    "text_in_subscript": (r"x_{\mathrm{max}} - x_{\text{max}} = 0", [], Verdict.PROVEN, ""),
    "text_in_subscript_wrong": (r"x_{\mathrm{max}} - x_{\text{min}} = 0", [], Verdict.REFUTED, ""),
    # decorated scalar names (ŷ, x̃, x̄, θ̂) are names, in the statement and in where
    "hat_scalar": (r"\frac{\partial}{\partial \hat{y}} \left( -y \log \hat{y} - (1-y)\log(1-\hat{y}) \right) = "
                   r"\frac{\hat{y} - y}{\hat{y}(1-\hat{y})}", [r"0 < \hat{y} < 1", r"y \in \{0, 1\}"], Verdict.CHECKED, ""),
    "hat_scalar_wrong": (r"\frac{\partial}{\partial \hat{y}} \left( -y \log \hat{y} - (1-y)\log(1-\hat{y}) \right) = "
                         r"\frac{y - \hat{y}}{\hat{y}(1-\hat{y})}", [r"0 < \hat{y} < 1", r"y \in \{0, 1\}"], Verdict.REFUTED, ""),
    "bar_tilde_theta": (r"\frac{d}{d\tilde{x}} (\bar{x} \tilde{x} + \hat\theta) = \bar{x}", [], Verdict.PROVEN, ""),
    "bar_tilde_theta_wrong": (r"\frac{d}{d\tilde{x}} (\bar{x} \tilde{x} + \hat{\theta}) = \tilde{x}", [], Verdict.REFUTED, ""),
    # Iverson's bracket around a relation is 1 where it holds; around an expression it is a bracket
    "iverson_scalar": (r"\text{ReLU}'(x) = [x > 0]", [R, r"x \neq 0"], Verdict.PROVEN, ""),
    "iverson_scalar_wrong": (r"\text{ReLU}'(x) = [x < 0]", [R, r"x \neq 0"], Verdict.REFUTED, ""),
    "iverson_sum": (r"[x \geq 0] + [x < 0] = 1", [R], Verdict.PROVEN, ""),
    "bracket_stays_bracket": (r"[2x + 1]^2 = 4x^2 + 4x + 1", [R], Verdict.PROVEN, ""),
    # evaluation at a point: \left. … \right|_{x=a}, and a bar after a whole side
    "evaluated_at": (r"\left.\frac{d}{dx}x^2\right|_{x=3} = 6", [], Verdict.PROVEN, ""),
    "evaluated_at_wrong": (r"\left.\frac{d}{dx}x^2\right|_{x=3} = 9", [], Verdict.REFUTED, ""),
    "evaluated_bar_side": (r"\frac{d}{dx} \sigma(x) \Big|_{x=0} = \frac{1}{4}", [], Verdict.PROVEN, ""),
    "evaluated_bar_side_wrong": (r"\sigma'(x)\big|_{x=0} = \frac{1}{2}", [], Verdict.REFUTED, ""),
    "evaluated_then_differentiated": (r"\frac{d}{dy}\left. \frac{d}{dx} x^2 y^2\right|_{x=1} = 4y", [], Verdict.PROVEN, ""),
    "evaluated_then_differentiated_wrong": (r"\frac{d}{dy}\left. \frac{d}{dx} x^2 y^2\right|_{x=1} = 2y", [], Verdict.REFUTED, ""),
    "evaluated_sum": (r"\left. x^2 + 1 \right|_{x=2} = 5", [], Verdict.PROVEN, ""),
    # ∂_x f (d2l.ai's ∂_{o_j}) is ∂/∂x f, in scalar and vector claims
    "partial_subscript": (r"\partial_x x^2 y = 2xy", [], Verdict.PROVEN, ""),
    "partial_subscript_wrong": (r"\partial_{x_1} x_1^2 = x_1", [], Verdict.REFUTED, ""),
    "partial_subscript_d2l": (r"\partial_{o_j} \left( \log \sum_{k=1}^{q} \exp(o_k) - \sum_{k=1}^{q} y_k o_k \right) = "
                              r"\mathrm{softmax}(\mathbf{o})_j - y_j", D2L, Verdict.PROVEN, ""),
    "partial_subscript_d2l_wrong": (r"\partial_{o_j} \left( \log \sum_{k=1}^{q} \exp(o_k) - \sum_{k=1}^{q} y_k o_k \right) = "
                                    r"\mathrm{softmax}(\mathbf{o})_j + y_j", D2L, Verdict.REFUTED, ""),
    # the derivative of a derivative taken at a point (σ'(2x)): differences of σ' at the moved point, not a constant
    "prime_at_point_differentiated": (r"\frac{d}{dx} \tanh'(2x) = -4\tanh(2x)(1-\tanh^2(2x))", [R], Verdict.PROVEN, ""),
    "prime_at_point_differentiated_wrong": (r"\frac{d}{dx} \tanh'(2x) = -8\tanh(2x)(1-\tanh^2(2x))", [R], Verdict.REFUTED, ""),
}

REFUSED = {
    "f_undefined": (r"f(x) = x^2", [], r"f\(x\) is ambiguous: the function f applied to \(x\), or f times it"),
    "f_compound": (r"f(x + 1) = 2", [], r"f\(x \+ 1\) is ambiguous"),
    "sigma_two_vars": (r"\frac{d\sigma}{dx} = \sigma(1 - \sigma) + y", [], r"σ alone is ambiguous: a variable σ, or the sigmoid σ\(x\), σ\(y\)"),
    "wrong_arity": (r"J(\theta, 2) = 1", [r"J(\theta) = \theta^2"], r"J is defined with 1 argument\(s\)"),
    "continuation_alone": (r"= -\frac{1}{n} \sum_{i=1}^n x_i", [], r"starts with '=': it continues a formula"),
    "no_relation_before_the_last": (r"x^2 =", [], r"unexpected end of input"),  # nothing before it to check
    "named_expression_applied": (r"L(a, y) = 1", [r"L = (\sigma(a) - y)^2"], r"L is defined in where as an expression"),
    "named_expression_and_variable": (r"\frac{dy}{da} = 1", [r"y = \sigma(a)", r"y \in [0, 1]"],
                                      r"defines y as an expression, and where also treats y as a variable"),
    # seed 004: "since c is one-hot, \sum c_i = 1" with c defined nowhere: a property of c, never refuted
    "property_of_an_undeclared_array": (r"\sum_{i=1}^{n} c_i = 1", [], r"c is not declared, and this relation \(no derivative\) "
                                        r"states a property of c"),
    "implicit_mixed": (r"\sum_{j=1}^{m} W_{j1} = 0", [], r"W is not declared and its subscript mixes indices"),
    "undeclared_layer_tag": (r"\mathbf{v}^{(2)} = \mathbf{x}", [r"\mathbf{x} \in \mathbb{R}^n"],
                             r"v\^\(2\) is not declared: declare it in where"),
    "label_or_factor": (r"(x) y = xy", [], r"\(x\) at the start could be a question label or the factor x"),
    "undeclared_bold": (r"\mathbf{o}^a + \mathbf{v} = \mathbf{o}^a", [r"\mathbf{o}^a \in \mathbb{R}^m"],
                        r"\\mathbf\{v\} is not declared"),
    "undeclared_role_tag": (r"\mathbf{o}^s = \mathbf{o}^a", [r"\mathbf{o}^a \in \mathbb{R}^m"],
                            r"o\^s is not declared \(only o\^a is\)"),
    "undeclared_entry_tag": (r"\sum_{k=1}^{m} w_{jk}^{(1)} = 0", [r"W^{(1)} \in \mathbb{R}^{m \times m}", r"j \in \{1, \dots, m\}"],
                             r"w\^\(1\) is not declared"),
    "tag_with_sum_index": (r"\sum_{i=1}^{m} \|\mathbf{x}^{(2i)}\|^2 \ge 0", [r"\mathbf{x}^{(2i)} \in \mathbb{R}^n", r"m \geq 1"],
                           r"x\^\(2i\) changes with the sum's index i"),
    "vector_function_or_product": (r"\nabla_{\theta} J(\theta) = \theta", [r"\theta \in \mathbb{R}^n"],
                                   r"J\(…\) is ambiguous"),
    "shape_rests_on_undeclared": (r"z = \operatorname{softmax}(\mathbf{x})", [r"\mathbf{x} \in \mathbb{R}^n"],
                                  r"shapes differ \(.*\) if z is a scalar: declare it in where"),
    "entry_with_letter_tag": (r"h_j^s = 1", [r"j \in \{1, \dots, n\}", r"\mathbf{x} \in \mathbb{R}^n"],
                              r"h\^s is not declared.*or write \(h_\{…\}\)\^\{s\} for a power"),
    # \mathbf{z_{1i}} is \mathbf{z}_{1i}: entry (1, i) of a z nobody declared, not entry i of z_1 (which is (\mathbf{z_1})_i)
    "bold_wraps_two_indices": (r"\mathbf{z_{1i}} = (\mathbf{z_1})_i", NET_Z1 + [r"i \in \{1, \dots, m\}"],
                               r"\\mathbf\{z\} is not declared"),
    "set_with_a_gap": (r"y^2 = y", [r"y \in \{0, 2\}"], r"only consecutive whole numbers can be declared .* skips 1"),
    "label_set_with_vectors": (r"\|\mathbf{x}\|^2 y = y \|\mathbf{x}\|^2", [r"\mathbf{x} \in \mathbb{R}^n", r"y \in \{0, 1\}"],
                               r"in a claim with vectors a set of values declares an index, which runs from 1"),
    "approx_an_approximation": (r"e^x \approx 1 + x", [R], r"\\approx between two expressions is an approximation, not an identity"),
    "approx_whole_number": (r"2^{10} \approx 1000", [], r"\\approx between an expression and a whole number"),
    "ell_undefined_function": (r"\ell(x) = x^2", [], r"\\ell\(x\) is ambiguous: the function \\ell applied to \(x\), or \\ell times it"),
    "bar_of_a_sum": (r"1 + \frac{d}{dx} x^2 \Big|_{x=1} = 3", [], r"what does this bar evaluate: the last term or the whole side"),
    "hat_over_two_letters": (r"\hat{xy} = 1", [], r"expected one letter inside \\hat\{xy\}"),
    "sigma_inverse": (r"\sigma^{-1}(x) = \ln\frac{x}{1-x}", [r"0 < x < 1"], r"is ambiguous: it could mean \\operatorname\{logit\}"),
}


@pytest.fixture(scope="module")
def results():
    claims = [{"id": k, "statement": s, "where": w} for k, (s, w, *_rest) in {**CASES, **REFUSED}.items()]
    return run_answers(claims)


@pytest.mark.parametrize("case", list(CASES))
def test_read_and_judged_with_the_reading_stated(case, results):
    _, _, verdict, note = CASES[case]
    r = results[case]
    if verdict is None:  # a definition such as n_W2 = …: only the reading is checked here
        verdict = r.verdict if r.verdict is not Verdict.ERROR else Verdict.PROVEN
    assert r.verdict is verdict, (case, r.verdict, r.message)
    assert note in r.scope, (case, r.scope)


@pytest.mark.parametrize("case", list(REFUSED))
def test_an_ambiguous_reading_is_refused_naming_the_readings(case, results):
    r = results[case]
    assert r.verdict is Verdict.ERROR, (case, r.verdict, r.message)
    assert re.search(REFUSED[case][2], r.message), r.message


def test_an_aligned_chain_is_one_chain_and_a_second_relation_is_refused():
    results = run_answers([
        {"id": "aligned", "statement": r"\begin{aligned} \frac{d}{dx} x^2 &= 2x \\ &= x + x \end{aligned}", "where": [R]},
        {"id": "aligned_wrong", "statement": r"\begin{aligned} \frac{d}{dx} x^2 &= 2x \\ &= x + 1 \end{aligned}", "where": [R]},
        {"id": "two_relations", "statement": r"a &= 1 \\ b &= 2", "where": []},
        {"id": "boxed", "statement": r"\boxed{\frac{d}{dx} x^3 = 3x^2}", "where": [R]},
    ])
    assert results["aligned"].verdict is Verdict.PROVEN and len(results["aligned"].steps) == 2
    assert results["aligned_wrong"].verdict is Verdict.REFUTED and results["aligned_wrong"].first_wrong_step == 2
    assert results["two_relations"].verdict is Verdict.ERROR and "several relations" in results["two_relations"].message
    assert results["boxed"].verdict is Verdict.PROVEN


def test_relations_joined_by_an_implication_are_checked_each_on_its_own():
    results = run_answers([
        {"id": "both", "statement": r"\frac{d}{dx} x^2 = 2x \implies \frac{d}{dx} x^2 = x + x", "where": [R]},
        {"id": "second_wrong", "statement": r"\frac{d}{dx} x^2 = 2x \Rightarrow \frac{d}{dx} x^3 = 3x", "where": [R]},
    ])
    assert results["both"].verdict is Verdict.PROVEN and len(results["both"].steps) == 2
    assert "each checked on its own" in results["both"].scope
    assert results["second_wrong"].verdict is Verdict.REFUTED and results["second_wrong"].first_wrong_step == 2


# --- never misread: real formulas of the seeds (/work/shared/seeds) that were read one way silently and REFUTED,
# a false refutation a student would believe. Each is now an ERROR naming the construct, its readings and what to
# write; the unambiguous spelling is read, and its wrong variant is still REFUTED. Through derivcheck.check.

def checked(statement, where=()):
    return derivcheck.check(statement, where=list(where), jobs=1, timeout=30)


def assert_refused(table, case):
    statement, where, message = table[case]
    r = checked(statement, where)
    assert r.verdict is Verdict.ERROR, (case, r.verdict, r.message)
    assert re.search(message, r.message), r.message


def assert_read(table, case):
    statement, where, verdict = table[case]
    r = checked(statement, where)
    assert r.verdict is verdict, (case, r.verdict, r.message)


# a one-character subscript run into a letter or digit: n_W2 prints as n_W 2 (n_W times 2), written for n_{W2}
SUBSCRIPT_RUN_ON = {
    "seed_000_n_W2": (r"n_W2 = (512)(256) = 131,072", [],
                      r"column 1: n_W2 is n_\{W\}·2 or the name n_\{W2\}: write n_\{W2\} for the name, or n_W \\cdot 2 for the product"),
    "index_then_digit": (r"x_i2 = 2 x_i", [], r"x_i2 is x_\{i\}·2 or the name x_\{i2\}"),
    "digit_then_letter": (r"x_1y = y x_1", [], r"x_1y is x_\{1\}·y or the name x_\{1y\}"),
    "in_a_vector_claim": (r"\|\mathbf{x}\|^2 = n_W2", [r"\mathbf{x} \in \mathbb{R}^n"], r"column 20: n_W2 is n_\{W\}·2"),
}
SUBSCRIPT_WRITTEN_PLAINLY = {
    "name_in_braces": (r"n_{W2} = (512)(256) = 131,072", [r"n_{W2} = 131072"], Verdict.PROVEN),
    "name_in_braces_wrong": (r"n_{W2} = (512)(256) = 131,072", [r"n_{W2} = 131073"], Verdict.REFUTED),
    "product_written": (r"n_W \cdot 2 = 2 n_W", [], Verdict.PROVEN),
    "product_written_wrong": (r"n_W \cdot 2 = 3 n_W", [], Verdict.REFUTED),
    "a_space_is_a_product": (r"x_1 y = y x_1", [], Verdict.PROVEN),
    "a_space_is_a_product_wrong": (r"x_1 y = x_1 + y", [], Verdict.REFUTED),
    "next_name_takes_its_own_subscript": (r"x_1x_2 + a_ib_i = x_2 x_1 + b_i a_i", [], Verdict.PROVEN),
    "braces_then_a_name": (r"W_{ij}x_j + w_{12} = x_j W_{ij} + w_{12}", [], Verdict.PROVEN),
    "common_forms": (r"x_1 + x_2 + e_k + x_i^2 = x_2 + x_1 + e_k + x_i x_i", [], Verdict.PROVEN),
}


@pytest.mark.parametrize("case", list(SUBSCRIPT_RUN_ON))
def test_a_one_character_subscript_run_into_a_letter_or_digit_is_refused_naming_both_readings(case):
    assert_refused(SUBSCRIPT_RUN_ON, case)


@pytest.mark.parametrize("case", list(SUBSCRIPT_WRITTEN_PLAINLY))
def test_a_subscript_in_braces_or_followed_by_a_space_or_an_operator_is_read(case):
    assert_read(SUBSCRIPT_WRITTEN_PLAINLY, case)


# three or more letters side by side with no space: a word (Tot, Loss, log without its backslash), not a product
WORDS = {
    "seed_000_Tot": (r"Tot_{par} = 1,707,264", [], r"column 1: Tot is read as T·o·t or as a name: .*write T_\{par\} for the "
                     r"name, or T \\cdot o \\cdot t"),
    "seed_000_Tot_in_where": (r"Tot_{par} = 1,707,264", [r"Tot_{par} = 1572864 + 512 + 131072 + 256 + 2560 + 10"],
                              r"where\[1\] .*column 1: Tot is read as T·o·t or as a name"),
    "function_without_backslash": (r"log x = \log x", [], r"log is read as l·o·g .*write \\log for the function"),
    "three_letters": (r"xyz = zyx", [], r"xyz is read as x·y·z or as a name: .*x \\cdot y \\cdot z \(or x y z, with spaces\)"),
    "in_a_vector_claim": (r"\|\mathbf{x}\|^2 = Loss", [r"\mathbf{x} \in \mathbb{R}^n"], r"column 20: Loss is read as L·o·s·s"),
}
WORDS_WRITTEN_PLAINLY = {
    # the seed's sum, with a one-letter name: 1,572,864 + 512 + 131,072 + 256 + 2,560 + 10 = 1,707,274
    "one_letter_name": (r"T_{par} = 1,707,274", [r"T_{par} = 1572864 + 512 + 131072 + 256 + 2560 + 10"], Verdict.PROVEN),
    "one_letter_name_wrong": (r"T_{par} = 1,707,264", [r"T_{par} = 1572864 + 512 + 131072 + 256 + 2560 + 10"], Verdict.REFUTED),
    "letters_with_spaces": (r"x y z = z y x", [], Verdict.PROVEN),
    "letters_with_spaces_wrong": (r"x y z = x y", [], Verdict.REFUTED),
    "two_letters_and_a_number": (r"2xy = 2yx", [], Verdict.PROVEN),
}


@pytest.mark.parametrize("case", list(WORDS))
def test_three_letters_side_by_side_are_refused_as_a_word_or_a_product(case):
    assert_refused(WORDS, case)


@pytest.mark.parametrize("case", list(WORDS_WRITTEN_PLAINLY))
def test_a_one_letter_name_or_letters_with_spaces_are_read(case):
    assert_read(WORDS_WRITTEN_PLAINLY, case)


# a limit over n of a name subscripted by n that nothing defines: a sequence the reader does not know
LIMITS = {
    "limit_of_x_n": (r"\lim_{n\to\infty} x_n = 0", [],
                     r"column 19: x_n depends on n \(the limit variable\), and nothing says how: write its expression"),
    "x_n_in_where_is_no_definition": (r"\lim_{n\to\infty} x_n = 0", [r"x_n = \frac{1}{n}"], r"x_n depends on n"),
    "limit_of_x_2n": (r"\lim_{n \to \infty} x_{2n} = 0", [], r"x_\{2n\} depends on n \(the limit variable\)"),
}
LIMITS_WRITTEN_PLAINLY = {
    "sequence_as_a_function": (r"\lim_{n\to\infty} x(n) = 0", [r"x(n) = \frac{1}{n}"], Verdict.PROVEN),
    "sequence_as_a_function_wrong": (r"\lim_{n\to\infty} x(n) = 1", [r"x(n) = \frac{1}{n}"], Verdict.REFUTED),
    "expression_written": (r"\lim_{n\to\infty} \frac{1}{n} = 0", [], Verdict.PROVEN),
    "expression_written_wrong": (r"\lim_{n\to\infty} \frac{1}{n} = 1", [], Verdict.REFUTED),
    "another_subscript_is_a_constant": (r"\lim_{x \to 0} (x + x_1) = x_1", [], Verdict.PROVEN),
}


@pytest.mark.parametrize("case", list(LIMITS))
def test_a_limit_of_an_undefined_sequence_is_refused(case):
    assert_refused(LIMITS, case)


@pytest.mark.parametrize("case", list(LIMITS_WRITTEN_PLAINLY))
def test_a_limit_of_a_defined_sequence_or_an_expression_is_read(case):
    assert_read(LIMITS_WRITTEN_PLAINLY, case)


# a decorated or subscripted name before parentheses: the function applied, or the name times it? (as f(x))
R_HAT = [r"\theta \in \mathbb{R}^p", r"\lambda > 0", r"\hat{R} = \|\theta\|^2", r"\hat{R}_{reg} = \hat{R} + \lambda \|\theta\|_2^2"]
APPLIED = {
    "seed_004_q2k": (r"\frac{\partial \hat{R}_{reg}(\theta)}{\partial \theta} = \frac{\partial \hat{R}(\theta)}{\partial \theta} "
                     r"+ 2\lambda \|\theta\|_2", [],
                     r"column 16: \\hat\{R\}_\{reg\}\(\\theta\) is ambiguous: the function \\hat\{R\}_\{reg\} applied to "
                     r"\(\\theta\), or \\hat\{R\}_\{reg\} times it\?"),
    "tilde": (r"\tilde{J}(\theta) = 0", [r"\theta \in \mathbb{R}^p"], r"\\tilde\{J\}\(\\theta\) is ambiguous"),
    "bar_on_a_vector": (r"\bar{f}(\mathbf{x}) = 0", [r"\mathbf{x} \in \mathbb{R}^p"], r"\\bar\{f\}\(\\mathbf\{x\}\) is ambiguous"),
    "subscript_vector_claim": (r"L_{CE}(\mathbf{x}) = 0", [r"\mathbf{x} \in \mathbb{R}^p"], r"L_\{CE\}\(\\mathbf\{x\}\) is ambiguous"),
    "subscript": (r"R_{reg}(\theta) = \theta", [], r"column 1: R_\{reg\}\(\\theta\) is ambiguous: the function R_\{reg\} "
                  r"applied to \(\\theta\), or R_\{reg\} times it\? Write R_\{reg\} \\cdot \(\\theta\) for the product"),
    "subscripted_greek": (r"\sigma_1(x) = 0", [], r"\\sigma_1\(x\) is ambiguous"),
    "function_letter_with_subscript": (r"L_{CE}(y + 1) = 0", [], r"L_\{CE\}\(y \+ 1\) is ambiguous"),
    "mathcal_is_not_read": (r"\mathcal{L}(\theta) = 0", [], r"unknown command \\mathcal"),
}
APPLIED_WRITTEN_PLAINLY = {
    # the seed's answer with the gradient of λ‖θ‖² right, and as the student wrote it (2λ‖θ‖₂: a shape error)
    "defined_in_where": (r"\frac{\partial \hat{R}_{reg}}{\partial \theta} = \frac{\partial \hat{R}}{\partial \theta} + 2\lambda \theta",
                         R_HAT, Verdict.PROVEN),
    "defined_in_where_wrong": (r"\frac{\partial \hat{R}_{reg}}{\partial \theta} = \frac{\partial \hat{R}}{\partial \theta} + \lambda \theta",
                               R_HAT, Verdict.REFUTED),
    "declared_variable_is_a_product": (r"\hat{R}_{reg}(\theta) = \theta \hat{R}_{reg}",
                                       [r"\theta \in \mathbb{R}^p", r"\hat{R}_{reg} \in \mathbb{R}"], Verdict.PROVEN),
    "product_written": (r"R_{reg} \cdot (\theta) = \theta R_{reg}", [], Verdict.PROVEN),
    "product_written_wrong": (r"R_{reg} \cdot (\theta) = \theta", [], Verdict.REFUTED),
    "declared_scalar_is_a_product": (r"R_{reg}(\theta) = \theta R_{reg}", [r"R_{reg} > 0"], Verdict.PROVEN),
    "seed_000_d_h": (r"d_h(d+1) + m(d_h+1) = d_h d + m d_h + d_h + m", [], Verdict.PROVEN),
}


@pytest.mark.parametrize("case", list(APPLIED))
def test_a_decorated_or_subscripted_name_before_parentheses_is_refused_as_f_of_x(case):
    assert_refused(APPLIED, case)


@pytest.mark.parametrize("case", list(APPLIED_WRITTEN_PLAINLY))
def test_a_defined_or_declared_name_before_parentheses_is_read(case):
    assert_read(APPLIED_WRITTEN_PLAINLY, case)


# a letter superscript on a subscripted name, neither declared: the tag o_k^a or the power (o_k)^a?
TAG_OR_POWER = {
    "seed_004_o_k_a": (r"e^{o_k^a} > 0", [], r"column 4: o_k\^a is the power \(o_k\)\^\{a\} or the tag o_k\^a \(a name of its "
                       r"own\)\? Declare the name in where \(o_k\^a \\in \\mathbb\{R\}\) for the tag, or write \(o_k\)\^\{a\}"),
    "word_tag": (r"o_k^{out} = 1", [], r"o_k\^out is the power \(o_k\)\^\{out\} or the tag"),
    "entry_of_a_declared_vector": (r"e^{o_k^a} > 0", [r"\mathbf{o} \in \mathbb{R}^m", r"k \in \{1, \dots, m\}"],
                                   r"column 5: o\^a is not declared: .*or write \(o_\{…\}\)\^\{a\} for a power"),
}
TAG_OR_POWER_WRITTEN_PLAINLY = {
    "tag_declared": (r"e^{o_k^a} > 0", [r"o_k^a \in \mathbb{R}"], Verdict.PROVEN),
    "tag_declared_wrong": (r"e^{o_k^a} < 0", [r"o_k^a \in \mathbb{R}"], Verdict.REFUTED),
    "power_in_parentheses": (r"(o_k)^{2} \ge 0", [], Verdict.PROVEN),
    "exponent_declared": (r"x_1^n = x_1 \cdot x_1^{n-1}", [r"n > 0", r"x_1 > 0"], Verdict.PROVEN),
    "exponent_declared_wrong": (r"x_1^n = n x_1", [r"n > 0", r"x_1 > 0"], Verdict.REFUTED),
    "tagged_vector_declared": (r"e^{o_k^a} > 0", [r"\mathbf{o}^a \in \mathbb{R}^m", r"k \in \{1, \dots, m\}"], Verdict.PROVEN),
    "tagged_vector_declared_wrong": (r"e^{o_k^a} < 0", [r"\mathbf{o}^a \in \mathbb{R}^m", r"k \in \{1, \dots, m\}"],
                                     Verdict.REFUTED),
}


@pytest.mark.parametrize("case", list(TAG_OR_POWER))
def test_a_letter_superscript_on_a_subscripted_name_is_refused_unless_declared(case):
    assert_refused(TAG_OR_POWER, case)


@pytest.mark.parametrize("case", list(TAG_OR_POWER_WRITTEN_PLAINLY))
def test_a_declared_tag_a_declared_exponent_or_a_power_in_parentheses_is_read(case):
    assert_read(TAG_OR_POWER_WRITTEN_PLAINLY, case)
