"""Europe PMC syntax: ``TITLE:falls AND PUB_YEAR:[2015 TO 2020]`` to and from the shared AST.

Europe PMC's query language, as described in guides to it (checked January 2026:
https://github.com/ContentMine/getpapers/wiki/europepmc-query-format, which follows Appendix 1 of
the Europe PMC web-service reference, and
https://wiki.nested-knowledge.com/doku.php?id=wiki:autolit:search:europepmc):

- ``FIELD:value``: ``TITLE:aspirin``, ``ABSTRACT:"chicken pox"``, ``AUTH:"Smith AB"``,
  ``JOURNAL:"biol lett"``, ``KW:``, ``MESH_HEADING:``, ``MESH_MAJOR:``, ``PUB_YEAR:[2015 TO 2020]``,
  ``LANG:``, ``PUB_TYPE:``, ``EXT_ID:``; a field applies to one term, phrase or bracketed group;
- ``AND``, ``OR`` and ``NOT`` in capitals (they are case-sensitive; ``and`` is searched as a word),
  with ``AND`` the default between terms (both stated in the ContentMine/tigr2ess Europe PMC guide);
- quoted phrases, and ``*`` after a word for truncation.

Europe PMC has no numbered search history, so a strategy translated to it is written out in full.
``MESH_HEADING:`` is read here as the heading alone (``mh:noexp``): the translator warns when an
exploded heading is carried over, so that learners add the narrower headings themselves.

Precedence: this parser groups ``AND``/``NOT`` before ``OR`` (the usual Boolean order); a query that
mixes ``OR`` with ``AND`` or ``NOT`` without brackets gets a warning. The printer always brackets.

Example::

    >>> from searchcraft.query import europepmc
    >>> europepmc.render(europepmc.parse('TITLE:"hand hygiene" AND PUB_YEAR:[2015 TO 2020]'))
    'TITLE:"hand hygiene" AND PUB_YEAR:[2015 TO 2020]'
"""

from __future__ import annotations

import re

from ..errors import QueryError
from .ast import (
    BOOLEAN,
    And,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Range,
    Term,
    TreeVisitor,
    Truncated,
    each_field,
    placed,
    push_field,
)
from .parsed import ParsedQuery, QueryWarning
from .target import Target
from .tokens import AndFirstParser, Token, scan

#: Europe PMC field codes -> canonical field names (see searchcraft.query.ast).
FIELD_CODES: dict[str, str] = {
    "TITLE": "ti",
    "ABSTRACT": "ab",
    "AUTH": "au",
    "JOURNAL": "ta",
    "KW": "kw",
    "MESH_HEADING": "mh:noexp",
    "MESH_MAJOR": "majr:noexp",
    "PUB_YEAR": "dp",
    "LANG": "la",
    "PUB_TYPE": "pt",
    "EXT_ID": "pmid",
    "CHEM": "nm",
}
#: Canonical names -> the code printed; ``all`` is printed without a field.
CANONICAL_CODES: dict[str, str] = {name: code for code, name in FIELD_CODES.items()}
CANONICAL_CODES["all"] = ""

#: The syntax's name in the kit, how a learner reads it, and its place in lists of syntaxes.
NAME, LABEL, ORDER = "europepmc", "Europe PMC", 3
#: What translating into Europe PMC needs to know: no proximity, no numbered history.
TARGET = Target(LABEL, frozenset(CANONICAL_CODES) | {"tiab"}, "none", wildcards=False, history=False,
                unfielded="Europe PMC searches them in all fields", subheadings=False,
                years_only=frozenset({"dp", "edat", "crdt", "mhda"}))  # PUB_YEAR:[2015 TO 2020]

_FIELD = re.compile(r"([A-Z][A-Z_]*[A-Z]):")
_RANGE = re.compile(r"\[\s*(\S+)\s+TO\s+(\S+)\s*\]")
_QUOTES = {"\u201c": '"', "\u201d": '"'}
_SPECIAL = re.compile(r'[\s():"\[\]*]|^(AND|OR|NOT)$')


def _tokens(text: str, warnings: list[QueryWarning]) -> list[Token]:
    """Kinds: word, quoted, op, field, range, lparen, rparen."""
    def special(text: str, i: int) -> tuple[Token, int] | None:
        if text[i] == "[" and (match := _RANGE.match(text, i)):
            return Token("range", match.group(0), i, (match.group(1), match.group(2))), match.end()
        if match := _FIELD.match(text, i):
            return Token("field", match.group(1), i), match.end()
        return None

    def word(run: str, start: int) -> Token:
        if run in ("AND", "OR", "NOT"):
            return Token("op", run, start)
        if run.lower() in ("and", "or", "not"):
            warnings.append(QueryWarning(
                f"Europe PMC operators are case-sensitive: '{run}' is searched as a word. "
                f"Write {run.upper()} to combine terms.", start))
        return Token("word", run, start)

    return scan(text, LABEL, special, word)


