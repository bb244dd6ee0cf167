"""Ordered proximity (CINAHL ``W3``): a left word within N words *before* a right word.

FTS5's NEAR finds words near each other in any order; the practice database uses it to find
candidates and this module checks the order word by word, in the same field.

Example::

    >>> record = Record(id="r", title="falls prevention in care homes")
    >>> ordered_match(record, ("title",), [[("falls", False)]], [[("care", False)]], 2)
    True
    >>> ordered_match(record, ("title",), [[("care", False)]], [[("falls", False)]], 2)
    False
"""

from __future__ import annotations

from ..records import Record
from .tokenise import _WORD, ITEM_SEPARATOR, fold

# One alternative: its words in order, each with True when it is a truncated stem.
Pattern = list[tuple[str, bool]]


def _column_text(record: Record, column: str) -> str:
    values = {
        "title": record.title,
        "abstract": record.abstract,
        "keywords": ITEM_SEPARATOR.join(record.keywords),
        "headings": ITEM_SEPARATOR.join(h.lstrip("*") for h in record.headings),
        "pubtypes": ITEM_SEPARATOR.join(record.publication_types),
        "authors": ITEM_SEPARATOR.join(record.authors),
        "journal": ITEM_SEPARATOR.join(j for j in (record.journal, record.journal_abbreviation) if j),
        "language": record.language,
    }
    return values.get(column, "")


def _starts(tokens: list[str], pattern: Pattern) -> list[int]:
    """Positions where ``pattern`` starts in ``tokens``."""
    found = []
    for i in range(len(tokens) - len(pattern) + 1):
        if all(tokens[i + k].startswith(w) if prefix else tokens[i + k] == w
               for k, (w, prefix) in enumerate(pattern)):
            found.append(i)
    return found


def ordered_match(record: Record, columns: tuple[str, ...], left: list[Pattern],
                  right: list[Pattern], distance: int) -> bool:
    """True when some left alternative ends at most ``distance`` words before a right one starts."""
    for column in columns:
        tokens = _WORD.findall(fold(_column_text(record, column)))
        if not tokens:
            continue
        for lp in left:
            ends = [s + len(lp) for s in _starts(tokens, lp)]
            if not ends:
                continue
            for rp in right:
                for start in _starts(tokens, rp):
                    if any(0 <= start - end <= distance for end in ends):
                        return True
    return False
