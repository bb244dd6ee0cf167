"""What a syntax can express, as far as translating into it needs to know.

Each syntax module declares its ``TARGET`` beside its ``NAME`` and ``LABEL`` (see
:mod:`searchcraft.query`), so the translator learns about a new syntax from the syntax's own module.

Example::

    >>> from searchcraft.query import europepmc
    >>> europepmc.TARGET.history, europepmc.TARGET.proximity
    (False, 'none')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Target:
    """What a syntax can express: ``name`` is the label a learner reads (``"Europe PMC"``).

    ``fields``: the canonical field names it can search; ``proximity``: ``"near"`` (any
    sub-query, Ovid ``adjN``), ``"phrase"`` (PubMed's words-only ``"a b"[tiab:~N]``) or ``"none"``;
    ``wildcards``: Ovid-style ``?`` and ``#`` inside words and ``$n``; ``history``: numbered lines
    that later lines can combine; ``unfielded``: what it does with words typed without a field;
    ``headings``: the subject headings it searches (a heading carried between two vocabularies gets
    a warning); ``subheadings``: whether a heading can carry a subheading (``Lasers/du``);
    ``years_only``: the date fields it limits by year only; ``min_stem``: the fewest characters it
    allows before a truncation ``*``.
    """

    name: str
    fields: frozenset[str]
    proximity: Literal["near", "phrase", "none"]
    wildcards: bool
    history: bool
    unfielded: str = ""
    headings: str = "MeSH"
    subheadings: bool = True
    years_only: frozenset[str] = frozenset()
    min_stem: int = 0
