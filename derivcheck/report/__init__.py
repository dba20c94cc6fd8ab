"""What a person reads besides the terminal: the LaTeX proof document and its PDF."""
