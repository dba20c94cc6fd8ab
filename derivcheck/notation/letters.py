"""The letters a name can be: every reader takes its Greek table from here, so they cannot drift."""

__all__ = ["GREEK"]

# \ell: the script letter ℓ (a loss), a letter like the Greek ones
GREEK = frozenset((
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho "
    "varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi "
    "Psi Omega ell").split())
