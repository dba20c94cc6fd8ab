"""Homework documents (Markdown, LaTeX, Jupyter): their formulas and derivcheck directives, with their places."""
