"""Running: the one scheduler (forked workers, deadlines, memory limits) and the verdict from numbers and proof."""
