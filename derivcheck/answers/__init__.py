"""Answer files: what people write, cut into step claims, checked by ``run``, folded back into one verdict per answer."""
