"""The letters a name can be: every reader takes its Greek table from here, so they cannot drift."""

__all__ = ["GREEK", "DECORATIONS", "decorated_name"]

# \ell: the script letter ℓ (a loss), a letter like the Greek ones
GREEK = frozenset((
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho "
    "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi "
    "Psi Omega ell").split())

# \hat{y} is the name "yhat": SymPy prints it back as \hat{y} (ŷ), and the vector reader names it so too
DECORATIONS = {"hat": "hat", "widehat": "hat", "tilde": "tilde", "widetilde": "tilde", "bar": "bar", "overline": "bar"}


def decorated_name(command: str, base: str) -> str | None:
    r"""The name of ``\hat{y}``, ``\bar{\theta}`` ("yhat", "thetabar"); None unless ``base`` is one letter
    or one Greek letter (``\overline{xy}`` would be a product under a bar)."""
    if base.startswith("\\"):
        return base[1:] + DECORATIONS[command] if base[1:] in GREEK else None
    return base + DECORATIONS[command] if len(base) == 1 else None
