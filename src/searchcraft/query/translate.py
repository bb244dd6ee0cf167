"""Translate a query from one database's syntax to another's, saying what could not be carried over.

Every syntax parses to the same AST, so translating is: parse the source, *adapt* the tree to what
the target can express, print it. Adapting is where meaning can change, and each change becomes a
warning a learner can read, e.g.::

    >>> result = translate_query("(fall$ adj3 prevent$).ti,ab.", "ovid", "pubmed")
    >>> result.text
    'fall*[tiab] AND prevent*[tiab]'
    >>> print(result.warnings[0])  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    Ovid's adj3 (within 3 words) has no exact PubMed equivalent here: ... Translated as AND, which
    finds more records (the words may be anywhere in the title or abstract).

What the adapter knows about each target (checked against each database's help; see the docstrings of
:mod:`~searchcraft.query.ovid`, :mod:`~searchcraft.query.europepmc`, :mod:`~searchcraft.query.cinahl`,
:mod:`~searchcraft.query.pubmed`):

- **fields** it can search, and the nearest field for the others (Ovid ``.mp.`` -> PubMed ``[tw]``,
  exploded heading -> Europe PMC ``MESH_HEADING:`` without the narrower headings...);
- **proximity**: Ovid ``adjN`` and CINAHL ``Nn`` take any sub-query; PubMed's ``"a b"[tiab:~N]`` only
  takes words or phrases in ``[ti]``, ``[tiab]`` and ``[ad]``; Europe PMC gets ``AND``;
- **wildcards**: Ovid's ``?`` (one optional character), ``#`` (one character) and ``$n`` (limited
  truncation) exist only in Ovid and CINAHL; elsewhere they become end truncation or are dropped;
- **history**: Europe PMC has none, so references are written out in full (see
  :mod:`~searchcraft.query.strategy`).

Precedence is handled by the printers, which bracket every compound part, and by the parsers, which
warn when a source query relied on its database's precedence rules.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from types import ModuleType

from ..errors import QueryError
from . import syntax_module, syntaxes
from .ast import (
    And,
    Field,
    HistoryRef,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Proximity,
    Range,
    Term,
    TreeTransformer,
    TreeVisitor,
    Truncated,
    Word,
    history_refs,
)
from .fields import FIELDS
from .strategy import Strategy, StrategyLine, number_list, parse_strategy, renumbered, substitute
from .target import Target


@functools.cache
def _syntax_modules() -> tuple[ModuleType, ...]:
    """Every syntax module, in the order lists show them (each module's ``ORDER``: PubMed first)."""
    return tuple(sorted((syntax_module(name) for name in syntaxes()), key=lambda module: int(module.ORDER)))


@functools.cache
def names() -> dict[str, str]:
    """How each syntax is named to a learner (each syntax module's ``NAME`` and ``LABEL``), PubMed
    first; also importable as ``NAMES``.

    >>> names()["europepmc"]
    'Europe PMC'
    """
    return {str(module.NAME): str(module.LABEL) for module in _syntax_modules()}


def __getattr__(attribute: str) -> dict[str, str]:
    # NAMES is read from the syntax modules when first asked for, not while this module is being
    # imported: finding the syntaxes imports the package's other modules, some of which import this one.
    if attribute == "NAMES":
        return names()
    raise AttributeError(f"module {__name__!r} has no attribute {attribute!r}")

#: A wildcard inside a word becomes truncation at the wildcard only when at least this many
#: characters come before it (PubMed's shortest stem; shorter stems find too much anywhere).
MIN_WILDCARD_STEM = 4

#: At most this many word pairs are written out when a proximity search of two OR lists is
#: translated into PubMed's pairwise proximity.
MAX_PAIRS = 12


@dataclass(frozen=True)
class TranslationWarning:
    """Something that could not be carried over exactly, on ``line`` of the strategy (if known).

    ``position`` is where the search term it is about starts in that line's text (or in the query),
    0-based, when the parser recorded it: a learner can be shown the very term.
    """

    message: str
    line: int | None = None
    position: int | None = None

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(frozen=True)
class Translation:
    """The translated ``text`` and the ``warnings`` a learner should read before running it."""

    text: str
    warnings: list[TranslationWarning] = field(default_factory=list)

    def report(self) -> str:
        """The translation followed by its warnings, as the command line prints it."""
        if not self.warnings:
            return self.text
        lines = [self.text, "", "Warnings:"] + [f"- {w}" for w in self.warnings]
        return "\n".join(lines)


def _targets() -> dict[str, Target]:
    return {module.NAME: module.TARGET for module in _syntax_modules()}


# Nearest field when a target lacks one, with what the learner should know about the change.
FALLBACKS: dict[str, list[tuple[str, str]]] = {
    "tw": [("tw", ""), ("all", "searched in all fields, which finds more records")],
    "tiab": [("tw", "searched as text words, which also searches headings and finds more records")],
    "mh": [("mh:noexp", "searched as the heading alone: the narrower headings below it are not "
                        "included (add them with OR)")],
    "majr": [("majr:noexp", "searched as the major heading alone: the narrower headings are not "
                            "included"),
             ("mh", "searched as any heading, not only a major topic, which finds more records")],
    "majr:noexp": [("mh:noexp", "searched as any heading, not only a major topic, which finds more "
                                "records")],
    "mh:noexp": [("mh", "searched with the narrower headings as well (exploded), which finds more "
                        "records")],
    "sh": [("all", "searched in all fields, as this database has no subheading field")],
    "edat": [("dp", "searched by publication date instead of the date the record was added")],
    "kw": [("tw", "searched as text words, which finds more records"),
           ("all", "searched in all fields, which finds more records")],
    "ovid.ot": [("ti", "searched in the title (Ovid's .ot. is the title in the original language)")],
    "ovid.xs": [("sh", "searched as a subheading without Ovid's explosion of subheadings")],
    "ad": [("all", "searched in all fields, which finds more records")],
    "crdt": [("edat", "searched by the date the record was added instead of the date it was "
                      "created, which is nearly always the same"),
             ("dp", "searched by publication date instead of the date the record was created")],
    "mhda": [("edat", "searched by the date the record was added instead of the date its "
                      "headings were added"),
             ("dp", "searched by publication date instead of the date the headings were added")],
    "1au": [("au", "searched as any author, not only the first, which finds more records")],
    "lastau": [("au", "searched as any author, not only the last, which finds more records")],
}
DATE_FIELDS = {"dp", "edat", "crdt", "mhda"}
# Fields that filter rather than search: with no equivalent, they are left out.
DROPPED = {"ovid.limit", "sb"}


class _Adapter(TreeVisitor["Node | None"]):
    """Rewrites a tree for one target, collecting warnings (plain sentences, each with the position
    in the source text of the node being rewritten when it was raised)."""

    def __init__(self, target: Target, source_name: str, keep_history: bool = False,
                 source_syntax: str = "") -> None:
        self.target, self.source_name = target, source_name
        self.keep_history, self.source_syntax = keep_history, source_syntax
        self.warnings: list[tuple[str, int | None]] = []
        self.fields: tuple[str, ...] = ()   # the fields the node being rewritten is searched in
        self.at: int | None = None          # where the node being rewritten starts in the text
        # the subject headings the source searches (MeSH unless its module says otherwise)
        self.source_headings = (syntax_module(source_syntax).TARGET.headings if source_syntax in names()
                                else "MeSH")

    def warn(self, message: str) -> None:
        if all(message != known for known, _ in self.warnings):
            self.warnings.append((message, self.at))

    def adapt(self, node: Node, fields: tuple[str, ...] = ()) -> Node | None:
        """``node``, searched in ``fields``, rewritten for the target (None: nothing is left)."""
        saved = self.fields, self.at
        self.fields = fields
        if node.position is not None:
            self.at = node.position
        try:
            return self.visit(node)
        finally:
            self.fields, self.at = saved

    def visit_combination(self, node: And | Or) -> Node | None:
        children = [c for c in (self.adapt(child, self.fields) for child in node.children) if c is not None]
        if not children:
            return None
        return children[0] if len(children) == 1 else node.rebuilt(children)

    def visit_not(self, node: Not) -> Node | None:
        left, right = self.adapt(node.left, self.fields), self.adapt(node.right, self.fields)
        if left is None or right is None:
            return left
        return node.rebuilt((left, right))

    def visit_field(self, node: Field) -> Node | None:
        return self.field(node)

    def visit_near(self, node: Near) -> Node | None:
        return self.near(node, self.fields)

    def visit_proximity(self, node: Proximity) -> Node | None:
        return self.proximity(node, self.fields)

    def visit_history_ref(self, node: HistoryRef) -> Node | None:
        if not self.target.history and not self.keep_history:
            raise QueryError(f"{self.target.name} has no search history, so #{node.number} "
                             "cannot be translated on its own.",
                             hint="Translate the whole strategy, so that references are written out.")
        return node

    def visit_term(self, node: Word) -> Node | None:
        if not self.fields and self.source_syntax == "ovid" and self.target.name != "Ovid":
            self.warn("Words without a field suffix are searched differently: Ovid searches "
                      "them in its default fields (.mp.), while "
                      f"{self.target.unfielded or self.target.name + ' uses its defaults'}. "
                      "Add a field (e.g. .ti,ab.) to say where they should be searched.")
        return self.word(node)

    visit_truncated = visit_phrase = visit_term

    def generic_visit(self, node: Node) -> Node | None:  # a Range outside a field
        return node

    # --- fields ---------------------------------------------------------------------------------

    def field(self, node: Field) -> Node | None:
        names: list[str] = []
        for name in node.fields:
            mapped = self.field_name(name, node.child)
            if mapped is None:
                continue
            if mapped not in names:
                names.append(mapped)
        if not names:
            return None
        if "all" in names and len(names) > 1:
            names = ["all"]
        child = node.child
        headings = set(names) & {"mh", "mh:noexp", "majr", "majr:noexp"}
        if isinstance(child, Phrase) and "/" in child.text and headings:
            child = self.subheading(child)
        if headings and self.target.headings != self.source_headings:
            heading = child.text if isinstance(child, (Phrase, Term)) else "this heading"
            self.warn(f"'{heading}' is carried over as written, but CINAHL Subject Headings are not "
                      "MeSH headings: look it up in the target database's headings before running it.")
        if isinstance(child, Range):
            if not set(names) <= DATE_FIELDS:
                self.warn(f"The range {child.start} to {child.end} in {self.source_name}'s "
                          f"{self.label(node.fields[0])} has no equivalent in {self.target.name}; "
                          "it was left out, which finds more records.")
                return None
            child = self.range(child, names)
        if names == ["all"] and "all" not in self.target.fields:
            return self.adapt(child, ())
        adapted = self.adapt(child, tuple(names))
        if adapted is None:
            return None
        if isinstance(adapted, Field):  # a Near rewritten into per-field proximity searches
            return adapted
        if isinstance(adapted, Or) and all(isinstance(c, Field) for c in adapted.children) and isinstance(child, Near):
            return adapted
        return Field(adapted, tuple(names))

    def field_name(self, name: str, child: Node) -> str | None:
        if name in self.target.fields:
            return name
        label = self.label(name)
        if name in DROPPED:
            text = child.text if isinstance(child, (Phrase, Term)) else str(child)
            what = "limit" if name == "ovid.limit" else "filter"
            self.warn(f"{self.source_name}'s {what} '{text}' has no equivalent in {self.target.name}; "
                      "it was left out, so this line finds more records. Apply the matching filter "
                      "by hand.")
            return None
        if name == "tiab" and {"ti", "ab"} <= self.target.fields:
            return "tiab"
        for candidate, why in FALLBACKS.get(name, []):
            if candidate in self.target.fields or candidate == "all":
                if why:
                    self.warn(f"{self.source_name}'s {label} has no exact equivalent in "
                              f"{self.target.name}; {why}.")
                return candidate
        self.warn(f"{self.source_name}'s {label} has no equivalent in {self.target.name}; "
                  "searched in all fields, which finds more records.")
        return "all"

    def label(self, name: str) -> str:
        """How the learner wrote the field in the source: Ovid ``.mp.``, PubMed ``[tw]``..."""
        described = FIELDS[name].label if name in FIELDS else SOURCE_LABELS.get(name, name)
        code = _source_code(self.source_syntax, name)
        return f"field {code} ({described})" if code else f"field '{described}'"

    def subheading(self, heading: Phrase) -> Phrase:
        if self.target.subheadings:
            return heading
        name, _, sub = heading.text.partition("/")
        if not name.strip():
            return heading
        self.warn(f"The subheading '/{sub}' of '{name}' cannot be searched in {self.target.name}; "
                  "the heading is searched without it, which finds more records.")
        return Phrase(name)

    def range(self, value: Range, names: list[str]) -> Range:
        if set(names) <= self.target.years_only:
            start, end = value.start[:4], value.end[:4]
            if (start, end) != (value.start, value.end):
                self.warn(f"The dates {value.start} to {value.end} were shortened to the years "
                          f"{start} to {end}, as {self.target.name} limits by year.")
            return Range(start, end)
        return value

    # --- words and wildcards --------------------------------------------------------------------

    def word(self, node: Word) -> Word:
        if isinstance(node, Phrase):
            result = self._word(node)
            if not any(c.isalnum() for c in _text(result)):
                raise QueryError(f"The phrase \"{node.text}\" has no letters or digits to search.")
            return result
        result = self._word(node)
        text = result.stem if isinstance(result, Truncated) else result.text
        if not any(c.isalnum() for c in text):
            raise QueryError(f"'{text}' has no letters or digits to search in {self.target.name}.",
                             hint="Search a word, e.g. fall* rather than a lone symbol.")
        return result

    def _word(self, node: Word) -> Word:
        if self.target.wildcards:
            return node
        if isinstance(node, Phrase):
            words = [self.phrase_word(w) for w in node.text.split(" ")]
            return Phrase(" ".join(words))
        text = node.text if isinstance(node, Term) else node.stem
        truncated = isinstance(node, Truncated)
        limited = re.fullmatch(r"(.+?)[$*:](\d+)", text) if isinstance(node, Term) else None
        if limited:
            self.warn(f"'{text}' uses Ovid's limited truncation (at most {limited.group(2)} more "
                      f"characters), which {self.target.name} lacks; translated as "
                      f"{limited.group(1)}*, which finds more records.")
            text, truncated = limited.group(1), True
        wildcard = re.search(r"[?#*]", text)
        if wildcard is None:
            if truncated and len(text) < self.target.min_stem:
                self.warn(f"{self.target.name} needs at least {self.target.min_stem} letters before a *, "
                          f"so '{text}*' was translated as the word {text} alone, which misses its other endings. "
                          "Add the forms you need with OR.")
                return Term(text)
            return Truncated(text) if truncated else Term(text)
        before = text[: wildcard.start()]
        original = text + ("*" if truncated else "")
        if not re.sub(r"[?#*$]", "", text):
            raise QueryError(f"'{original}' is only wildcards: there is no word to search.",
                             hint="Put the wildcard inside or after a word, e.g. colo?r.")
        if len(before) >= max(self.target.min_stem, MIN_WILDCARD_STEM):
            self.warn(f"'{original}' uses a wildcard inside the word, which {self.target.name} "
                      f"lacks; translated as {before}*, which finds more records.")
            return Truncated(before)
        shorter = re.sub(r"[?#*]", "", text)
        if re.search(r"[#*]", text):
            self.warn(f"'{original}' uses a wildcard too early in the word for "
                      f"{self.target.name}; translated as {shorter}{'*' if truncated else ''}, which "
                      "misses the spellings the wildcard stood for. Add them with OR.")
        else:
            self.warn(f"'{original}' uses an optional-character wildcard (?) too early in the word "
                      f"for {self.target.name}; translated as {shorter}{'*' if truncated else ''}, "
                      "which misses the spelling with the extra letter. Add it with OR.")
        return Truncated(shorter) if truncated else Term(shorter)

    def phrase_word(self, word: str) -> str:
        star = word.endswith("*")
        node = self._word(Truncated(word[:-1]) if star else Term(word))
        return node.stem + "*" if isinstance(node, Truncated) else node.text

    # --- proximity ------------------------------------------------------------------------------

    def near(self, node: Near, fields: tuple[str, ...]) -> Node | None:
        operator = "adj" if node.ordered and node.distance == 0 else f"adj{node.distance + 1}"
        what = (f"{self.source_name}'s {operator}"
                if self.source_name == "Ovid" else f"{self.source_name}'s proximity operator")
        within = f"within {node.distance + 1} words" if not node.ordered else "next to each other, in order"
        if self.target.proximity == "phrase" and fields and not node.ordered:
            chain = _chain_words(node)
            if chain is not None and len(chain) > 2 and all(
                    FIELDS.get(f) is not None and FIELDS[f].proximity for f in fields):
                self.warn(f"{what} joins {len(chain)} words in a chain; PubMed's proximity search of "
                          f"all {len(chain)} words ({' '.join(chain)}, at most {node.distance} "
                          "between) is close to it but not identical.")
                return Field(Proximity(" ".join(chain), node.distance), fields)
        left, right = self.adapt(node.left, fields), self.adapt(node.right, fields)
        if left is None or right is None:  # one side was left out (with a warning): the other remains
            return left or right
        if self.target.proximity == "near":
            return Near(left, right, node.distance, node.ordered)
        if node.ordered and node.distance == 0:
            phrase = _as_phrase(left, right)
            if phrase is not None:
                return phrase
        if self.target.proximity == "phrase" and fields and all(
            FIELDS.get(f) is not None and FIELDS[f].proximity for f in fields
        ):
            lefts, rights = _alternatives(left), _alternatives(right)
            if lefts and rights and len(lefts) * len(rights) <= MAX_PAIRS:
                truncated = any(isinstance(x, Truncated) for x in lefts + rights)
                if not truncated:
                    pairs = [Field(Proximity(f"{_text(a)} {_text(b)}", node.distance), fields)
                             for a, b in itertools.product(lefts, rights)]
                    if node.ordered:
                        self.warn(f"{what} ({within}) keeps word order; PubMed's proximity search "
                                  "ignores the order, which finds more records.")
                    elif len(pairs) > 1:
                        self.warn(f"{what} between lists of words was written out as "
                                  f"{len(pairs)} PubMed proximity searches, one per pair of words.")
                    return pairs[0] if len(pairs) == 1 else Or(tuple(pairs))
            self.warn(f"{what} ({within}) has no exact PubMed equivalent here: PubMed's proximity "
                      "search is written for whole words in quotes, and the kit does not put "
                      "truncated words or nested groups in it. Translated as AND, which finds more "
                      f"records (the words may be anywhere in the {_field_words(fields)}).")
            return And((left, right))
        self.warn(f"{what} ({within}) has no equivalent in {self.target.name}"
                  f"{' without a title or abstract field' if self.target.proximity == 'phrase' else ''}"
                  "; translated as AND, which finds more records.")
        return And((left, right))

    def proximity(self, node: Proximity, fields: tuple[str, ...]) -> Node:
        words = [self.word(_word(w)) for w in node.text.split()]
        if self.target.proximity == "phrase":
            return Proximity(node.text, node.distance)
        if self.target.proximity == "near" and len(words) >= 2:
            result: Node = words[0]
            for word in words[1:]:
                result = Near(result, word, node.distance)
            if len(words) > 2:
                self.warn(f"PubMed's proximity search of {len(words)} words was written as a chain "
                          "of two-word proximity searches, which is close but not identical.")
            return result
        self.warn(f"PubMed's proximity search \"{node.text}\"[~{node.distance}] has no equivalent in "
                  f"{self.target.name}; translated as AND, which finds more records.")
        return And(tuple(words)) if len(words) > 1 else words[0]


SOURCE_LABELS = {
    "ovid.ot": "original title",
    "ovid.xs": "exploded subheading",
    "ovid.limit": "limit",
}


def _source_code(syntax: str, name: str) -> str:
    """The field as written in ``syntax``: ``.mp.`` for Ovid, ``[tw]`` for PubMed, ``KW:``..."""
    if syntax not in names():
        return ""
    code: str = syntax_module(syntax).field_code(name)
    return code


def _word(text: str) -> Word:
    return Truncated(text[:-1]) if text.endswith("*") else Term(text)


class _ChainWords(TreeVisitor["list[str] | None"]):
    """``a adj2 b adj2 c`` (plain words, one distance) -> ['a', 'b', 'c']; None otherwise."""

    def visit_term(self, node: Term | Phrase) -> list[str] | None:
        return None if re.search(r"[?#*$]", node.text) else node.text.split()

    visit_phrase = visit_term

    def visit_near(self, node: Near) -> list[str] | None:
        if node.ordered or any(isinstance(side, Near) and side.distance != node.distance
                               for side in (node.left, node.right)):
            return None
        left, right = self.visit(node.left), self.visit(node.right)
        return left + right if left is not None and right is not None else None

    def generic_visit(self, node: Node) -> list[str] | None:
        return None


def _chain_words(node: Node) -> list[str] | None:
    return _ChainWords().visit(node)


class _Alternatives(TreeVisitor[list[Word]]):
    """The words an OR list offers (``(a or b)`` -> [a, b]); [] when it is not a plain list."""

    def visit_term(self, node: Word) -> list[Word]:
        return [node]

    visit_phrase = visit_truncated = visit_term

    def visit_or(self, node: Or) -> list[Word]:
        result: list[Word] = []
        for child in node.children:
            alternatives = self.visit(child)
            if not alternatives:
                return []
            result.extend(alternatives)
        return result

    def generic_visit(self, node: Node) -> list[Word]:
        return []


def _alternatives(node: Node) -> list[Word]:
    return _Alternatives().visit(node)


def _text(node: Word) -> str:
    return node.stem + "*" if isinstance(node, Truncated) else node.text


def _as_phrase(left: Node, right: Node) -> Phrase | None:
    if isinstance(left, (Term, Phrase, Truncated)) and isinstance(right, (Term, Phrase, Truncated)):
        return Phrase(f"{_text(left)} {_text(right)}")
    return None


def _field_words(fields: tuple[str, ...]) -> str:
    if not fields:
        return "record"
    return " or ".join(FIELDS[f].label.lower().replace("/", " or ") if f in FIELDS else f for f in fields)


# --- public API ---------------------------------------------------------------------------------

def _target(to: str) -> Target:
    targets = _targets()
    if to not in targets:
        raise QueryError(f"Cannot translate to '{to}'.", hint=f"Choose one of: {', '.join(targets)}.")
    return targets[to]


def has_history(syntax: str) -> bool:
    """Whether ``syntax`` can refer to earlier lines (Europe PMC cannot)."""
    return _target(syntax).history


def adapt(node: Node, to: str, *, from_: str = "pubmed",
          keep_history: bool = False) -> tuple[Node | None, list[tuple[str, int | None]]]:
    """Rewrite ``node`` so that syntax ``to`` can print it; returns the tree and the warnings, each a
    sentence and the position in the source text of the term it is about (None if unknown).

    ``keep_history`` leaves references in place even for a target without history (the strategy
    translator writes them out afterwards).
    """
    adapter = _Adapter(_target(to), names().get(from_, from_), keep_history, from_)
    return adapter.adapt(node), adapter.warnings


def translate_node(node: Node, to: str, *, from_: str = "pubmed", line: int | None = None) -> Translation:
    """Print an already parsed tree in syntax ``to``, with the warnings of the adaptation."""
    adapted, messages = adapt(node, to, from_=from_)
    if adapted is None:
        raise QueryError("Nothing of this search can be expressed in " + names().get(to, to) + ".")
    text = syntax_module(to).render(adapted)
    return Translation(text, [TranslationWarning(m, line, at) for m, at in messages])


def translate_query(text: str, from_: str, to: str, *, history: set[int] | None = None,
                    line: int | None = None) -> Translation:
    """Translate one query (one line of a strategy) from syntax ``from_`` to syntax ``to``.

    The source's own parse warnings (a missing full stop, precedence it relied on) come first.
    """
    parsed = syntax_module(from_).analyse(text, history=history)
    source = [TranslationWarning(f"In the {names().get(from_, from_)} query: {w.message}", line, w.position)
              for w in parsed.warnings]
    result = translate_node(parsed.node, to, from_=from_, line=line)
    return Translation(result.text, source + result.warnings)


def translate(text: str, from_: str, to: str) -> Translation:
    """Translate a query or a whole multi-line strategy (history references renumbered).

    >>> translate("exp Falls, Accidental/", "ovid", "pubmed").text
    '"Falls, Accidental"[mh]'
    """
    if len([line for line in text.splitlines() if line.strip()]) > 1:
        return translate_strategy(text, from_, to)
    return translate_query(text.strip(), from_, to)


def render_strategy(strategy: Strategy, syntax: str | None = None) -> str:
    """Print a strategy one line per search, numbered 1..n (references renumbered to match).

    Syntaxes without a history (Europe PMC) get each line written out in full.
    """
    return translate_parsed(strategy, syntax or strategy.syntax).text


def translate_strategy(text: str, from_: str, to: str) -> Translation:
    """Translate a whole strategy line by line; warnings carry the (new) line numbers.

    >>> print(translate_strategy("exp Falls, Accidental/\\nfall$.ti,ab.\\nor/1-2", "ovid", "pubmed").text)
    "Falls, Accidental"[mh]
    fall*[tiab]
    #1 OR #2
    """
    return translate_parsed(parse_strategy(text, from_), to)


def translate_parsed(strategy: Strategy, to: str) -> Translation:
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
                f"In the {names().get(from_, from_)} line: {warning.message}", line.number, warning.position))
        node, messages = adapt(line.node, to, from_=from_, keep_history=True)
        if node is None:
            raise QueryError(f"Line {line.number} cannot be expressed in {names().get(to, to)}.")
        warnings.extend(TranslationWarning(m, line.number, at) for m, at in messages)
        warnings.extend(_limit_notes(line, from_, to))
        adapted[line.number] = node
        if not history and history_refs(node):
            numbers = sorted(history_refs(node))
            node = substitute(node, adapted)
            adapted[line.number] = node
            several = len(numbers) > 1
            warnings.append(TranslationWarning(
                f"{names().get(to, to)} has no search history, so line{'s' if several else ''} "
                f"{number_list(numbers)} {'were' if several else 'was'} written out in full here.",
                line.number))
        try:
            texts.append(module.render(node))
        except QueryError as error:
            raise QueryError(f"Line {line.number}: {error.message}", hint=error.hint) from error
    return Translation("\n".join(texts), warnings)


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


