"""Where a claim comes from: a document and the place in it, and what the student wrote there.

A ``Source`` names a *document* and the *question* as printed there. For the real homework
solutions the catalog was built from (the seed solutions, named by their file ids such as
``000_6df6721d1f90bea6``), it also carries an ``excerpt``: the formula exactly as the student wrote
it, a LaTeX substring copied verbatim from the document (a test finds each one there). Any other
document is a citation: a paper and its equation, a textbook section, a library's documentation.
``relation`` says how the claim relates to the question when it is not the question itself
("generalised to every n", "with a softplus hidden layer").

A claim has one or more sources (``Provenance``); a plain string is read as one source, so
``@identity("Lecture 3, slide 12")`` keeps working, and ``"000_6df6721d1f90bea6 Q2(l)"`` (a seed id,
a space, the question) is the compact form of ``Source("000_6df6721d1f90bea6", "Q2(l)")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

__all__ = ["Source", "Provenance", "provenance", "SEED_DOCUMENTS", "is_seed", "question_key"]

# The real solutions in ../shared/seeds, by file id: what each document is.
SEED_DOCUMENTS = {
    "000_6df6721d1f90bea6": "IFT6390 HW3 theory (Robles, Sanchez Fernandez, Patino) and its CIFAR-10 practical part",
    "001_f3dd82c44ac9967e": "AML Assignment 2 report (Montello, Russo, Cernigliaro)",
    "002_6e949c52396c1b69": "MLP regression and classification sheet (1.2-1.4)",
    "003_d2ed3d57994e6f10": "Machine Learning Assignment 2: Neural Networks (Palmiotto)",
    "004_b8fc60728ee9b039": "IFT6390 HW3 theory of another year (Q1 a-m, Q2 a-r, Q3 a-d)",
}
_SEED_ID = re.compile(r"^\d{3}_[0-9a-f]{16}$")


def is_seed(document: str) -> bool:
    """Whether ``document`` is a seed solution's file id (``000_6df6721d1f90bea6``)."""
    return bool(_SEED_ID.match(document))


@dataclass(frozen=True)
class Source:
    """One place a claim comes from.

    ``document``: a seed solution's file id, or a citation ("Goodfellow, Bengio & Courville, Deep
    Learning (2016)"). ``question``: the place in it, as printed there ("Q2(l)", "Question 2a",
    "§3.10, eq. (3.35)", "relationship 6"). ``excerpt``: for a seed, the formula as the student
    wrote it, copied verbatim (the student's answer, or the question's own formula when the claim
    is what the question gives). ``relation``: how the claim differs from the question, if it does.
    """

    document: str
    question: str = ""
    excerpt: str = ""
    relation: str = ""

    @classmethod
    def parse(cls, text: str) -> "Source":
        """``"000_6df6721d1f90bea6 Q2(l)"`` -> that seed and question; any other text is a citation."""
        text = text.strip()
        head, _, rest = text.partition(" ")
        if is_seed(head):
            return cls(head, rest.strip())
        return cls(text)

    @property
    def is_seed(self) -> bool:
        return is_seed(self.document)

    @property
    def title(self) -> str:
        """What the document is: the seed's description, or the citation itself."""
        return SEED_DOCUMENTS.get(self.document, self.document)

    @property
    def place(self) -> str:
        """The question, then how the claim relates to it: "Q1(k) (generalised to every n)"."""
        if self.relation:
            return f"{self.question} ({self.relation})" if self.question else self.relation
        return self.question

    def __str__(self) -> str:
        return _cite(self.document, [self.place])


class Provenance(tuple):
    """A claim's sources, in order (a tuple of ``Source``); prints as "A; B"."""

    def __new__(cls, sources: Iterable[Source] = ()):
        return super().__new__(cls, tuple(sources))

    def __str__(self) -> str:
        """Each document once, with its places: "000_6df6721d1f90bea6 Q2(h), Q2(i); Bishop, PRML, Exercise 3.1"."""
        places = {}
        for s in self:
            places.setdefault(s.document, []).append(s.place)
        return "; ".join(_cite(document, found) for document, found in places.items())

    def __repr__(self) -> str:
        return f"Provenance({tuple(self)!r})"

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.document for s in self))

    def cites(self, document: str) -> bool:
        """Whether any source's document contains ``document`` (ignoring case): a seed id or part of a citation."""
        key = document.lower()
        return any(key in s.document.lower() for s in self)

    def in_document(self, document: str) -> tuple[Source, ...]:
        key = document.lower()
        return tuple(s for s in self if key in s.document.lower())


def _cite(document: str, places: list[str]) -> str:
    places = [p for p in places if p]
    if not places:
        return document
    return f"{document}{' ' if is_seed(document) else ', '}{', '.join(places)}"


def provenance(value) -> Provenance:
    """A claim's ``source`` as given (a string, a ``Source``, or several) as a ``Provenance``."""
    if isinstance(value, Provenance):
        return value
    if value is None:
        return Provenance()
    if isinstance(value, (str, Source)):
        value = (value,)
    sources = []
    for item in value:
        if isinstance(item, Source):
            sources.append(item)
        elif isinstance(item, str):
            if item.strip():
                sources.append(Source.parse(item))
        else:
            raise TypeError(f"a source is a string or a Source, not {type(item).__name__}")
    return Provenance(sources)


def question_key(question: str) -> tuple:
    """Natural order of question labels: Q1(b) < Q1(k) < Q2(a) < Q10(a); "Question 2a" < "Question 2b"."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", question))