class _Parser(AndFirstParser):
    empty_hint = "Type a word, a phrase in quotes or FIELD:term."

    def and_group(self, seen: set[str]) -> Node:
        node = self._unary()
        children = [node]
        while (token := self.peek()) is not None and token.kind != "rparen" and not (
            token.kind == "op" and token.text == "OR"
        ):
            if token.kind == "op":
                self.i += 1
                seen.add(token.text)
                if token.text == "NOT":
                    left = children[0] if len(children) == 1 else And(tuple(children), position=children[0].position)
                    children = [Not(left, self._unary(), position=left.position)]
                    continue
            children.append(self._unary())  # AND, written or implied
        return children[0] if len(children) == 1 else And(tuple(children), position=children[0].position)

    def _unary(self) -> Node:
        token = self.peek()
        if token is None:
            raise self.error("The query ends where a search term was expected", len(self.text))
        self.i += 1
        if token.kind == "lparen":
            return self.bracketed(token)
        if token.kind == "field":
            name = FIELD_CODES.get(token.text)
            if name is None:
                self.warnings.append(QueryWarning(
                    f"The field {token.text}: is not one the kit knows; it is kept as written.",
                    token.position))
                name = f"europepmc.{token.text}"
            value = self.peek()
            if value is not None and value.kind == "range":
                self.i += 1
                return Field(Range(*value.value, position=value.position), (name,), position=token.position)
            if value is None or value.kind in ("op", "rparen", "field"):
                raise self.error(f"{token.text}: needs a term after it", token.position,
                                 hint=f'Write e.g. {token.text}:"hand hygiene"')
            return Field(self._unary(), (name,), position=token.position)
        if token.kind == "quoted":
            if token.text and not any(c.isspace() for c in token.text):
                return Term(token.text, position=token.position)  # one quoted word is that word
            return Phrase(token.text, position=token.position)
        if token.kind == "word":
            return placed(_word(token.text), token.position)
        if token.kind == "range":
            raise self.error("A range needs a field, e.g. PUB_YEAR:[2015 TO 2020]", token.position)
        raise self.error(f"'{token.text}' cannot start a search term", token.position,
                         hint="Put a search term on each side of AND, OR and NOT.")


def _word(word: str) -> Node:
    if word.endswith("*") and len(word) > 1 and "*" not in word[:-1]:
        return Truncated(word[:-1])
    return Term(word)


def analyse(text: str, *, history: set[int] | None = None) -> ParsedQuery:
    """Parse a Europe PMC query, returning the tree and warnings (``history`` is accepted and unused:
    Europe PMC has no numbered history)."""
    warnings: list[QueryWarning] = []
    for typographic, plain in _QUOTES.items():
        if typographic in text:
            warnings.append(QueryWarning("Typographic quotes were read as plain double quotes.",
                                         text.index(typographic)))
            text = text.replace(typographic, plain)
    node = _Parser(text, _tokens(text, warnings), warnings).parse()
    return ParsedQuery(node, warnings)


def parse(text: str, *, history: set[int] | None = None) -> Node:
    """Parse a Europe PMC query into the AST.

    >>> parse("KW:falls OR TITLE:fall*")
    Or(children=(Field(child=Term(text='falls'), fields=('kw',)), Field(child=Truncated(stem='fall'), fields=('ti',))))
    """
    return analyse(text, history=history).node


def field_code(name: str) -> str:
    """How a learner writes field ``name`` in Europe PMC (``KW:``), or "" if it has no code."""
    code = CANONICAL_CODES.get(name)
    return f"{code}:" if code else ""


def render(node: Node) -> str:
    """Print an AST as a Europe PMC query; title/abstract becomes ``(TITLE:x OR ABSTRACT:x)``.

    Raises :class:`QueryError` for what Europe PMC cannot express (history references, proximity):
    :func:`searchcraft.query.translate.translate` rewrites those first, with warnings.
    """
    return _render(node, top=True)


class _Printer(TreeVisitor[str]):
    """Prints a tree as Europe PMC; every compound part below the top is bracketed."""

    def __init__(self, top: bool) -> None:
        self.top = top

    def bracketed(self, text: str) -> str:
        return text if self.top else f"({text})"

    def visit_term(self, node: Term) -> str:
        return f'"{node.text}"' if _SPECIAL.search(node.text) else node.text

    def visit_truncated(self, node: Truncated) -> str:
        if _SPECIAL.search(node.stem):
            raise QueryError(f"Europe PMC cannot truncate '{node.stem}', which holds a special character.",
                             hint="Truncate a plain word, e.g. fall*.")
        return node.stem + "*"

    def visit_phrase(self, node: Phrase) -> str:
        return f'"{node.text}"'

    def visit_range(self, node: Range) -> str:
        return f"[{node.start} TO {node.end}]"

    def visit_field(self, node: Field) -> str:
        return _render_field(node, self.top)

    def visit_combination(self, node: And | Or) -> str:
        joiner = " AND " if isinstance(node, And) else " OR "
        return self.bracketed(joiner.join(_render(c) for c in node.children))

    def visit_not(self, node: Not) -> str:
        return self.bracketed(f"{_render(node.left)} NOT {_render(node.right)}")

    def generic_visit(self, node: Node) -> str:  # HistoryRef, Near, Proximity
        raise QueryError(f"Europe PMC cannot express {type(node).__name__}",
                         hint="Use searchcraft.query.translate, which rewrites it with a warning.")


def _render(node: Node, top: bool = False) -> str:
    return _Printer(top).visit(node)


def _render_field(node: Field, top: bool) -> str:
    names = ["ti", "ab"] if node.fields == ("tiab",) else list(node.fields)
    if len(names) > 1 and isinstance(node.child, BOOLEAN):
        # Several fields on a group mean each word in any of them: (TITLE:a OR ABSTRACT:a) AND ...
        return _render(push_field(node.child, node.fields), top)
    parts = each_field(node.child, names, _one_field)
    if len(parts) == 1:
        return parts[0]
    text = " OR ".join(parts)
    return f"({text})"


def _one_field(child: Node, name: str) -> str:
    code = CANONICAL_CODES.get(name)
    if code is None and name.startswith("europepmc."):
        code = name.split(".", 1)[1]
    if code is None:
        raise QueryError(f"Europe PMC has no field for '{name}'",
                         hint="Use searchcraft.query.translate, which chooses the nearest field with a warning.")
    inner = _render(child, top=False)
    return f"{code}:{inner}" if code else inner
