"""Turns a query AST into a plan the practice database can run quickly.

Most strategies compile to **one FTS5 MATCH expression**: field tags become column filters
(``{title abstract keywords} : ...``), truncation becomes prefix tokens (``"nurs" *``), phrases
become FTS5 phrases, proximity becomes ``NEAR(...)``, and controlled fields become the codes
described in :mod:`searchcraft.practice.indexing`. AND, OR and NOT stay inside FTS5, so SQLite does
the set operations in C. Only what FTS5 cannot express (record identifiers, history lines already
run, ordered proximity) is a set of row numbers, combined with the rest by set operations.

Example (a :class:`~searchcraft.practice.PracticeDatabase` provides the lookups)::

    >>> from searchcraft.practice import PracticeDatabase
    >>> from searchcraft.query import parse
    >>> db = PracticeDatabase.from_records([{"id": "A", "title": "Hand hygiene", "year": 2019}])
    >>> QueryCompiler(db).compile(parse('"hand hygiene"[tiab] AND 2019[dp]')).plan
    Match(expression='({title abstract keywords} : ("hand hygiene")) AND ({codes} : ("dp2019"))')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ..errors import QueryError
from ..query.ast import And, Field, HistoryRef, Near, Node, Not, Or, Phrase, Proximity, Range, Term, Truncated
from .indexing import TEXT_COLUMNS, language_key, tree_code
from .tokenise import author_parts, fold, fts_string, normalise_name, words


class UnsupportedFieldError(QueryError):
    """A field tag the practice database does not index."""


@dataclass(frozen=True)
class Match:
    """A plan that is one FTS5 MATCH expression."""

    expression: str


@dataclass(frozen=True)
class Rows:
    """A plan that is an already known set of row numbers."""

    rows: frozenset[int]


Plan = Match | Rows
NOTHING = Rows(frozenset())

# Fields searched as words, and the FTS5 columns each covers. PubMed's [tiab] covers title,
# abstract and author keywords; [tw] adds headings and publication types; [all] adds the rest.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "all": TEXT_COLUMNS,
    "tw": ("title", "abstract", "keywords", "headings", "pubtypes"),
    "tiab": ("title", "abstract", "keywords"),
    "ti": ("title",),
    "ab": ("abstract",),
    "kw": ("keywords",),
}
CODE_FIELDS = ("mh", "mh:noexp", "majr", "majr:noexp", "au", "ta", "dp", "pt", "la", "pmid")

# Long PubMed tag names and a few synonyms, mapped to the short canonical names.
FIELD_ALIASES = {
    "all fields": "all", "text word": "tw", "text words": "tw", "title/abstract": "tiab",
    "title": "ti", "abstract": "ab", "other term": "kw", "ot": "kw", "keyword": "kw",
    "mesh": "mh", "mesh terms": "mh", "mesh terms:noexp": "mh:noexp", "mesh:noexp": "mh:noexp",
    "mesh major topic": "majr", "mesh major topic:noexp": "majr:noexp", "author": "au",
    "journal": "ta", "publication date": "dp", "pdat": "dp", "date - publication": "dp",
    "publication type": "pt", "language": "la", "uid": "pmid", "pubmed id": "pmid",
}


def canonical_field(name: str) -> str:
    """A field tag as the practice database names it (``"Title/Abstract"`` -> ``"tiab"``)."""
    key = name.strip().lower()
    key = FIELD_ALIASES.get(key, key)
    if key not in TEXT_FIELDS and key not in CODE_FIELDS:
        supported = ", ".join(f"[{f}]" for f in (*TEXT_FIELDS, *CODE_FIELDS))
        error = UnsupportedFieldError(
            f"The practice database cannot search the field [{name}]",
            hint=f"Use one of {supported}.",
        )
        error.field = key
        raise error
    return key


class Lookups(Protocol):
    """What the compiler asks the database (the vocabulary, codes, row numbers)."""

    vocabulary: object

    def term_code(self, kind: str, key: str) -> int | None: ...

    def term_codes_starting(self, kind: str, prefix: str) -> list[int]: ...

    def term_labels_starting(self, kind: str, prefix: str) -> list[str]: ...

    def rows_for_identifiers(self, identifiers: list[str]) -> frozenset[int]: ...

    def year_bounds(self) -> tuple[int, int] | None: ...

    def materialise(self, expression: str) -> frozenset[int]: ...

    def restrict(self, expression: str, rows: frozenset[int]) -> frozenset[int]: ...

    def ordered_near(self, expression: str, left: list, right: list, distance: int,
                     columns: tuple[str, ...]) -> frozenset[int]: ...

    def index_words_matching(self, patterns: list[str], columns: tuple[str, ...]) -> list[str]: ...


@dataclass
class Compilation:
    """The plan for a query and the index words it can match (for highlighting)."""

    plan: Plan
    words: set[str] = field(default_factory=set)
    prefixes: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)


_YEAR = re.compile(r"^\s*(\d{4})")
_SMALL_SET = 200  # up to this, a known row set filters an FTS5 query by rowid (measured)
# Ovid's wildcards, as the AST keeps them inside a Term (CINAHL's are swapped into this notation):
# "#" one character, "?" one character or none, "$n" (or "*n") up to n more characters at the end.
_WILDCARD = re.compile(r"[#?]|[$*]\d+$")
_LIMITED = re.compile(r"^(?P<stem>.+?)[$*](?P<n>\d+)$")
_MAX_EXPANSIONS = 500


def wildcard_patterns(text: str) -> list[str] | None:
    """SQLite GLOB patterns for a word with Ovid wildcards, or None when it has none.

    ``wom#n`` -> ``["wom?n"]``; ``colo?r`` -> ``["color", "colo?r"]`` (``?`` may be no letter);
    ``hypno$2`` -> ``["hypno", "hypno?", "hypno??"]``.

    >>> wildcard_patterns("randomi#ation")
    ['randomi?ation']
    """
    if not _WILDCARD.search(text):
        return None
    limit = 0
    match = _LIMITED.match(text)
    if match:
        text, limit = match.group("stem"), int(match.group("n"))
    text = fold(text)
    if re.search(r"[^\w#?]", text):
        raise QueryError(
            f"{text!r}: a wildcard word may only hold letters, digits, # and ?",
            hint="Write one word, e.g. wom#n or colo?r; search a phrase with the wildcard word "
                 "next to the other word (adj) instead.")
    patterns = [""]
    for char in text:
        if char == "#":
            patterns = [p + "?" for p in patterns]
        elif char == "?":
            patterns = [p + extra for p in patterns for extra in ("", "?")]
        else:
            patterns = [p + char for p in patterns]
    patterns = [p + "?" * extra for p in patterns for extra in range(limit + 1)]
    return list(dict.fromkeys(p for p in patterns if p.strip("?")))


class QueryCompiler:
    """Compiles AST nodes against one database's vocabulary and codes.

    ``history`` maps history line numbers to the plans of lines already run; a ``#N`` outside a
    history is an error, because only :class:`SearchHistory` knows what line N was.
    """

    def __init__(self, lookups: Lookups, history: Mapping[int, Plan] | None = None) -> None:
        self.lookups = lookups
        self.history = history
        self._words: set[str] = set()
        self._prefixes: set[tuple[str, tuple[str, ...]]] = set()
        self._near_columns: tuple[str, ...] = TEXT_COLUMNS

    def compile(self, node: Node) -> Compilation:
        self._words, self._prefixes = set(), set()
        plan = self._node(node, None)
        return Compilation(plan, self._words, self._prefixes)

    # -- structure ----------------------------------------------------------------------------
    def _node(self, node: Node, fields: tuple[str, ...] | None) -> Plan:
        if isinstance(node, And):
            return self._and([self._node(c, fields) for c in node.children])
        if isinstance(node, Or):
            return self._or([self._node(c, fields) for c in node.children])
        if isinstance(node, Not):
            left = self._node(node.left, fields)
            # words of the excluded side are not highlighted: they never appear in the results
            kept = set(self._words), set(self._prefixes)
            right = self._node(node.right, fields)
            self._words, self._prefixes = kept
            return self._not(left, right)
        if isinstance(node, Field):
            # an inner tag wins over an outer one, as in Ovid's (a or b.ti.).ab.
            return self._node(node.child, node.fields)
        if isinstance(node, HistoryRef):
            return self._history(node)
        return self._leaf(node, fields or ("all",))

    def _history(self, node: HistoryRef) -> Plan:
        if self.history is None:
            raise QueryError(
                f"#{node.number} refers to a line of a search history, but this search has none",
                hint="Run numbered searches in a SearchHistory, e.g. history.add('#1 AND #2').",
            )
        if node.number not in self.history:
            known = ", ".join(f"#{n}" for n in sorted(self.history)) or "none yet"
            raise QueryError(
                f"#{node.number} is not a line of this search history (lines: {known})",
                hint="Refer only to lines already in the history.",
            )
        return self.history[node.number]

    def _and(self, plans: list[Plan]) -> Plan:
        expressions = [p.expression for p in plans if isinstance(p, Match)]
        row_sets = sorted((p.rows for p in plans if isinstance(p, Rows)), key=len)
        if not row_sets:
            return Match(" AND ".join(f"({e})" for e in expressions))
        rows = row_sets[0].intersection(*row_sets[1:]) if len(row_sets) > 1 else row_sets[0]
        if not rows or not expressions:
            return Rows(frozenset(rows))
        expression = " AND ".join(f"({e})" for e in expressions)
        if len(rows) <= _SMALL_SET:
            return Rows(self.lookups.restrict(expression, frozenset(rows)))
        return Rows(frozenset(rows) & self.lookups.materialise(expression))

    def _or(self, plans: list[Plan]) -> Plan:
        expressions = [p.expression for p in plans if isinstance(p, Match)]
        row_sets = [p.rows for p in plans if isinstance(p, Rows) and p.rows]
        if not row_sets:
            if not expressions:
                return NOTHING
            return Match(" OR ".join(f"({e})" for e in expressions))
        rows = frozenset().union(*row_sets)
        if expressions:
            rows |= self.lookups.materialise(" OR ".join(f"({e})" for e in expressions))
        return Rows(rows)

    def _not(self, left: Plan, right: Plan) -> Plan:
        if isinstance(right, Rows) and not right.rows:
            return left
        if isinstance(left, Rows) and not left.rows:
            return NOTHING
        if isinstance(left, Match) and isinstance(right, Match):
            return Match(f"({left.expression}) NOT ({right.expression})")
        if isinstance(left, Rows):
            if isinstance(right, Match):
                if len(left.rows) <= _SMALL_SET:
                    return Rows(left.rows - self.lookups.restrict(right.expression, left.rows))
                return Rows(left.rows - self.lookups.materialise(right.expression))
            return Rows(left.rows - right.rows)
        return Rows(self.lookups.materialise(left.expression) - right.rows)

    # -- leaves ---------------------------------------------------------------------------------
    def _leaf(self, node: Node, fields: tuple[str, ...]) -> Plan:
        names = [canonical_field(f) for f in fields]
        text_columns: list[str] = []
        plans: list[Plan] = []
        for name in names:
            if name in TEXT_FIELDS:
                text_columns.extend(c for c in TEXT_FIELDS[name] if c not in text_columns)
            else:
                plans.append(self._code_leaf(node, name))
        if text_columns:
            columns = tuple(c for c in TEXT_COLUMNS if c in text_columns)
            if isinstance(node, Range):  # an untagged range is a publication date range
                plans.append(self._code_leaf(node, "dp"))
            else:
                plans.append(self._text_leaf(node, columns))
        return plans[0] if len(plans) == 1 else self._or(plans)

    def _text_leaf(self, node: Node, columns: tuple[str, ...]) -> Plan:
        if isinstance(node, Near):
            return self._near(node, columns)
        if isinstance(node, Term) and self._expand(node.text, columns) == []:
            return NOTHING  # a wildcard that matches no word in these fields
        body = self._text_expression(node, columns)
        return Match(f"{{{' '.join(columns)}}} : ({body})")

    def _expand(self, text: str, columns: tuple[str, ...]) -> list[str] | None:
        """The index words a wildcard word matches in ``columns`` (None: not a wildcard word)."""
        patterns = wildcard_patterns(text)
        if patterns is None:
            return None
        found = self.lookups.index_words_matching(patterns, columns)
        if len(found) > _MAX_EXPANSIONS:
            raise QueryError(
                f"{text!r} matches more than {_MAX_EXPANSIONS} different words",
                hint="Put more letters before the wildcard.")
        return found

    def _text_expression(self, node: Node, columns: tuple[str, ...]) -> str:
        if isinstance(node, Term):
            expanded = self._expand(node.text, columns)
            if expanded is not None:
                self._words.update(expanded)
                # an empty expansion never reaches here on its own (see _text_leaf); inside a
                # proximity side it is dropped by _alternatives
                return " OR ".join(fts_string(w) for w in expanded)
            return self._word_string(node.text, columns)
        if isinstance(node, Truncated):
            return self._word_string(node.stem, columns, truncated=True)
        if isinstance(node, Phrase):
            return self._phrase(node.text, columns)
        if isinstance(node, Proximity):
            if node.distance < 0:
                raise QueryError(f"Proximity distance must be 0 or more, got {node.distance}")
            parts = [self._phrase(p, columns) for p in node.text.split()]
            if len(parts) < 2:
                return self._phrase(node.text, columns)
            return f"NEAR({' '.join(parts)}, {node.distance})"
        raise QueryError(f"The practice database cannot search {type(node).__name__} here")

    def _word_string(self, text: str, columns: tuple[str, ...], *, truncated: bool = False) -> str:
        found = words(text)
        if not found:
            raise QueryError(
                f"{text!r} has no letters or digits to search for",
                hint="Search words, not punctuation on its own.",
            )
        if truncated:
            self._words.update(found[:-1])
            self._prefixes.add((found[-1], columns))
            return f"{fts_string(' '.join(found))} *"
        self._words.update(found)
        return fts_string(" ".join(found))

    def _phrase(self, text: str, columns: tuple[str, ...]) -> str:
        pieces = text.split()
        if any(wildcard_patterns(p) is not None for p in pieces) and len(pieces) > 1:
            raise QueryError(
                f"The practice database cannot search a wildcard inside the phrase \"{text}\"",
                hint="Join the words with adj (Ovid), W0 (CINAHL) or search each spelling as its "
                     "own phrase, e.g. \"woman doctor\" or \"women doctors\".")
        if not any(p.endswith("*") for p in pieces[:-1]):
            truncated = bool(pieces) and pieces[-1].endswith("*")
            return self._word_string(text.rstrip("*") if truncated else text, columns,
                                     truncated=truncated)
        # a truncated word inside a phrase: FTS5 joins phrase parts with "+"
        return " + ".join(self._word_string(p.rstrip("*"), columns, truncated=p.endswith("*"))
                          for p in pieces if words(p))

    def _alternatives(self, node: Node, columns: tuple[str, ...]) -> list[str]:
        if isinstance(node, Or):
            return [a for c in node.children for a in self._alternatives(c, columns)]
        if isinstance(node, Term) and (expanded := self._expand(node.text, columns)) is not None:
            self._words.update(expanded)
            return [fts_string(w) for w in expanded]
        if isinstance(node, (Term, Truncated, Phrase)):
            return [self._text_expression(node, columns)]
        if isinstance(node, Field):
            return self._alternatives(node.child, columns)
        raise QueryError(
            f"Each side of a proximity search must be words, phrases or an OR of them, "
            f"not {type(node).__name__}",
            hint="Combine the proximity searches with AND/NOT outside the proximity operator.",
        )

    def _patterns(self, node: Node) -> list[list[tuple[str, bool]]]:
        """Each alternative of a proximity side as words in order (True = truncated stem)."""
        if isinstance(node, Or):
            return [p for c in node.children for p in self._patterns(c)]
        if isinstance(node, Field):
            return self._patterns(node.child)
        if isinstance(node, Term) and wildcard_patterns(node.text) is not None:
            return [[(w, False)] for w in self._expand(node.text, self._near_columns) or []]
        if isinstance(node, Term):
            return [[(w, False) for w in words(node.text)]]
        if isinstance(node, Truncated):
            found = words(node.stem)
            return [[(w, i == len(found) - 1) for i, w in enumerate(found)]]
        pattern: list[tuple[str, bool]] = []
        assert isinstance(node, Phrase)  # the only kind of node left here (Node is a union)
        for piece in node.text.split():
            found = words(piece.rstrip("*"))
            pattern += [(w, piece.endswith("*") and i == len(found) - 1)
                        for i, w in enumerate(found)]
        return [pattern]

    def _near(self, node: Near, columns: tuple[str, ...]) -> Plan:
        if node.distance < 0:
            raise QueryError(f"Proximity distance must be 0 or more, got {node.distance}")
        left = self._alternatives(node.left, columns)
        right = self._alternatives(node.right, columns)
        if not left or not right:
            return NOTHING
        self._near_columns = columns
        prefix = f"{{{' '.join(columns)}}} : "
        if node.ordered and node.distance == 0:
            body = " OR ".join(f"({a} + {b})" for a in left for b in right)
            return Match(f"{prefix}({body})")
        body = " OR ".join(f"NEAR({a} {b}, {node.distance})" for a in left for b in right)
        expression = f"{prefix}({body})"
        if node.ordered:
            return Rows(self.lookups.ordered_near(expression, self._patterns(node.left),
                                                  self._patterns(node.right), node.distance,
                                                  columns))
        return Match(expression)

    # -- controlled fields ----------------------------------------------------------------------
    def _code_leaf(self, node: Node, name: str) -> Plan:
        if name == "dp":
            return self._date(node)
        if name == "pmid":
            return self._identifiers(node)
        if not isinstance(node, (Term, Phrase, Truncated)):
            raise QueryError(
                f"[{name}] searches a name (a heading, author, journal...), "
                f"not a {type(node).__name__}",
                hint=f'Write the name as a word or in quotes, e.g. "Accidental Falls"[{name}].',
            )
        text = node.stem if isinstance(node, Truncated) else node.text.rstrip("*")
        truncated = isinstance(node, Truncated) or node.text.endswith("*")
        if name == "au":
            return self._author(text, truncated)
        if name in ("mh", "mh:noexp", "majr", "majr:noexp"):
            return self._heading(text, truncated, major=name.startswith("majr"),
                                 explode=not name.endswith(":noexp"))
        kind = name
        key = language_key(text) if kind == "la" else normalise_name(text)
        if truncated:
            codes = self.lookups.term_codes_starting(kind, key)
        else:
            code = self.lookups.term_code(kind, key)
            codes = [code] if code is not None else []
        self._words.update(words(text))
        return self._codes([f"{kind}{c}" for c in codes])

    @staticmethod
    def _codes(tokens: list[str], prefixes: list[str] = ()) -> Plan:  # type: ignore[assignment]
        parts = [fts_string(t) for t in dict.fromkeys(tokens)]
        parts += [f"{fts_string(p)} *" for p in dict.fromkeys(prefixes)]
        if not parts:
            return NOTHING
        return Match(f"{{codes}} : ({' OR '.join(parts)})")

    def _author(self, text: str, truncated: bool) -> Plan:
        surname, initials = author_parts(text, from_query=True)
        if not surname:
            raise QueryError(f"{text!r} is not an author name", hint='Write e.g. "smith ja"[au].')
        self._words.add(surname)
        if truncated and not initials:
            return self._codes([], [f"au{surname}"])
        # PubMed truncates initials: smith j[au] finds Smith J, Smith JA, Smith JB...
        return self._codes([], [f"au{surname}0{initials}"])

    def _heading(self, text: str, truncated: bool, *, major: bool, explode: bool) -> Plan:
        vocabulary = self.lookups.vocabulary
        if truncated:  # every heading starting with the stem, each searched unexploded
            stem = normalise_name(text)
            names = [h.heading for h in vocabulary.starting_with(stem)]
            names += self.lookups.term_labels_starting("mh", stem)
            explode = False
        else:
            names = [text]
        tokens: list[str] = []
        prefixes: list[str] = []
        for name in dict.fromkeys(names):
            more_tokens, more_prefixes = self._heading_codes(name, major=major, explode=explode)
            tokens += more_tokens
            prefixes += more_prefixes
        return self._codes(tokens, prefixes)

    def _heading_codes(self, name: str, *, major: bool, explode: bool
                       ) -> tuple[list[str], list[str]]:
        """Index codes for one heading: its tree numbers (and what is below them), or its number."""
        vocabulary = self.lookups.vocabulary
        heading = vocabulary.find(name)
        if heading is not None and heading.tree_numbers:
            prefix = "jt" if major else "mt"
            trees = [tree_code(n) for n in heading.tree_numbers]
            below = vocabulary.explode(heading.heading) if explode else [heading]
            for found in below[:200]:
                self._words.update(words(found.heading))
            return ([f"{prefix}{t}" for t in trees],
                    [f"{prefix}{t}x" for t in trees] if explode else [])
        preferred = heading.heading if heading is not None else name
        self._words.update(words(preferred))
        code = self.lookups.term_code("mh", normalise_name(preferred))
        return ([f"{'mj' if major else 'mh'}{code}"] if code is not None else []), []

    def _date(self, node: Node) -> Plan:
        if isinstance(node, Truncated):
            digits = "".join(ch for ch in node.stem if ch.isdigit())
            if not digits:
                raise QueryError(f"{node.stem!r}* is not a year", hint="Write e.g. 201*[dp].")
            return self._codes([], [f"dp{digits[:4]}"])
        if isinstance(node, (Term, Phrase)):
            year = self._year(node.text)
            return self._codes([f"dp{year}"])
        if isinstance(node, Range):
            bounds = self.lookups.year_bounds()
            start = self._year(node.start) if node.start.strip() else None
            end = self._year(node.end) if node.end.strip() else None
            if start is not None and end is not None and start > end:
                raise QueryError(
                    f"The date range {node.start}:{node.end} ends before it starts",
                    hint=f"Put the earlier year first: {node.end}:{node.start}[dp].",
                )
            if bounds is None:
                return NOTHING
            low = max(start if start is not None else bounds[0], bounds[0])
            high = min(end if end is not None else bounds[1], bounds[1])
            return self._codes([f"dp{y}" for y in range(low, high + 1)])
        raise QueryError(f"[dp] searches years, not a {type(node).__name__}",
                         hint="Write e.g. 2019[dp] or 2015:2020[dp].")

    @staticmethod
    def _year(text: str) -> int:
        match = _YEAR.match(text)
        if not match:
            raise QueryError(f"{text!r} is not a year", hint="Write four digits, e.g. 2019[dp].")
        return int(match.group(1))

    def _identifiers(self, node: Node) -> Plan:
        if not isinstance(node, (Term, Phrase)):
            raise QueryError("[pmid] searches record identifiers",
                             hint="Write e.g. 31234567[pmid].")
        identifiers = [i for i in re.split(r"[\s,;]+", node.text) if i]
        return Rows(self.lookups.rows_for_identifiers(identifiers))
