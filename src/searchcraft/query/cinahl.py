"""CINAHL on EBSCOhost: ``(MH "Accidental Falls+") OR TI (fall* N3 prevent*)`` to and from the AST.

EBSCOhost's search language, as described in library guides to it (checked January 2026):

- field codes *before* the term, phrase or bracketed group: ``TI`` title, ``AB`` abstract, ``TX`` all
  text (read as the kit's ``all``), ``AU`` author, ``SO`` source (journal), ``PT`` publication type,
  ``LA`` language, ``DT`` publication date (``DT 2015-2020``), ``MH`` CINAHL subject heading (``MH "Accidental Falls"``;
  a ``+`` inside the quotes explodes it: ``MH "Accidental Falls+"``), ``MM`` major heading; a
  subheading follows the heading after a slash (``MH "Accidental Falls/PC"``);
- ``Nn`` finds the words at most n words apart in any order and ``Wn`` in the order typed
  (https://libguides.sdu.dk/EBSCO-english/proximity,
  https://kingsu.libguides.com/advancedsearching/ProximitySearching): so ``N3`` is ``Near(distance=3)``
  and Ovid's ``adj3`` (at most two words between) becomes ``N2``;
- ``*`` truncation; ``#`` stands for one *optional* character and ``?`` for exactly one character,
  the opposite of Ovid (https://hslmcmaster.libguides.com/srm/truncation). The AST keeps wildcards
  in Ovid's notation, so this module swaps them when reading and printing;
- search history lines are ``S1``, ``S2``...
- EBSCO's own help pages could not be retrieved when this was rechecked (December 2026); the
  library guides above, and the College of Wooster's table of vendors' proximity operators
  (http://www.wooster.edu/library/sciref/Tutor/TutorRef/proximity.php: EBSCOhost ``Wn`` "in the
  order specified", ``Nn`` "in any order"), agree on every point used here;
- a heading is searched alone unless exploded: ``MH "Exercise"`` is the heading only,
  ``MH "Exercise+"`` adds the narrower headings (the Explode box in CINAHL Headings is unticked
  until chosen: https://libguides.oulu.fi/c.php?g=701821&p=5044261, checked December 2026).

CINAHL Subject Headings are not MeSH (MeSH *Falls, Accidental* is CINAHL *Accidental Falls*): the
translator warns for every heading it carries between CINAHL and a MeSH database.

Precedence: mixed operators without brackets are read as AND/NOT before OR, with a warning; the
printer brackets every compound part.

Example::

    >>> from searchcraft.query import cinahl
    >>> cinahl.render(cinahl.parse('(MH "Accidental Falls+") OR TI (fall* N3 prevent*)'))
    '(MH "Accidental Falls+") OR TI (fall* N3 prevent*)'
"""

from __future__ import annotations

import re

