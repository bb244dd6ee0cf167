"""Multi-line search strategies: numbered lines that build on each other, in any syntax.

A published strategy is a list of lines, each a search, later lines combining earlier ones by number
(Ovid ``1 or 2``, ``or/1-12``, ``limit 26 to ...``; PubMed ``#1 AND #3``). Here a
:class:`Strategy` holds each line's tree with its references as :class:`~searchcraft.query.ast.HistoryRef`,
so a strategy can be printed in another syntax line by line (:mod:`~searchcraft.query.translate`)::

    >>> from searchcraft.query.ast import history_refs
    >>> strategy = parse_strategy("exp Falls, Accidental/\\nfall$.ti,ab.\\nor/1-2", "ovid")
    >>> [line.number for line in strategy.lines], sorted(history_refs(strategy.lines[2].node))
    ([1, 2, 3], [1, 2])

Lines may be written bare (as in the Cochrane appendices) or with their numbers in front
(``1 exp Falls/``, ``#1 falls[tiab]``, ``S1 MH Falls``); numbers that skip (a PubMed history after
deletions: #1, #3, #7) are renumbered 1, 2, 3 and every reference is updated. Europe PMC has no
history, so references are written out in full there, with a warning.

On Ovid's ``limit N to humans``: it becomes ``#N AND Humans[mh]``, which is what Ovid's limit does
(records indexed with the heading Humans). The translation adds a note that Cochrane's Handbook
prefers excluding animal-only studies instead (``#N NOT (animals[mh] NOT humans[mh])``), which keeps
records not yet indexed; the kit does not make that change silently because it finds more records.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ..errors import QueryError, QuerySyntaxError
from . import syntax_module
from .ast import HistoryRef, Node, substitute
from .parsed import QueryWarning

_NUMBERED = re.compile(r"^\s*(?:#|S|s)?(\d+)[.):]?\s+(\S.*?)\s*$")
_COUNT = re.compile(r"\s+\(\s*[\d,]+\s*\)\s*$")


@dataclass(frozen=True)
class StrategyLine:
    """One numbered line: its ``number`` as written, its ``text``, its tree and parse warnings."""

    number: int
    text: str
    node: Node
    warnings: tuple[QueryWarning, ...] = ()


@dataclass(frozen=True)
class Strategy:
    """A whole strategy in one ``syntax``; ``lines`` in order, references as HistoryRef."""

    syntax: str
    lines: tuple[StrategyLine, ...] = field(default_factory=tuple)

    def line(self, number: int) -> StrategyLine:
        """The line numbered ``number`` (as written in the source)."""
        for line in self.lines:
            if line.number == number:
                return line
        raise QueryError(f"The strategy has no line {number}.")

    def expanded(self, number: int) -> Node:
        """Line ``number`` with every reference replaced by the search it refers to.

        >>> parse_strategy("falls.ti.\\n1 and exp Aged/", "ovid").expanded(2)  # doctest: +NORMALIZE_WHITESPACE
        And(children=(Field(child=Term(text='falls'), fields=('ti',)),
                      Field(child=Phrase(text='Aged'), fields=('mh',))))
        """
        nodes: dict[int, Node] = {}
        for line in self.lines:
            nodes[line.number] = substitute(line.node, nodes)
            if line.number == number:
                return nodes[number]
        raise QueryError(f"The strategy has no line {number}.")


def _split(text: str) -> list[tuple[int, str]]:
    """The non-blank lines, with their numbers (written or implied)."""
    raw = [line for line in text.splitlines() if line.strip()]
    matches = [_NUMBERED.match(line) for line in raw]
    if raw and all(matches):
        numbers = [int(m.group(1)) for m in matches]  # type: ignore[union-attr]
        if all(b > a for a, b in itertools.pairwise(numbers)) and numbers[0] >= 1:
            return [(n, _COUNT.sub("", m.group(2))) for n, m in zip(numbers, matches, strict=True)]  # type: ignore[union-attr]
    return [(i, line.strip()) for i, line in enumerate(raw, 1)]


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """The strategy's non-blank lines with their numbers: as written when every line is numbered
    (``1 exp Falls/``, ``S2 TI falls``, ``#3 #1 AND #2``, a count such as ``(542)`` dropped),
    otherwise 1, 2, 3 in order.

    >>> numbered_lines("S1 MH Falls (12)\\nS2 S1 AND TI exercise")
    [(1, 'MH Falls'), (2, 'S1 AND TI exercise')]
    >>> numbered_lines("falls.ti,ab.\\n\\n1 and exp Exercise/")
    [(1, 'falls.ti,ab.'), (2, '1 and exp Exercise/')]
    """
    return _split(text)


def parse_strategy(text: str, syntax: str = "ovid") -> Strategy:
    """Parse a whole strategy, one search a line; a line may only refer to earlier lines.

    A line that does not parse raises :class:`QuerySyntaxError` naming the line, with the position in
    that line.
    """
    module = syntax_module(syntax)
    lines: list[StrategyLine] = []
    seen: set[int] = set()
    for number, line_text in _split(text):
        try:
            parsed = module.analyse(line_text, history=set(seen))
        except QuerySyntaxError as error:
            raise QuerySyntaxError(f"Line {number}: {error.reason}", query=error.query,
                                   position=error.position, hint=error.hint) from error
        lines.append(StrategyLine(number, line_text, parsed.node, tuple(parsed.warnings)))
        seen.add(number)
    if not lines:
        raise QueryError("The strategy is empty.", hint="Give one search a line.")
    return Strategy(syntax, tuple(lines))


def renumbered(strategy: Strategy) -> tuple[Strategy, dict[int, int]]:
    """The strategy numbered 1, 2, 3... with references updated; also the old -> new mapping."""
    mapping = {line.number: i for i, line in enumerate(strategy.lines, 1)}
    refs = {n: HistoryRef(new) for n, new in mapping.items()}
    lines = tuple(StrategyLine(mapping[line.number], line.text, substitute(line.node, refs), line.warnings)
                  for line in strategy.lines)
    return Strategy(strategy.syntax, lines), mapping


def number_list(numbers: list[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``'1-3, 5'``: line numbers as a learner reads them."""
    parts: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if parts and parts[-1][1] == number - 1:
            parts[-1] = (parts[-1][0], number)
        else:
            parts.append((number, number))
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in parts)


__all__ = [
    "Strategy",
    "StrategyLine",
    "numbered_lines",
    "parse_strategy",
    "number_list",
    "renumbered",
    "substitute",
]