def canonical_form(node: Node) -> Node:
    """The form in which two trees are compared for meaning: fields pushed down to each term,
    title+abstract as ``tiab``, several fields as an OR, nested AND/OR lists flattened.

    Two syntaxes print the same search differently (``(a or b).ti.`` and ``a[ti] OR b[ti]``);
    their canonical forms are equal.
    """
    return _Canonical().visit(node)


class _Canonical(TreeTransformer):
    """See :func:`canonical_form`; ``fields`` are those of the nearest Field above."""

    def __init__(self) -> None:
        self.fields: tuple[str, ...] = ()

    def within(self, node: Node, fields: tuple[str, ...]) -> Node:
        saved, self.fields = self.fields, fields
        try:
            return self.visit(node)
        finally:
            self.fields = saved

    def visit_field(self, node: Field) -> Node:
        names = tuple(dict.fromkeys(node.fields))
        if set(names) >= {"ti", "ab"}:
            names = tuple(n for n in names if n not in ("ti", "ab")) + ("tiab",)
        return self.within(node.child, names)

    def visit_combination(self, node: And | Or) -> Node:
        children: list[Node] = []
        for child in node.children:
            child = self.visit(child)
            children.extend(child.children if isinstance(child, type(node)) else (child,))
        return children[0] if len(children) == 1 else type(node)(tuple(children))

    def visit_not(self, node: Not) -> Node:
        return Not(self.visit(node.left), self.visit(node.right))

    def visit_near(self, node: Near) -> Node:
        phrase = _as_phrase(node.left, node.right) if node.ordered and node.distance == 0 else None
        if phrase is not None:  # Ovid's plain adj is a phrase
            return self.in_fields(phrase)
        return self.in_fields(Near(self.within(node.left, ()), self.within(node.right, ()), node.distance,
                                   node.ordered))

    def visit_history_ref(self, node: HistoryRef) -> Node:
        return node

    def visit_query_node(self, node: Node) -> Node:  # a search term, a range, a proximity search
        return self.in_fields(node)

    def in_fields(self, node: Node) -> Node:
        fields = self.fields
        if not fields:
            return node
        if isinstance(node, Phrase) and " " not in node.text and not node.text.endswith("*"):
            node = Term(node.text)  # a one-word phrase in a field searches the word
        if len(fields) == 1:
            return Field(node, fields)
        return Or(tuple(Field(node, (f,)) for f in fields))
