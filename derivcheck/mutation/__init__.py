"""Soundness testing: plausible student slips of each catalog claim, judged by an independent oracle."""