from ..errors import QueryError
from .ast import (
    BOOLEAN,
    And,
    Field,
    HistoryRef,
    Near,
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

FIELD_CODES: dict[str, str] = {
    "TI": "ti",
    "AB": "ab",
    "TX": "all",
    "AU": "au",
    "SO": "ta",
    "PT": "pt",
    "LA": "la",
    "DT": "dp",
    "MH": "mh:noexp",
    "MM": "majr:noexp",
}
HEADING_CODES = {"mh": "MH", "mh:noexp": "MH", "majr": "MM", "majr:noexp": "MM"}
CANONICAL_CODES: dict[str, str] = {name: code for code, name in FIELD_CODES.items()}
CANONICAL_CODES.update({"mh": "MH", "majr": "MM"})

#: The syntax's name in the kit, how a learner reads it, and its place in lists of syntaxes.
NAME, LABEL, ORDER = "cinahl", "CINAHL", 4
#: What translating into CINAHL needs to know.
TARGET = Target(LABEL, frozenset(CANONICAL_CODES), "near", wildcards=True, history=True,
                unfielded="CINAHL searches them in its default fields", headings="CINAHL Subject Headings")

_FIELD = re.compile(r"(TI|AB|TX|AU|SO|PT|LA|DT|MH|MM)\s+")
_NEAR = re.compile(r"([NW])(\d+)$")
_HISTORY = re.compile(r"S(\d+)$")
_DATES = re.compile(r"(\d{4,8})\s*-\s*(\d{4,8})")
_SWAP = str.maketrans({"#": "?", "?": "#"})


def _tokens(text: str) -> list[Token]:
    """Kinds: word, quoted, op, near, field, lparen, rparen, history."""
    def field(text: str, i: int) -> tuple[Token, int] | None:
        if (match := _FIELD.match(text, i)) and (i == 0 or not text[i - 1].isalnum()):
            return Token("field", match.group(1), i), match.end()
        return None

    def word(run: str, start: int) -> Token:
        upper = run.upper()
        if upper in ("AND", "OR", "NOT"):
            return Token("op", upper, start)
        if near := _NEAR.match(run):
            return Token("near", run, start, (near.group(1), int(near.group(2))))
        if _HISTORY.match(run):
            return Token("history", run, start, int(run[1:]))
        return Token("word", run, start)

    return scan(text, LABEL, field, word)


class _Parser(AndFirstParser):
    text_name = "search"
    empty_hint = "Type a word, a phrase in quotes or e.g. TI falls."
    unexpected_hint = "Join search terms with AND, OR, NOT, Nn or Wn."

    def and_group(self, seen: set[str]) -> Node:
        children = [self._near()]
        while (token := self.peek()) is not None and token.kind == "op" and token.text in ("AND", "NOT"):
            self.i += 1
            seen.add(token.text)
            right = self._near()
            if token.text == "NOT":
                left = children[0] if len(children) == 1 else And(tuple(children), position=children[0].position)
                children = [Not(left, right, position=left.position)]
            else:
                children.append(right)
        return children[0] if len(children) == 1 else And(tuple(children), position=children[0].position)

    def _near(self) -> Node:
        node = self._unary()
        while (token := self.peek()) is not None and token.kind == "near":
            self.i += 1
            letter, distance = token.value
            node = Near(node, self._unary(), distance, ordered=letter == "W", position=node.position)
        return node

    def _unary(self) -> Node:
        token = self.peek()
        if token is None:
            raise self.error("The search ends where a term was expected", len(self.text))
        if token.kind == "lparen":
            self.i += 1
            return self.bracketed(token)
        if token.kind == "field":
            self.i += 1
            return placed(self._field(token), token.position)
        if token.kind == "history":
            self.i += 1
            number = token.value
            if self.history is not None and number not in self.history:
                raise self.error(f"Line S{number} does not exist", token.position,
                                 hint="Refer only to earlier lines of the search history.")
            return HistoryRef(number, position=token.position)
        if token.kind == "quoted":
            self.i += 1
            return placed(_phrase(token.text), token.position)
        if token.kind == "word":
            words = []
            while (word := self.peek()) is not None and word.kind == "word":
                words.append(word)
                self.i += 1
            if len(words) > 1:
                self.warnings.append(QueryWarning(
                    "Words typed side by side are searched as a phrase here; EBSCOhost may find them a "
                    "few words apart. Put the phrase in quotes, or join the words with AND.",
                    words[0].position))
                return placed(_phrase(" ".join(w.text for w in words)), words[0].position)
            return placed(_word(words[0].text), words[0].position)
        raise self.error(f"'{token.text}' cannot start a search term", token.position,
                         hint="Put a search term on each side of AND, OR, NOT and Nn.")

    def _field(self, token: Token) -> Node:
        code = token.text
        value = self.peek()
        if value is None:
            raise self.error(f"{code} needs a search term after it", token.position)
        if code in ("MH", "MM"):
            if value.kind != "quoted":
                raise self.error(f"{code} needs a heading in quotes", value.position,
                                 hint=f'Write e.g. {code} "Accidental Falls"')
            self.i += 1
            return _heading(code, value.text)
        if code == "DT":
            match = _DATES.fullmatch(value.text) if value.kind == "word" else None
            if match:
                self.i += 1
                return Field(Range(_date(match.group(1)), _date(match.group(2))), ("dp",))
        return Field(self._unary(), (FIELD_CODES[code],))


def _date(value: str) -> str:
    if len(value) == 8:
        return f"{value[:4]}/{value[4:6]}/{value[6:]}"
    if len(value) == 6:
        return f"{value[:4]}/{value[4:]}"
    return value


def _heading(code: str, text: str) -> Node:
    exploded = text.endswith("+")
    name = text[:-1].strip() if exploded else text.strip()
    heading, _, sub = name.partition("/")
    if sub:
        from .ovid import SUBHEADINGS

        name = f"{heading}/{SUBHEADINGS.get(sub.strip().lower(), sub.strip())}"
    tag = ("mh" if code == "MH" else "majr") + ("" if exploded else ":noexp")
    return Field(Phrase(name), (tag,))


def _word(word: str) -> Node:
    word = word.translate(_SWAP)
    if word.endswith("*") and len(word) > 1 and "*" not in word[:-1]:
        return Truncated(word[:-1])
    return Term(word)


def _phrase(text: str) -> Node:
    if not any(c.isspace() for c in text.strip()):
        return Term(text.strip().translate(_SWAP))  # one quoted word is that word
    return Phrase(text.translate(_SWAP))


def analyse(text: str, *, history: set[int] | None = None) -> ParsedQuery:
    """Parse a CINAHL (EBSCOhost) search, returning the tree and warnings."""
    warnings: list[QueryWarning] = []
    for typographic in "\u201c\u201d":
        text = text.replace(typographic, '"')
    node = _Parser(text, _tokens(text), warnings, history).parse()
    return ParsedQuery(node, warnings)


def parse(text: str, *, history: set[int] | None = None) -> Node:
    """Parse a CINAHL search into the AST; ``S3`` is a history reference."""
    return analyse(text, history=history).node


def field_code(name: str) -> str:
    """How a source field is named in the translator's warnings: CINAHL's fields are described by
    their label alone, so this is always ""."""
    return ""


def render(node: Node) -> str:
    """Print an AST as a CINAHL search; every compound part is bracketed."""
    return _render(node, top=True)


class _Printer(TreeVisitor[str]):
    """Prints a tree as CINAHL; every compound part below the top is bracketed."""

    def __init__(self, top: bool) -> None:
        self.top = top

    def inner(self, node: Node) -> str:
        return _render(node)

    def bracketed(self, text: str) -> str:
        return text if self.top else f"({text})"

    def visit_term(self, node: Term) -> str:
        text = node.text.translate(_SWAP)
        return f'"{text}"' if _reserved(text) else text

    def visit_truncated(self, node: Truncated) -> str:
        return node.stem.translate(_SWAP) + "*"

    def visit_phrase(self, node: Phrase) -> str:
        return f'"{node.text.translate(_SWAP)}"'

    def visit_history_ref(self, node: HistoryRef) -> str:
        return f"S{node.number}"

    def visit_field(self, node: Field) -> str:
        return _render_field(node, self.top)

    def visit_near(self, node: Near) -> str:
        op = ("W" if node.ordered else "N") + str(node.distance)
        return self.bracketed(f"{self.inner(node.left)} {op} {self.inner(node.right)}")

    def visit_combination(self, node: And | Or) -> str:
        joiner = " AND " if isinstance(node, And) else " OR "
        return self.bracketed(joiner.join(self.inner(c) for c in node.children))

    def visit_not(self, node: Not) -> str:
        return self.bracketed(f"{self.inner(node.left)} NOT {self.inner(node.right)}")

    def generic_visit(self, node: Node) -> str:  # Proximity, Range
        raise QueryError(f"CINAHL cannot search a {type(node).__name__.lower()} without a field.",
                         hint="Use searchcraft.query.translate, which rewrites it.")


def _render(node: Node, top: bool = False) -> str:
    return _Printer(top).visit(node)


def _reserved(text: str) -> bool:
    return (text.upper() in ("AND", "OR", "NOT") or bool(_NEAR.match(text)) or bool(_HISTORY.match(text))
            or any(c.isspace() or c in '()"*' for c in text) or text.upper() in FIELD_CODES
            or not any(c.isalnum() for c in text))


def _as_phrase(node: Node) -> Node:
    return Phrase(node.text) if isinstance(node, Term) else node



def _render_field(node: Field, top: bool) -> str:
    names = list(dict.fromkeys(node.fields))
    if set(names) >= {"ti", "ab"}:
        names = [n for n in names if n not in ("ti", "ab")] + ["tiab"]
    if (len(names) > 1 or names == ["tiab"]) and isinstance(node.child, BOOLEAN):
        # Several fields on a group mean each word in any of them: (TI a OR AB a) AND ...
        return _render(push_field(node.child, node.fields), top)
    parts = each_field(node.child, names, _one_field)
    if len(parts) == 1:
        return parts[0]
    text = " OR ".join(parts)
    return text if top else f"({text})"


def _one_field(child: Node, name: str) -> str:
    if name in HEADING_CODES and isinstance(child, BOOLEAN):
        return _render(push_field(child, (name,), _as_phrase))  # a heading search for each term in the group
    if name in HEADING_CODES and isinstance(child, (Phrase, Term, Truncated)):
        text = child.stem + "*" if isinstance(child, Truncated) else child.text
        heading, _, sub = text.partition("/")
        if sub:
            from .ovid import SUBHEADING_CODES

            text = f"{heading}/{SUBHEADING_CODES.get(sub.lower(), sub).upper()}"
        plus = "" if name.endswith(":noexp") else "+"
        return f'({HEADING_CODES[name]} "{text}{plus}")'
    if name == "dp" and isinstance(child, Range):
        start, end = child.start.replace("/", ""), child.end.replace("/", "")
        return f"DT {start}-{end}"
    code = CANONICAL_CODES.get(name)
    if code is None:
        raise QueryError(f"CINAHL has no field for '{name}'",
                         hint="Use searchcraft.query.translate, which chooses the nearest field.")
    inner = _render(child, top=False)
    return f"{code} {inner}" if code else inner
