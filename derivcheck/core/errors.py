"""One root for every error derivcheck raises on purpose."""


class DerivcheckError(Exception):
    """Base of all derivcheck errors."""


class InvalidClaim(DerivcheckError, TypeError):
    """A claim is ill-formed: undeclared symbol, bad domain, not a relation."""


class LatexParseError(DerivcheckError, ValueError):
    """A LaTeX statement could not be parsed; the message gives the column."""


class AnswerFileError(DerivcheckError, ValueError):
    """An answer file is not valid TOML or does not follow the format."""


class LatexEngineMissing(DerivcheckError, RuntimeError):
    """No LaTeX engine (latexmk or pdflatex) is installed to build the PDF."""


class LatexCompileError(DerivcheckError, RuntimeError):
    """The LaTeX engine reported errors; the message holds the log's error lines."""
