"""What a parser hands back besides the tree: warnings about things it read but a learner should fix.

A warning is not an error: the query still runs, but the kit points at something a database would
read differently from what the learner probably meant (typographic quotes pasted from Word, a
lower-case ``or`` that PubMed searches as a word). Every syntax module's ``analyse()`` returns a
:class:`ParsedQuery`.

Example::

    >>> from searchcraft.query import analyse
    >>> parsed = analyse("“hand hygiene”[tiab]")
    >>> parsed.warnings[0].position
    0
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .ast import Node


@dataclass(frozen=True)
class QueryWarning:
    """Something in the query that works but deserves a look, at 0-based ``position`` in the text."""

    message: str
    position: int

    def __str__(self) -> str:
        return f"{self.message} (at position {self.position})"


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: the AST ``node`` and the ``warnings`` met on the way, in text order."""

    node: Node
    warnings: list[QueryWarning] = field(default_factory=list)
