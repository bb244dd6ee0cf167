"""PubMed's query language: parse it into the kit's AST and print the AST back as PubMed syntax.

What the parser reads, following the PubMed help (rules checked against NLM's PubMed tutorial,
Technical Bulletins and User Guide):

* **Operators** ``AND``, ``OR``, ``NOT`` in capitals. PubMed only recognises upper-case operators;
  a lower-case ``and``/``or``/``not`` is searched as an ordinary word (that is how PubMed finds the
  heading *Wit and Humor*), so the kit reads it as a word too and adds a warning.
* **Left to right, no precedence**: ``a OR b AND c`` is ``(a OR b) AND c``. Brackets change the order.
* **Adjacent words** with no operator are ANDed, as PubMed does: ``heart attack`` is
  ``heart AND attack``. A bracketed group or a ``#N`` next to another search with no operator
  (``(a OR b) c``, ``#1 #2``) is refused with a hint instead: PubMed would silently AND them, but in a
  strategy it is nearly always a lost ``OR``/``AND``.
* **Phrases** in double quotes. Typographic quotes “ ” are read as quotes with a warning (they come
  from word processors); ‘ ’ are not quotes (’ is the apostrophe in typeset text).
* **Field tags** after a word or phrase, in any case, short or long form, with or without a space
  before the bracket: ``falls[tiab]``, ``"Falls, Accidental" [MeSH Terms]``. Unquoted words
  followed by a tag form one phrase with that tag, as PubMed reads them: ``back pain[mesh]`` is the
  heading *Back Pain*. The spellings are in :mod:`searchcraft.query.fields`.
* **Truncation** ``nurs*``, also inside phrases (``"hand hyg*"[tiab]``, ``breast feed*[tiab]``).
  PubMed needs at least four characters before the first ``*`` of a term or phrase (so
  ``"hand hyg*"`` is fine, ``col*`` is not); the kit checks the same. PubMed also accepts ``*``
  inside a word since 2024 (``organi*ation``); the kit's AST only has end truncation, so that is
  refused with a clear message.
* **Ranges** on date fields: ``2015:2020[dp]``, ``2015/01/01:2020/12/31[crdt]`` and
  ``"2015"[dp] : "2020"[dp]``.
* **Proximity** ``"hand hygiene"[tiab:~3]`` on the fields PubMed allows it on: Title,
  Title/Abstract and Affiliation; two or more words in double quotes.
* **Search history** ``#3``, combinable like any search: ``#1 AND (#2 OR #4) NOT #5``.

**Untagged terms** search the same fields as ``[all]`` in the practice database: the AST simply has
no :class:`Field` around them. PubMed itself runs *automatic term mapping* on untagged terms: it
looks them up in the MeSH, journal and author translation tables, searches a matching heading
(exploded) OR the words in all fields, and may read adjacent words as a phrase. The practice
database does none of that, which is why the course teaches to tag every term.

Example::

    >>> parse('"hand hygiene"[tiab] AND nurs*')
    And(children=(Field(child=Phrase(text='hand hygiene'), fields=('tiab',)), Truncated(stem='nurs')))
    >>> render(parse("a OR b AND c"))
    '(a OR b) AND c'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError, QuerySyntaxError
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
    Proximity,
    Range,
    Term,
    TreeVisitor,
    Truncated,
    push_field,
)
from .fields import FIELDS, FieldInfo, lookup_tag, nearest_tag
from .parsed import ParsedQuery, QueryWarning
from .target import Target

__all__ = ["LABEL", "MIN_STEM", "NAME", "ORDER", "TARGET", "analyse", "field_code", "parse", "render"]

#: PubMed needs at least this many characters before a ``*``.
MIN_STEM = 4
#: The syntax's name in the kit, how a learner reads it, and its place in lists of syntaxes.
NAME, LABEL, ORDER = "pubmed", "PubMed", 1
#: What translating into PubMed needs to know.
TARGET = Target(LABEL, frozenset(FIELDS), "phrase", wildcards=False, history=True,
                unfielded="PubMed runs Automatic Term Mapping on them (headings and all fields)",
                min_stem=MIN_STEM)

#: Deeper bracket nesting than this is refused (no real strategy comes near it).
MAX_DEPTH = 100

OPERATORS = ("AND", "OR", "NOT")
QUOTES = '"“”'
TYPOGRAPHIC_QUOTES = "“”"
_SPECIAL = set("()[]") | set(QUOTES)
_WORD_END = _SPECIAL | {","}
_DATE = re.compile(r"\d{4}(/\d{1,2}(/\d{1,2})?)?\Z")
_PROXIMITY = re.compile(r"(?P<field>.*?)\s*:\s*~\s*(?P<distance>\d+)\s*\Z", re.S)


# --------------------------------------------------------------------------------------------
# Public API


def parse(text: str, *, history: set[int] | None = None) -> Node:
    """Parse a PubMed query into the AST; raises :class:`QuerySyntaxError` with the position.

    ``history``: the line numbers of the search history; ``#N`` for any other N is an error.
    """
    return analyse(text, history=history).node


def analyse(text: str, *, history: set[int] | None = None) -> ParsedQuery:
    """Parse a PubMed query and collect warnings (typographic quotes, lower-case operators...)."""
    if not isinstance(text, str):
        raise QueryError(
            f"A query must be text, not {type(text).__name__}.",
            hint='Write the query as a string, e.g. "falls[tiab]".',
        )
    warnings: list[QueryWarning] = []
    tokens = _Tokeniser(text, warnings).tokens()
    node = _Parser(text, tokens, history, warnings).parse()
    warnings.sort(key=lambda warning: warning.position)
    return ParsedQuery(node, warnings)


def field_code(name: str) -> str:
    """How a learner writes field ``name`` in PubMed (``[tw]``), or "" when PubMed has no tag for it."""
    return f"[{FIELDS[name].tag}]" if name in FIELDS else ""


def render(node: Node) -> str:
    """Print an AST as canonical PubMed syntax, bracketing every compound part.

    ``parse(render(tree)) == tree`` for every tree :func:`parse` returns. Trees from other syntaxes
    are printed when PubMed can say the same thing (a tag on a bracketed group is given to each
    term inside it; ``[ti]`` with ``[ab]`` becomes ``[tiab]``); otherwise :class:`QueryError`.
    """
    return _render(node, top=True)


# --------------------------------------------------------------------------------------------
# Tokens


@dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, tag, op, history, colon, (, )
    text: str
    start: int
    end: int


def _error(text: str, position: int, message: str, hint: str | None = None) -> QuerySyntaxError:
    return QuerySyntaxError(message, query=text, position=position, hint=hint)


class _Tokeniser:
    """Splits the text into tokens, reporting unclosed quotes and tags where they start."""

    def __init__(self, text: str, warnings: list[QueryWarning]) -> None:
        self.text = text
        self.warnings = warnings

    def tokens(self) -> list[_Token]:
        text, i, tokens = self.text, 0, []
        while i < len(text):
            char = text[i]
            if char.isspace() or char == ",":
                i += 1  # a comma separates words like a space (PubMed ignores the punctuation)
            elif char in "()":
                tokens.append(_Token(char, char, i, i + 1))
                i += 1
            elif char in QUOTES:
                token = self._phrase(i)
                tokens.append(token)
                i = token.end
            elif char == "[":
                close = text.find("]", i + 1)
                if close == -1:
                    raise _error(text, i, "This field tag is never closed",
                                 "Close the tag with ']', e.g. falls[tiab].")
                tokens.append(_Token("tag", text[i + 1 : close], i, close + 1))
                i = close + 1
            elif char == "]":
                raise _error(text, i, "']' has no matching '['",
                             "A field tag goes in square brackets after a term, e.g. falls[tiab].")
            else:
                end = i
                while end < len(text) and not text[end].isspace() and text[end] not in _WORD_END:
                    end += 1
                word_start = i
                if text[i] == ":" and end - i > 1 and tokens and tokens[-1].kind == "tag":
                    tokens.append(_Token("colon", ":", i, i + 1))  # 2015[dp]:2020[dp]
                    word_start = i + 1
                word = self._word(text[word_start:end], word_start, end)
                if word is not None:
                    tokens.append(word)
                i = end
        return tokens

    def _phrase(self, start: int) -> _Token:
        text = self.text
        close = next((j for j in range(start + 1, len(text)) if text[j] in QUOTES), -1)
        if close == -1:
            raise _error(text, start, "This quotation mark is never closed",
                         "Add the missing quotation mark, or remove this one.")
        for position in (start, close):
            if text[position] in TYPOGRAPHIC_QUOTES:
                self.warnings.append(QueryWarning(
                    f"Typographic quotation mark {text[position]} read as a straight double quote "
                    '("); PubMed expects straight quotes, so type them rather than paste them.',
                    position))
        return _Token("phrase", text[start + 1 : close], start, close + 1)

    def _word(self, word: str, start: int, end: int) -> _Token | None:
        text = self.text
        if word in OPERATORS:
            return _Token("op", word, start, end)
        if word == ":":
            return _Token("colon", word, start, end)
        if word.startswith("#"):
            if re.fullmatch(r"#\d+", word):
                return _Token("history", word, start, end)
            raise _error(text, start, f"{word!r} is not a search-history reference",
                         "Refer to a line of your search history as # and its number, e.g. #3.")
        if word.upper() in OPERATORS:
            self.warnings.append(QueryWarning(
                f"{word!r} is searched as an ordinary word: PubMed only combines searches with "
                f"upper-case {word.upper()}.", start))
        if not any(c.isalnum() or c == "*" for c in word):
            self.warnings.append(QueryWarning(
                f"{word!r} has no letters or digits and is ignored.", start))
            return None
        if "‘" in word:
            self.warnings.append(QueryWarning(
                "‘ ’ are not quotation marks in PubMed; put a phrase in straight double quotes.",
                start + word.index("‘")))
        for mark in "?$":
            if mark in word:
                self.warnings.append(QueryWarning(
                    f"PubMed's only wildcard is '*': '{mark}' is not a wildcard and is read as "
                    "part of the word.", start + word.index(mark)))
        return _Token("word", word, start, end)


# --------------------------------------------------------------------------------------------
# Parser


@dataclass(frozen=True)
class _Operand:
    """A parsed operand with where it starts and what it is (for checks that need positions)."""

    node: Node
    start: int
    kind: str  # leaf, group, history
    bare_number: bool = False  # an untagged whole number, e.g. the 6 in "#5 OR 6"


class _Parser:
    def __init__(self, text: str, tokens: list[_Token], history: set[int] | None,
                 warnings: list[QueryWarning]) -> None:
        self.text = text
        self.tokens = tokens
        self.history = history
        self.warnings = warnings
        self.index = 0
        self.depth = 0

    # -- helpers ---------------------------------------------------------------------------

    def error(self, position: int, message: str, hint: str | None = None) -> QuerySyntaxError:
        return _error(self.text, position, message, hint)

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.index + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    # -- grammar ---------------------------------------------------------------------------

    def parse(self) -> Node:
        if not self.tokens:
            raise self.error(0, "The query is empty" if not self.text.strip()
                             else "The query has nothing to search for",
                             "Type a word, a phrase in double quotes or a #number, e.g. falls[tiab].")
        self.check_brackets()
        operand = self.expression()
        token = self.peek()
        if token is not None:  # only a stray ')' can stop an expression early; brackets balance
            raise self.error(token.start, "')' has no matching '('",
                             "Remove it, or add the '(' it closes.")
        return operand.node

    def check_brackets(self) -> None:
        opened: list[_Token] = []
        for token in self.tokens:
            if token.kind == "(":
                opened.append(token)
            elif token.kind == ")":
                if not opened:
                    raise self.error(token.start, "')' has no matching '('",
                                     "Remove it, or add the '(' it closes.")
                opened.pop()
        if opened:
            raise self.error(opened[-1].start, "This '(' is never closed",
                             "Add a ')' where the bracketed part ends, or remove this '('.")

    def expression(self) -> _Operand:
        """A chain of operands combined left to right, up to a ')' or the end."""
        first = self.operand()
        result, chain = first.node, [first]
        while (token := self.peek()) is not None and token.kind != ")":
            if token.kind == "op":
                self.advance()
                following = self.peek()
                if following is None or following.kind == ")":
                    raise self.error(token.start, f"{token.text} has nothing after it",
                                     f"Add a search after {token.text}, or remove it.")
                if following.kind == "op":
                    raise self.error(following.start,
                                     f"Two operators in a row: {token.text} {following.text}",
                                     "Keep one of them.")
                operator = token.text
            else:
                previous = chain[-1]
                if previous.kind != "leaf" or token.kind in ("(", "history"):
                    raise self.error(token.start, "Missing operator between two searches",
                                     "Put AND, OR or NOT here. (PubMed would silently use AND.)")
                operator = "AND"  # adjacent words: PubMed's default operator
            operand = self.operand()
            chain.append(operand)
            result = _combine(operator, result, operand.node)
        self.check_bare_numbers(chain)
        return _Operand(result, first.start, first.kind if len(chain) == 1 else "group")

    def check_bare_numbers(self, chain: list[_Operand]) -> None:
        # "#5 OR 6": next to history references a bare number is a forgotten '#'.
        if any(operand.kind == "history" for operand in chain):
            for operand in chain:
                if operand.bare_number:
                    assert isinstance(operand.node, Term)  # a bare number is an untagged word
                    number = operand.node.text
                    raise self.error(
                        operand.start,
                        f"'{number}' is searched as a word here, among search-history references",
                        f"Write #{number} to combine search {number}, or put the number in "
                        f'quotes ("{number}") to search for it as a word.')

    def operand(self) -> _Operand:
        token = self.peek()
        assert token is not None  # callers check
        if token.kind == "(":
            return self.group()
        if token.kind == "history":
            return self.history_ref()
        if token.kind in ("word", "phrase"):
            return self.leaf()
        if token.kind == "op":
            raise self.error(token.start, f"{token.text} needs a search before it",
                             f"Put a term before {token.text}, or remove it.")
        if token.kind == "tag":
            raise self.error(token.start, f"The field tag [{token.text}] has no term before it",
                             "Write the term first and the tag straight after it, e.g. falls[tiab].")
        if token.kind == "colon":
            raise self.error(token.start, "':' here does not make a range",
                             'A range goes inside one tag, e.g. 2015:2020[dp], or between two '
                             'tagged dates, e.g. "2015"[dp] : "2020"[dp].')
        raise self.error(token.start, "')' has no matching '('", "Remove it.")

    def group(self) -> _Operand:
        opening = self.advance()
        if (token := self.peek()) is not None and token.kind == ")":
            raise self.error(opening.start, "Empty brackets", "Put a search inside, or remove them.")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(opening.start, f"More than {MAX_DEPTH} nested brackets",
                             "Simplify the query, e.g. with search-history lines (#1 AND #2).")
        inner = self.expression()
        self.depth -= 1
        closing = self.advance()  # balanced, so this is the ')'
        following = self.peek()
        if following is not None and following.kind == "tag":
            raise self.error(following.start,
                             "A field tag applies to one term or phrase, not to a bracketed group",
                             "Tag each term inside the brackets, e.g. (falls[tiab] OR fall[tiab]).")
        if (following is not None and following.kind == "word"
                and following.start == closing.end and following.text.startswith("*")):
            raise self.error(following.start,
                             "Truncation works on a single word, not on a bracketed group",
                             "Put the * at the end of each word to truncate, e.g. (child* OR infant*).")
        return _Operand(inner.node, opening.start, "group")

    def history_ref(self) -> _Operand:
        token = self.advance()
        number = int(token.text[1:])
        if number == 0:
            raise self.error(token.start, "Search-history lines start at #1",
                             "Refer to an existing line, e.g. #1.")
        if self.history is not None and number not in self.history:
            known = sorted(self.history)
            lines = (f"Your history has {_number_list(known)}." if known
                     else "Your history has no searches yet.")
            raise self.error(token.start, f"There is no search #{number} in your history", lines)
        following = self.peek()
        if following is not None and following.kind == "tag":
            raise self.error(following.start, "A field tag cannot follow a search-history reference",
                             f"#{number} already stands for a whole search; remove the tag.")
        return _Operand(HistoryRef(number, position=token.start), token.start, "history")

    def leaf(self) -> _Operand:
        """A word, a run of words followed by a tag, or a phrase; maybe a range with ':'."""
        token = self.peek()
        assert token is not None
        if token.kind == "phrase":
            self.advance()
            words = [(token.text, token.start + 1)]
            quoted = True
        else:
            # Words up to a tag become one tagged phrase; without a tag, one word is one leaf.
            run = 0
            while (t := self.peek(run)) is not None and t.kind == "word":
                run += 1
            tagged = (t := self.peek(run)) is not None and t.kind == "tag"
            taken = [self.advance() for _ in range(run if tagged else 1)]
            words = [(t.text, t.start) for t in taken]
            quoted = False
        tag = self.advance() if (t := self.peek()) is not None and t.kind == "tag" else None
        operand = self.tagged(words, quoted, token.start, tag)
        colon = self.peek()
        if colon is not None and colon.kind == "colon" and tag is not None:
            return self.range_between(operand, tag, colon)
        return operand

    def tagged(self, words: list[tuple[str, int]], quoted: bool, start: int,
               tag: _Token | None) -> _Operand:
        info, distance = self.read_tag(tag) if tag is not None else (None, None)
        if quoted:
            raw, offset = words[0]
            text = " ".join(raw.split())
            if not text:
                raise self.error(start, "Empty phrase", "Put words between the quotation marks.")
            pieces = [(m.group(), offset + m.start()) for m in re.finditer(r"\S+", raw)]
        else:
            # the words as typed, commas included: "Fractures, Bone"[mh] names the heading
            text = " ".join(self.text[words[0][1] : words[-1][1] + len(words[-1][0])].split())
            pieces = words
            if info is None or not info.dates:
                for word, position in pieces:
                    if ":" in word:
                        raise self.error(
                            position + word.index(":"), "':' makes a range, which needs a date tag",
                            "Write a range of dates with a date tag, e.g. 2015:2020[dp]; "
                            "to search a word with ':' in it, put it in double quotes.")
        if info is not None and not quoted and len(pieces) > 1 and pieces[0][0].lower() == "exp":
            self.warnings.append(QueryWarning(
                "'exp' is Ovid's explode command; PubMed searches it as a word of the heading. "
                "In PubMed [mh] already explodes: write Child[mh].", pieces[0][1]))
        if info is not None and info.dates and not quoted and ":" in text:
            return self.date_range(pieces, info, start)
        for word, position in pieces:
            self.check_truncation(word, position)
        self.check_stem(text, start + (1 if quoted else 0))
        if distance is not None:
            assert info is not None and tag is not None
            if not quoted or len(pieces) < 2:
                raise self.error(start, "A proximity search needs two or more words in double quotes",
                                 f'e.g. "hand hygiene"[{info.tag}:~{distance}].')
            node: Node = Proximity(text, distance, position=start)
        elif quoted or len(pieces) > 1:
            node = Phrase(text, position=start)
        else:
            node = _word_node(text, start)
        bare_number = info is None and not quoted and text.isdigit()
        if info is not None:
            node = Field(node, (info.name,), position=start)
        return _Operand(node, start, "leaf", bare_number)

    def read_tag(self, tag: _Token) -> tuple[FieldInfo, int | None]:
        content = tag.text
        distance = None
        match = _PROXIMITY.match(content)
        if match:
            content, distance = match.group("field"), int(match.group("distance"))
        elif "~" in content:
            raise self.error(tag.start, f"[{tag.text}] is not a valid proximity tag",
                             'Write the distance after ":~", e.g. "hand hygiene"[tiab:~3].')
        if not content.strip():
            raise self.error(tag.start, "Empty field tag", "Put a field tag in the brackets, e.g. [tiab].")
        info = lookup_tag(content)
        if info is None:
            nearest = nearest_tag(content)
            hint = (f"Did you mean [{nearest}]?" if nearest
                    else "Common tags: [tiab], [ti], [ab], [mh], [majr], [tw], [au], [pt], [dp].")
            raise self.error(tag.start, f"Unknown field tag [{content.strip()}]", hint)
        if distance is not None and not info.proximity:
            allowed = ", ".join(f"[{f.tag}]" for f in FIELDS.values() if f.proximity)
            raise self.error(tag.start, f"PubMed has no proximity search in [{info.tag}]",
                             f"Proximity works in {allowed} only.")
        return info, distance

    def check_truncation(self, word: str, position: int) -> None:
        """Each word may end in '*' (truncation); a '*' elsewhere is refused."""
        star = word.find("*")
        if star == -1:
            return
        if star != len(word) - 1:
            raise self.error(position + star, "A '*' inside a word is not supported here",
                             "Put the * at the end of the word stem, e.g. organi*; PubMed's "
                             "wildcards inside words are not part of this course's practice database.")
        if not any(c.isalnum() for c in word[:-1]):
            raise self.error(position, "A '*' needs a word stem before it",
                             "Put the * at the end of a word stem, e.g. nurs*.")

    def check_stem(self, text: str, position: int) -> None:
        """PubMed: a term or phrase needs at least MIN_STEM characters before its first '*'."""
        star = text.find("*")
        if star != -1 and star < MIN_STEM:
            stem = text[:star]
            raise self.error(
                position, f"The truncated stem '{stem}' is too short",
                f"PubMed needs at least {MIN_STEM} characters before the *: lengthen the stem, "
                f"or search the words in full (e.g. {stem} OR {stem}s).")

    def date_range(self, pieces: list[tuple[str, int]], info: FieldInfo, start: int) -> _Operand:
        if len(pieces) != 1 or pieces[0][0].count(":") != 1:
            raise self.error(start, "A date range is two dates joined by ':'",
                             f"e.g. 2015:2020[{info.tag}] or 2015/01/01:2020/12/31[{info.tag}].")
        word, position = pieces[0]
        first, last = word.split(":")
        self.check_date(first, position, info)
        self.check_date(last, position + len(first) + 1, info)
        return _Operand(Field(Range(first, last, position=start), (info.name,), position=start), start, "leaf")

    def check_date(self, value: str, position: int, info: FieldInfo) -> None:
        if not _DATE.match(value):
            raise self.error(position, f"'{value}' is not a date PubMed can search",
                             f"Write dates as YYYY, YYYY/MM or YYYY/MM/DD, e.g. 2015/01/31[{info.tag}].")

    def range_between(self, left: _Operand, tag: _Token, colon: _Token) -> _Operand:
        """``"2015"[dp] : "2020"[dp]``: two tagged dates joined by a lone ':'."""
        self.advance()
        right_token = self.peek()
        hint = 'Write both ends with the same date tag, e.g. "2015"[dp] : "2020"[dp].'
        if right_token is None or right_token.kind not in ("word", "phrase"):
            raise self.error(colon.start, "':' needs a date after it", hint)
        right = self.leaf()
        start_value, end_value = _range_value(left.node), _range_value(right.node)
        if (start_value is None or end_value is None
                or not isinstance(left.node, Field) or not isinstance(right.node, Field)
                or left.node.fields != right.node.fields):
            raise self.error(colon.start, "':' joins two dates with the same date tag", hint)
        info = FIELDS[left.node.fields[0]]
        if not info.dates:
            raise self.error(colon.start, f"[{info.tag}] does not take a range", hint)
        self.check_date(start_value, left.start, info)
        self.check_date(end_value, right.start, info)
        return _Operand(Field(Range(start_value, end_value, position=left.start), (info.name,),
                              position=left.start), left.start, "leaf")


def _range_value(node: Node) -> str | None:
    if isinstance(node, Field) and isinstance(node.child, (Term, Phrase)):
        return node.child.text
    return None


def _word_node(word: str, position: int) -> Node:
    if word.endswith("*"):
        return Truncated(word[:-1], position=position)
    return Term(word, position=position)


def _combine(operator: str, left: Node, right: Node) -> Node:
    # Same-operator chains flatten into one n-ary node; NOT stays binary (left-associative).
    if operator == "NOT":
        return Not(left, right, position=left.position)
    kind = And if operator == "AND" else Or
    children: list[Node] = []
    for side in (left, right):
        children.extend(side.children if isinstance(side, kind) else (side,))
    return kind(tuple(children), position=left.position)


def _number_list(numbers: list[int]) -> str:
    if len(numbers) > 6:
        return f"#{numbers[0]} to #{numbers[-1]}"
    return ", ".join(f"#{n}" for n in numbers)


# --------------------------------------------------------------------------------------------
# Printing


class _Printer(TreeVisitor[str]):
    """Prints a tree as PubMed; compound children are bracketed by :func:`_child`."""

    def __init__(self, top: bool) -> None:
        self.top = top

    def visit_combination(self, node: And | Or) -> str:
        if not node.children:
            raise QueryError(f"An empty {type(node).__name__} cannot be printed.")
        if len(node.children) == 1:
            return self.visit(node.children[0])
        joiner = " AND " if isinstance(node, And) else " OR "
        return joiner.join(_child(child) for child in node.children)

    def visit_not(self, node: Not) -> str:
        return f"{_child(node.left)} NOT {_child(node.right)}"

    def visit_history_ref(self, node: HistoryRef) -> str:
        return f"#{node.number}"

    def visit_field(self, node: Field) -> str:
        return _render_field(node)

    def visit_term(self, node: Term) -> str:
        return _leaf(node)

    visit_truncated = visit_phrase = visit_term

    def generic_visit(self, node: Node) -> str:  # Proximity, Range, Near
        raise QueryError(
            f"PubMed cannot search {type(node).__name__.lower()} without a field tag.",
            hint="Wrap it in a Field, e.g. Field(Proximity(...), ('tiab',)).")


def _render(node: Node, top: bool = False) -> str:
    return _Printer(top).visit(node)


def _child(node: Node) -> str:
    # Compound children are always bracketed, so the printed form never relies on
    # PubMed's left-to-right reading.
    while isinstance(node, (And, Or)) and len(node.children) == 1:
        node = node.children[0]
    text = _render(node)
    return f"({text})" if isinstance(node, BOOLEAN) else text


def _leaf(node: Node, tag: str = "") -> str:
    suffix = f"[{tag}]" if tag else ""
    if isinstance(node, Term):
        if _plain_word(node.text):
            return node.text + suffix
        return f'"{_phrase_text(node.text)}"{suffix}'
    if isinstance(node, Truncated):
        if _plain_word(node.stem) and node.stem:
            return f"{node.stem}*{suffix}"
        return f'"{_phrase_text(node.stem)}*"{suffix}'
    if isinstance(node, Phrase):
        return f'"{_phrase_text(node.text)}"{suffix}'
    raise QueryError(f"Cannot print {node!r} as a PubMed term.")


def _plain_word(text: str) -> bool:
    # A word that reads back as the same Term when printed without quotes.
    return (
        bool(text)
        and not any(c.isspace() or c in _SPECIAL or c in "*:," for c in text)
        and text not in OPERATORS
        and not text.startswith("#")
        and any(c.isalnum() for c in text)
    )


def _phrase_text(text: str) -> str:
    if any(q in text for q in QUOTES):
        raise QueryError(f"PubMed cannot search a phrase containing a double quote: {text!r}.")
    return text


def _render_field(node: Field) -> str:
    fields = tuple(dict.fromkeys(node.fields))
    if set(fields) == {"ti", "ab"}:
        fields = ("tiab",)
    if len(fields) > 1:  # e.g. Ovid .ti,kw.: the same search in each field, ORed
        return "(" + " OR ".join(_render_field(Field(node.child, (f,))) for f in fields) + ")"
    if not fields:
        return _render(node.child)
    name = fields[0]
    info = FIELDS.get(name)
    if info is None:
        raise QueryError(f"PubMed has no field for {name!r}.",
                         hint=f"Known fields: {', '.join(FIELDS)}.")
    child = node.child
    if isinstance(child, (Term, Truncated, Phrase)):
        return _leaf(child, info.tag)
    if isinstance(child, Proximity):
        if not info.proximity:
            raise QueryError(f"PubMed has no proximity search in [{info.tag}].")
        return f'"{_phrase_text(child.text)}"[{info.tag}:~{child.distance}]'
    if isinstance(child, Range):
        if not info.dates:
            raise QueryError(f"PubMed cannot search a range in [{info.tag}].")
        return f"{child.start}:{child.end}[{info.tag}]"
    if isinstance(child, Near):
        sides = [child.left, child.right]
        if (not child.ordered and info.proximity
                and all(isinstance(side, (Term, Truncated, Phrase)) for side in sides)):
            words = " ".join(_leaf(side).strip('"') for side in sides)
            return f'"{words}"[{info.tag}:~{child.distance}]'
        raise QueryError(
            "PubMed's proximity search only takes words or phrases, in any order, in "
            "[ti], [tiab] or [ad].")
    if isinstance(child, BOOLEAN):
        # PubMed has no tag on a group: give the tag to each term inside it.
        return _render(push_field(child, fields), top=True)
    raise QueryError(f"PubMed cannot put a field tag on {child!r}.")


