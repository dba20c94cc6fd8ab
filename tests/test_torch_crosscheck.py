"""The catalog against a reference nobody here wrote: PyTorch's functions and autograd.

Compares the definitions in ``derivcheck.core.functions`` and the derivatives the catalog proves
(the right-hand sides of ``deriv_*`` claims) with torch on seeded random inputs of several sizes;
the MLP parameter counts with ``torch.nn``; the worked regression example's loss and gradients with
autograd in float64; the gradient-descent closed form with iterates whose f' comes from autograd.
Softmax/cross-entropy are not in ``functions.py`` on this branch, so they are not compared here.

PyTorch is an optional test dependency (``pip install '.[torch]'``, i.e. torch==2.13.0, a CPU
build); without it this module is skipped with that reason.
"""

import numpy as np
import pytest
from sympy import Derivative, Eq, Symbol, lambdify, tanh

torch = pytest.importorskip("torch", reason="PyTorch not installed: pip install '.[torch]' (torch==2.13.0, CPU)")
F = torch.nn.functional

from derivcheck.core.functions import leaky_relu, relu, sigmoid, softplus, unfold  # noqa: E402
from derivcheck.core.registry import load_catalog  # noqa: E402

CATALOG = load_catalog()
x = Symbol("x", real=True)
alpha = Symbol("alpha", real=True)
SIZES = (1, 7, 100, 1000)
RTOL, ATOL = 1e-9, 1e-12  # float64 throughout; torch's softplus switches to x above 20 (error e^-20 ≈ 2e-9 · x)


def inputs(size, seed, *, away_from_zero=False):
    rng = np.random.default_rng(seed)
    values = np.concatenate([rng.normal(0, 3, size), rng.uniform(-40, 40, size)])
    if away_from_zero:
        values = np.where(np.abs(values) < 1e-3, 0.5, values)
    return values


def numpy_of(expr, *symbols):
    return lambdify(symbols, unfold(expr), modules="numpy")


DEFINITIONS = {
    "sigmoid": (sigmoid(x), lambda t, a: torch.sigmoid(t), 0),
    "tanh": (tanh(x), lambda t, a: torch.tanh(t), 0),
    "softplus": (softplus(x), lambda t, a: F.softplus(t), 2e-9),
    "relu": (relu(x), lambda t, a: torch.relu(t), 0),
    "leaky_relu": (leaky_relu(x, alpha), lambda t, a: F.leaky_relu(t, negative_slope=a), 0),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_definition_agrees_with_torch(name, size):
    expr, reference, extra_rtol = DEFINITIONS[name]
    a = float(np.random.default_rng(size).uniform(0.01, 0.99))
    values = inputs(size, seed=size)
    ours = np.broadcast_to(numpy_of(expr, x, alpha)(values, a), values.shape)
    theirs = reference(torch.tensor(values, dtype=torch.float64), a).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=RTOL + extra_rtol, atol=ATOL)


