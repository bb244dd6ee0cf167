"""Multi-line search strategies: numbered lines that build on each other, in any syntax.

A published strategy is a list of lines, each a search, later lines combining earlier ones by number
(Ovid ``1 or 2``, ``or/1-12``, ``limit 26 to ...``; PubMed ``#1 AND #3``). Here a
:class:`Strategy` holds each line's tree with its references as :class:`~searchcraft.query.ast.HistoryRef`,
so a strategy can be printed in another syntax line by line::

    >>> result = translate_strategy("exp Falls, Accidental/\\nfall$.ti,ab.\\nor/1-2", "ovid", "pubmed")
    >>> print(result.text)
    "Falls, Accidental"[mh]
    fall*[tiab]
    #1 OR #2

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

import re
from dataclasses import dataclass, field

from ..errors import QueryError, QuerySyntaxError
from . import syntax_module
from .ast import And, Field, HistoryRef, Near, Node, Not, Or, history_refs
from .parsed import QueryWarning
from .translate import NAMES, Translation, TranslationWarning, adapt, has_history

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

        >>> parse_strategy("falls.ti.\\n1 and exp Aged/", "ovid").expanded(2)
        And(children=(Field(child=Term(text='falls'), fields=('ti',)), Field(child=Phrase(text='Aged'), fields=('mh',))))
        """
        nodes: dict[int, Node] = {}
        for line in self.lines:
            nodes[line.number] = substitute(line.node, nodes)
            if line.number == number:
                return nodes[number]
        raise QueryError(f"The strategy has no line {number}.")


def substitute(node: Node, replacements: dict[int, Node]) -> Node:
    """Replace each ``HistoryRef(n)`` in ``node`` by ``replacements[n]`` (when present)."""
    if isinstance(node, HistoryRef):
        return replacements.get(node.number, node)
    if isinstance(node, (And, Or)):
        return type(node)(tuple(substitute(c, replacements) for c in node.children))
    if isinstance(node, Not):
        return Not(substitute(node.left, replacements), substitute(node.right, replacements))
    if isinstance(node, Near):
        return Near(substitute(node.left, replacements), substitute(node.right, replacements),
                    node.distance, node.ordered)
    if isinstance(node, Field):
        return Field(substitute(node.child, replacements), node.fields)
    return node


def _split(text: str) -> list[tuple[int, str]]:
    """The non-blank lines, with their numbers (written or implied)."""
    raw = [line for line in text.splitlines() if line.strip()]
    matches = [_NUMBERED.match(line) for line in raw]
    if raw and all(matches):
        numbers = [int(m.group(1)) for m in matches]  # type: ignore[union-attr]
        if all(b > a for a, b in zip(numbers, numbers[1:])) and numbers[0] >= 1:
            return [(n, _COUNT.sub("", m.group(2))) for n, m in zip(numbers, matches)]  # type: ignore[union-attr]
    return [(i, line.strip()) for i, line in enumerate(raw, 1)]


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


def render_strategy(strategy: Strategy, syntax: str | None = None) -> str:
    """Print a strategy one line per search, numbered 1..n (references renumbered to match).

    Syntaxes without a history (Europe PMC) get each line written out in full.
    """
    return translate_parsed(strategy, syntax or strategy.syntax).text


def translate_strategy(text: str, from_: str, to: str) -> Translation:
    """Translate a whole strategy line by line; warnings carry the (new) line numbers."""
    return translate_parsed(parse_strategy(text, from_), to, source=text)


def translate_parsed(strategy: Strategy, to: str, *, source: str = "") -> Translation:
    """Translate an already parsed :class:`Strategy` into syntax ``to``."""
    from_ = strategy.syntax
    strategy_in, mapping = renumbered(strategy)
    warnings: list[TranslationWarning] = []
    if any(old != new for old, new in mapping.items()):
        moved = ", ".join(f"{old}->{new}" for old, new in mapping.items() if old != new)
        warnings.append(TranslationWarning(
            f"The lines were renumbered 1 to {len(mapping)} and every reference updated ({moved})."))
    history = has_history(to)
    adapted: dict[int, Node] = {}
    texts: list[str] = []
    module = syntax_module(to)
    for line in strategy_in.lines:
        for warning in line.warnings:
            warnings.append(TranslationWarning(
                f"In the {NAMES.get(from_, from_)} line: {warning.message}", line.number))
        node, messages = adapt(line.node, to, from_=from_, keep_history=True)
        if node is None:
            raise QueryError(f"Line {line.number} cannot be expressed in {NAMES.get(to, to)}.")
        warnings.extend(TranslationWarning(m, line.number) for m in messages)
        warnings.extend(_limit_notes(line, from_, to))
        adapted[line.number] = node
        if not history and history_refs(node):
            numbers = sorted(history_refs(node))
            node = substitute(node, adapted)
            adapted[line.number] = node
            several = len(numbers) > 1
            warnings.append(TranslationWarning(
                f"{NAMES.get(to, to)} has no search history, so line{'s' if several else ''} "
                f"{number_list(numbers)} {'were' if several else 'was'} written out in full here.",
                line.number))
        try:
            texts.append(module.render(node))
        except QueryError as error:
            raise QueryError(f"Line {line.number}: {error.message}", hint=error.hint) from error
    return Translation("\n".join(texts), warnings, source, from_, to)


def number_list(numbers: list[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``'1-3, 5'``: line numbers as a learner reads them."""
    parts: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if parts and parts[-1][1] == number - 1:
            parts[-1] = (parts[-1][0], number)
        else:
            parts.append((number, number))
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in parts)


def _limit_notes(line: StrategyLine, from_: str, to: str) -> list[TranslationWarning]:
    if from_ != "ovid" or to == "ovid" or not re.match(r"\s*limit\b", line.text, re.IGNORECASE):
        return []
    if not re.search(r"\bhumans?\b", line.text, re.IGNORECASE):
        return []
    return [TranslationWarning(
        "Ovid's 'limit to humans' keeps only records indexed with the heading Humans, and so does "
        "this translation. It loses records not yet indexed; Cochrane's advice is to remove "
        f"animal-only studies instead: {_ref(line, to)} NOT (animals[mh] NOT humans[mh]).",
        line.number)]


def _ref(line: StrategyLine, to: str) -> str:
    refs = sorted(history_refs(line.node))
    if not refs:
        return "(the search)"
    return f"#{refs[0]}" if to == "pubmed" else str(refs[0])


__all__ = [
    "Strategy",
    "StrategyLine",
    "parse_strategy",
    "render_strategy",
    "renumbered",
    "substitute",
    "translate_parsed",
    "translate_strategy",
]
