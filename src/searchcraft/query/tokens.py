"""What the Ovid, Europe PMC and CINAHL parsers share: positioned tokens, quoted phrases, and the
frame of a recursive-descent parser (look ahead, fail at a position, brackets, leftovers), and the
AND-before-OR grouping that Europe PMC and CINAHL share.

Each syntax module keeps its own grammar (and Ovid and PubMed their own tokenisers); only the pieces
that must behave the same in every syntax live here, so a learner meets the same messages for the
same mistakes.

Example::

    >>> token, after = quoted('TI "hand hygiene" AND x', 3)
    >>> token.text, after
    ('hand hygiene', 17)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import QuerySyntaxError
from .ast import Node, Or, merge_title_abstract
from .parsed import QueryWarning


@dataclass(frozen=True)
class Token:
    """One token: its ``kind`` (word, quoted, op, lparen, rparen...), text, place and parsed value."""

    kind: str
    text: str
    position: int
    value: Any = None  # what it depends on the kind: a number, a tuple of field codes, a node...


def quoted(text: str, i: int) -> tuple[Token, int]:
    """The quoted phrase opening at ``text[i]``, and the index after its closing quote."""
    end = text.find('"', i + 1)
    if end == -1:
        raise QuerySyntaxError("Unclosed quotation mark", query=text, position=i,
                               hint='Close the phrase with a second " or remove the first one.')
    if not text[i + 1 : end].strip():
        raise QuerySyntaxError("Empty quotation marks", query=text, position=i,
                               hint="Put words between the quotation marks, or remove them.")
    return Token("quoted", text[i + 1 : end], i), end + 1


def scan(text: str, label: str, special: Callable[[str, int], tuple[Token, int] | None],
         word: Callable[[str, int], Token]) -> list[Token]:
    """The tokens of ``text``, by the loop the CINAHL and Europe PMC parsers share.

    Spaces are skipped and brackets and quoted phrases read here; ``special(text, i)`` may read the
    syntax's own token starting at ``i`` (a field code, a date range) and return it with the index
    after it; any other run of characters is a word that ``word(text, start)`` makes a token of (an
    operator, a history reference, a search word). A run with no letter or digit is refused at its
    position, naming the database (``label``).

        >>> [t.kind for t in scan('(a OR "b c")', "CINAHL", lambda text, i: None,
        ...                       lambda w, at: Token("op" if w == "OR" else "word", w, at))]
        ['lparen', 'word', 'op', 'quoted', 'rparen']
    """
    out: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            out.append(Token("lparen" if char == "(" else "rparen", char, i))
            i += 1
        elif char == '"':
            token, i = quoted(text, i)
            out.append(token)
        elif (found := special(text, i)) is not None:
            token, i = found
            out.append(token)
        else:
            start = i
            while i < len(text) and not text[i].isspace() and text[i] not in '()"':
                i += 1
            run = text[start:i]
            if not any(c.isalnum() for c in run):
                raise QuerySyntaxError(f"'{run}' is not a word {label} can search", query=text,
                                       position=start, hint="Truncation (*) goes after a word, e.g. fall*.")
            out.append(word(run, start))
    return out


class TokenParser:
    """The frame of a parser over :class:`Token` lists; a subclass writes ``expression()``.

    Class attributes give the syntax's own words for an empty query and for a token left over
    after a whole expression.
    """

    empty_message = "Empty query"
    empty_hint = ""
    unexpected_hint: str | None = None

    def __init__(self, text: str, tokens: list[Token], warnings: list[QueryWarning],
                 history: set[int] | None = None) -> None:
        self.text, self.tokens, self.i = text, tokens, 0
        self.warnings, self.history = warnings, history

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def error(self, message: str, position: int | None = None,
              hint: str | None = None) -> QuerySyntaxError:
        """A syntax error at ``position`` (default: the next token, or the end of the text)."""
        if position is None:
            position = self.tokens[self.i].position if self.i < len(self.tokens) else len(self.text)
        return QuerySyntaxError(message, query=self.text, position=position, hint=hint)

    def expression(self) -> Node:
        raise NotImplementedError

    def parse(self) -> Node:
        """The whole token list as one expression; an error at the first token left over."""
        if not self.tokens:
            raise self.error(self.empty_message, 0, hint=self.empty_hint)
        node = self.expression()
        token = self.peek()
        if token is not None:
            if token.kind == "rparen":
                raise self.error("Closing bracket without an opening one", token.position,
                                 hint="Remove this ')' or add a '(' before it.")
            raise self.error(f"Unexpected '{token.text}'", token.position, hint=self.unexpected_hint)
        return node

    def bracketed(self, opening: Token) -> Node:
        """The expression after ``opening``, a '(' already read, up to its ')'."""
        node = self.expression()
        closing = self.peek()
        if closing is None or closing.kind != "rparen":
            raise self.error("Unbalanced bracket", opening.position, hint="Add a closing ')'.")
        self.i += 1
        return node


class AndFirstParser(TokenParser):
    """A parser that groups AND and NOT before OR, warning when a query mixes them unbracketed.

    A subclass writes ``and_group(seen)``, which adds each operator it reads to ``seen``.
    """

    #: what the warning calls the text ("query", "search")
    text_name = "query"

    def and_group(self, seen: set[str]) -> Node:
        raise NotImplementedError

    def expression(self) -> Node:
        seen: set[str] = set()
        children = [self.and_group(seen)]
        while (token := self.peek()) is not None and token.kind == "op" and token.text == "OR":
            seen.add("OR")
            self.i += 1
            children.append(self.and_group(seen))
        if "OR" in seen and len(seen) > 1:
            self.warnings.append(QueryWarning(
                f"This {self.text_name} mixes OR with AND or NOT without brackets; it is read with "
                "AND and NOT grouped first. Add brackets to make the grouping explicit.",
                self.tokens[0].position))
        children = merge_title_abstract(children)
        return children[0] if len(children) == 1 else Or(tuple(children), position=children[0].position)