# claim id -> the torch function it differentiates (the claim's own left side says which)
DERIVATIVES = {
    "deriv_sigmoid": lambda t, a: torch.sigmoid(t),
    "deriv_tanh": lambda t, a: torch.tanh(t),
    "deriv_softplus": lambda t, a: F.softplus(t, threshold=1000),
    "deriv_log_sigmoid": lambda t, a: F.logsigmoid(t),
    "deriv_abs": lambda t, a: torch.abs(t),
    "deriv_relu": lambda t, a: torch.relu(t),
    "deriv_leaky_relu": lambda t, a: F.leaky_relu(t, negative_slope=a),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("claim_id", sorted(DERIVATIVES))
def test_proven_derivative_agrees_with_autograd(claim_id, size):
    [relation] = CATALOG[claim_id].statement
    assert isinstance(relation, Eq) and isinstance(relation.lhs, Derivative)
    a = float(np.random.default_rng(size + 1).uniform(0.01, 0.99))
    values = inputs(size, seed=size + 1, away_from_zero=True)  # the kinks at 0 are excluded by the claims
    ours = np.broadcast_to(numpy_of(relation.rhs, x, alpha)(values, a), values.shape).astype(float)
    t = torch.tensor(values, dtype=torch.float64, requires_grad=True)
    DERIVATIVES[claim_id](t, a).sum().backward()
    np.testing.assert_allclose(ours, t.grad.numpy(), rtol=RTOL, atol=ATOL)


def test_parameter_count_agrees_with_torch_nn_at_several_sizes():
    from derivcheck.identities.mlp import d, d_h, m

    [relation] = CATALOG["mlp_num_params"].statement
    rng = np.random.default_rng(3)
    for _ in range(10):
        dd, hh, mm = (int(v) for v in rng.integers(1, 300, 3))
        net = torch.nn.Sequential(torch.nn.Linear(dd, hh), torch.nn.ReLU(), torch.nn.Linear(hh, mm))
        assert sum(p.numel() for p in net.parameters()) == relation.rhs.subs({d: dd, d_h: hh, m: mm})


def test_cifar_count_agrees_with_torch_nn():
    [relation] = CATALOG["mlp_num_params_cifar"].statement
    net = torch.nn.Sequential(torch.nn.Linear(3072, 512), torch.nn.ReLU(), torch.nn.Linear(512, 256), torch.nn.ReLU(),
                              torch.nn.Linear(256, 10))
    assert sum(p.numel() for p in net.parameters()) == relation.rhs


def test_worked_example_values_agree_with_autograd():
    from derivcheck.identities import mlp

    def tensor(v, grad=False):
        return torch.tensor(np.array(v, dtype=float), dtype=torch.float64, requires_grad=grad)

    X, t = tensor(mlp.WORKED_X), tensor(mlp.WORKED_T)
    W1, b1 = tensor(mlp.WORKED_W1, True), tensor(mlp.WORKED_B1, True)
    w2, b2 = tensor(mlp.WORKED_W2, True), tensor(float(mlp.WORKED_B2), True)
    y = torch.relu(X @ W1 + b1) @ w2 + b2
    loss = 0.5 * ((y - t) ** 2).sum()
    loss.backward()
    autograd = {"L": loss.item(), mlp.B2: b2.grad.item()}
    autograd.update({mlp.B1[c]: b1.grad[c].item() for c in range(3)})
    autograd.update({mlp.W2[c]: w2.grad[c].item() for c in range(3)})
    autograd.update({mlp.W1[r][c]: W1.grad[r, c].item() for r in range(2) for c in range(3)})
    claimed = dict(zip(mlp.HOMEWORK, (rel.rhs for rel in CATALOG["worked_regression_relu"].statement)))
    for what, value in claimed.items():
        assert autograd[what] == pytest.approx(float(value), rel=1e-12, abs=1e-12), what


def test_gd_closed_form_agrees_with_iterates_from_autograd():
    from derivcheck.identities.optimization import eta, n, x0

    [relation] = CATALOG["gd_quadratic_closed_form"].statement
    closed_form = lambdify((n, x0, eta), relation.rhs, modules="numpy")
    rng = np.random.default_rng(5)
    for rate in list(rng.uniform(-0.1, 0.3, 6)) + [0.1, 0.2]:
        start = float(rng.normal(0, 3))
        point = torch.tensor(start, dtype=torch.float64, requires_grad=True)
        for step in range(30):
            assert point.item() == pytest.approx(closed_form(step, start, rate), rel=1e-9, abs=1e-12), (rate, step)
            (grad,) = torch.autograd.grad(5 * point**2 + 2, point)
            point = (point - rate * grad).detach().requires_grad_(True)


# --- the MLP gradients the catalog proves, against autograd through torch.nn ---------------------

MLP_GRADIENTS = {  # claim id -> (parameter the gradient is taken for, the indices of its entry)
    "mlp_grad_w2_softplus": ("W2", ("c", "k")),
    "mlp_grad_b2_softplus": ("b2", ("c",)),
    "mlp_grad_w1_softplus": ("W1", ("k", "l")),
    "mlp_grad_b1_softplus": ("b1", ("k",)),
    "mlp_grad_w2_leaky_relu": ("W2", ("c", "k")),
    "mlp_grad_b2_leaky_relu": ("b2", ("c",)),
    "mlp_grad_w1_leaky_relu": ("W1", ("k", "l")),  # off the kinks: no pre-activation is 0 at this point
    "mlp_grad_b1_leaky_relu": ("b1", ("k",)),
    "mlp_grad_input_leaky_relu": ("x", ("l",)),
    "mlp_grad_input_softplus": ("x", ("l",)),
}


@pytest.mark.parametrize("claim_id", sorted(MLP_GRADIENTS))
def test_mlp_gradient_matches_autograd(claim_id):
    """Every entry of the claim's right side, at fixed sizes, equals torch autograd of the network's loss."""
    from derivcheck.core.instances import instantiate

    claim = CATALOG[claim_id]
    name, index_names = MLP_GRADIENTS[claim_id]
    rng = np.random.default_rng(7)
    dd, hh, mm, yy, slope = 3, 4, 3, 2, 0.2
    params = {"x": rng.normal(size=dd), "W1": rng.normal(size=(hh, dd)), "b1": rng.normal(size=hh),
              "W2": rng.normal(size=(mm, hh)), "b2": rng.normal(size=mm)}
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    pre = t["W1"] @ t["x"] + t["b1"]
    hidden = F.leaky_relu(pre, slope) if "leaky" in claim_id else F.softplus(pre)
    loss = F.cross_entropy((t["W2"] @ hidden + t["b2"])[None], torch.tensor([yy - 1]))
    loss.backward()
    reference = t[name].grad.numpy()
    syms = {str(s): s for s in claim.variables}
    rhs = claim.statement[0].rhs
    for position in np.ndindex(reference.shape):
        fixed = {syms["d"]: dd, syms["d_h"]: hh, syms["m"]: mm, syms["y"]: yy}
        fixed.update({syms[ix]: p + 1 for ix, p in zip(index_names, position)})
        entry = instantiate(rhs, fixed)
        values = {s: params[str(s).split("[")[0]][tuple(int(v) - 1 for v in str(s)[:-1].split("[")[1].split(","))]
                  for s in entry.free_symbols if "[" in str(s)}
        values.update({s: slope for s in entry.free_symbols if str(s) == "alpha"})
        got = float(unfold(entry).xreplace(values).evalf(30))
        assert got == pytest.approx(float(reference[position]), rel=1e-10, abs=1e-12), (claim_id, position)


REGRESSION_GRADIENTS = {  # claim id -> (parameter, the indices of its entry)
    "regression_mlp_grads_b2": ("b2", ("c",)),
    "regression_mlp_grads_w2": ("W2", ("c", "k")),
    "regression_mlp_grads_b1": ("b1", ("k",)),
    "regression_mlp_grads_w1": ("W1", ("k", "l")),
    "sigmoid_mlp_grads_b2": ("b2", ("c",)),
    "sigmoid_mlp_grads_w2": ("W2", ("c", "k")),
    "sigmoid_mlp_grads_b1": ("b1", ("k",)),
    "sigmoid_mlp_grads_w1": ("W1", ("k", "l")),
}


@pytest.mark.parametrize("claim_id", sorted(REGRESSION_GRADIENTS))
def test_regression_gradient_matches_autograd(claim_id):
    """ℓ = ‖W⁽²⁾relu(W⁽¹⁾x + b⁽¹⁾) + b⁽²⁾ − y‖² (or σ(W⁽²⁾σ(W⁽¹⁾x + b⁽¹⁾) + b⁽²⁾) for the σ network):
    each entry of the claim's right side equals autograd."""
    from derivcheck.core.instances import instantiate

    claim = CATALOG[claim_id]
    name, index_names = REGRESSION_GRADIENTS[claim_id]
    rng = np.random.default_rng(11)
    dd, hh, mm = 3, 4, 2
    params = {"x": rng.normal(size=dd), "W1": rng.normal(size=(hh, dd)), "b1": rng.normal(size=hh),
              "W2": rng.normal(size=(mm, hh)), "b2": rng.normal(size=mm), "y": rng.normal(size=mm)}
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    pre = t["W1"] @ t["x"] + t["b1"]
    assert bool((pre.abs() > 1e-3).all())  # off every kink
    if claim_id.startswith("sigmoid"):
        loss = ((torch.sigmoid(t["W2"] @ torch.sigmoid(pre) + t["b2"]) - t["y"]) ** 2).sum()
    else:
        loss = ((t["W2"] @ F.relu(pre) + t["b2"] - t["y"]) ** 2).sum()
    loss.backward()
    reference = t[name].grad.numpy()
    syms = {str(s): s for s in claim.variables}
    rhs = claim.statement[0].rhs
    for position in np.ndindex(reference.shape):
        fixed = {syms["d"]: dd, syms["d_h"]: hh, syms["m"]: mm}
        fixed.update({syms[ix]: p + 1 for ix, p in zip(index_names, position)})
        entry = instantiate(rhs, fixed)
        values = {s: params[str(s).split("[")[0]][tuple(int(v) - 1 for v in str(s)[:-1].split("[")[1].split(","))]
                  for s in entry.free_symbols if "[" in str(s)}
        got = float(unfold(entry).xreplace(values).evalf(30))
        assert got == pytest.approx(float(reference[position]), rel=1e-10, abs=1e-12), (claim_id, position)


@pytest.mark.parametrize("claim_id", [f"mlp_grad_batch_mean_layer{layer}_{act}" for layer in (1, 2)
                                      for act in ("softplus", "leaky_relu")])
def test_batch_mean_gradients_match_autograd(claim_id):
    """R = mean cross-entropy over a batch (torch's reduction='mean'): every entry of every relation's
    right side equals autograd of R, at N = 3 examples."""
    from derivcheck.core.instances import instantiate

    claim = CATALOG[claim_id]
    rng = np.random.default_rng(5)
    nn_, dd, hh, mm, slope = 3, 2, 3, 3, 0.2
    labels = np.array([1, 3, 2])
    params = {"X": rng.normal(size=(nn_, dd)), "W1": rng.normal(size=(hh, dd)), "b1": rng.normal(size=hh),
              "W2": rng.normal(size=(mm, hh)), "b2": rng.normal(size=mm)}
    t = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    pre = t["X"] @ t["W1"].T + t["b1"]
    assert bool((pre.abs() > 1e-3).all())  # off every kink, in every example
    hidden = F.leaky_relu(pre, slope) if "leaky" in claim_id else F.softplus(pre)
    loss = F.cross_entropy(hidden @ t["W2"].T + t["b2"], torch.tensor(labels - 1))
    loss.backward()
    syms = {str(s): s for s in claim.variables}
    wrt = {"W2": ("c", "k"), "b2": ("c",), "W1": ("k", "l"), "b1": ("k",)}
    for relation in claim.statement:
        name = str(relation.lhs.variables[0]).split("[")[0]
        reference = t[name].grad.numpy()
        for position in np.ndindex(reference.shape):
            fixed = {syms["N"]: nn_, syms["d"]: dd, syms["d_h"]: hh, syms["m"]: mm}
            fixed.update({syms[ix]: p + 1 for ix, p in zip(wrt[name], position)})
            entry = instantiate(relation.rhs, fixed)
            values = {}
            for s in entry.free_symbols:
                if str(s) == "alpha":
                    values[s] = slope
                elif str(s).startswith("Y["):
                    values[s] = int(labels[int(str(s)[2:-1]) - 1])
                elif "[" in str(s):
                    base, at = str(s)[:-1].split("[")
                    values[s] = params[base][tuple(int(v) - 1 for v in at.split(","))]
            got = float(unfold(entry).xreplace(values).doit().evalf(30))
            assert got == pytest.approx(float(reference[position]), rel=1e-10, abs=1e-12), (claim_id, name, position)
