"""Ovid MEDLINE syntax: parse one search line into the shared AST and print the AST back as Ovid.

Ovid is the syntax most Cochrane strategies are published in, one numbered line at a time::

    exp Falls, Accidental/            exploded heading          Field(Phrase(..), ("mh",))
    Falls, Accidental/                heading alone             Field(Phrase(..), ("mh:noexp",))
    *Falls, Accidental/               major heading             ("majr:noexp",)
    Lasers/du                         heading with subheading   Phrase("Lasers/diagnostic use")
    (falls or faller$).ti,ab.         words in fields           Field(Or(..), ("tiab",))
    fall$  fall*  fall:               unlimited truncation      Truncated("fall")
    hypno$6                           limited truncation        Term("hypno$6") (kept as written)
    colo?r  wom#n                     optional / mandatory wildcard, kept inside Term text
    (hip adj3 fracture$).ti,ab.       within 3 words, any order Near(.., distance=2)
    1 or 2,  or/1-12,  and/17,34      history references        Or((HistoryRef(1), HistoryRef(2)))
    limit 26 to yr="2015-2020"        a limit on a line         And((HistoryRef(26), Field(Range(..), ("dp",))))

Ovid's own help pages checked (January 2026):
- Truncation and wildcards (``$``, ``$n``, ``:``, ``#`` one required character, ``?`` one optional
  character): http://zatoka.icm.edu.pl/OVIDWEB/ovidweb.cgi?HC=syntax and
  http://www.library.yale.edu/scilib/help/ovidtips.html
- ``ADJn`` finds the terms "separated by n-1 words", in any order, and plain ``ADJ`` is a phrase:
  https://tools.ovid.com/ovidgo/searches/training.php — so ``adj3`` allows at most two words between,
  which is ``Near(distance=2)`` (the AST counts words between, as PubMed's ``[tiab:~N]`` does).
- ``*`` is accepted for truncation as well as ``$``: https://hslmcmaster.libguides.com/srm/truncation
- Rechecked December 2026: the training page still reads "ADJn ... separated by n-1 words apart,
  the terms occurring in any order" and "ADJ carries out a regular phrase search"; the BMA
  Library's Ovid guide gives ``(home adj3 help).ti.`` finding "help in the home" (two words
  between). Ovid skips stop words when counting; the practice database counts every word.
- A word typed without a field suffix searches Ovid's default fields (``.mp.``); the parser leaves
  it untagged, and the practice database gives it ``.mp.`` (its ``[tw]``) when the history or
  search is in Ovid syntax (see :func:`searchcraft.practice.database.with_default_fields`).

Precedence: the Ovid help pages consulted do not spell out an order for mixed operators, so this
parser reads ``adj`` first, then ``not``, then ``and``, then ``or``: the order of the classic
command-line hosts (Dialog: http://www.blueroom.com/dialog/search-operators-order-of.htm). A line
that mixes ``or`` with other operators without brackets gets a warning, because Ovid, the reader and
the database you translate to may group it otherwise. The printer always brackets every compound
part, so what it prints never depends on precedence.

Example::

    >>> from searchcraft.query import ovid
    >>> ovid.render(ovid.parse("(fall$ adj3 prevent$).ti,ab."))
    '(fall* adj3 prevent*).ti,ab.'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

from ..errors import QueryError, QuerySyntaxError
from .ast import (
    BOOLEAN,
    And,
    Combination,
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
    placed,
    push_field,
)
from .parsed import ParsedQuery, QueryWarning
from .target import Target
from .tokens import Token, TokenParser, quoted

# Ovid field codes -> the kit's canonical field names (see searchcraft.query.ast).
# Ovid MEDLINE .tw. is title and abstract words, so it is PubMed's [tiab]; .mp. (title, abstract,
# heading words, keywords, substance names...) is closest to PubMed's [tw].
FIELD_CODES: dict[str, str] = {
    "ti": "ti",
    "ab": "ab",
    "tw": "tiab",
    "mp": "tw",
    "af": "all",
    "au": "au",
    "jn": "ta",
    "ja": "ta",
    "jx": "ta",
    "pt": "pt",
    "la": "la",
    "sh": "mh:noexp",
    "hw": "mh:noexp",
    "fs": "sh",
    "kw": "kw",
    "kf": "kw",
    "nm": "nm",
    "rn": "rn",
    "ui": "pmid",
    "an": "pmid",
    "yr": "dp",
    "py": "dp",
    "dp": "dp",
    "ed": "edat",
    "ot": "ovid.ot",  # original (non-English) title: nothing in PubMed searches it alone
    "xs": "ovid.xs",  # exploded subheading
    "fx": "ovid.fx",
    "fu": "ovid.fu",
    "cm": "ovid.cm",
    "ep": "ovid.ep",
}
# The canonical names printed back as Ovid codes (first choice wins).
CANONICAL_CODES: dict[str, str] = {
    "ti": "ti",
    "ab": "ab",
    "tiab": "ti,ab",
    "tw": "mp",
    "all": "af",
    "au": "au",
    "ta": "jn",
    "pt": "pt",
    "la": "la",
    "mh:noexp": "sh",
    "sh": "fs",
    "kw": "kf",
    "nm": "nm",
    "rn": "rn",
    "pmid": "ui",
    "dp": "yr",
    "edat": "ed",
}
for _code, _name in FIELD_CODES.items():
    if _name.startswith("ovid."):
        CANONICAL_CODES[_name] = _code

#: The syntax's name in the kit, how a learner reads it, and its place in lists of syntaxes.
NAME, LABEL, ORDER = "ovid", "Ovid", 2

# MeSH subheading abbreviations used after a heading's slash (Lasers/du) and in .fs.
SUBHEADINGS: dict[str, str] = {
    "ab": "abnormalities", "ad": "administration & dosage", "ae": "adverse effects",
    "ag": "agonists", "ah": "anatomy & histology", "ai": "antagonists & inhibitors",
    "an": "analysis", "bi": "biosynthesis", "bl": "blood", "bs": "blood supply",
    "ce": "cerebrospinal fluid", "cf": "cerebrospinal fluid", "ch": "chemistry",
    "ci": "chemically induced", "cl": "classification", "cn": "congenital", "co": "complications",
    "cs": "chemical synthesis", "ct": "contraindications", "cy": "cytology", "de": "drug effects",
    "df": "deficiency", "dg": "diagnostic imaging", "di": "diagnosis", "dh": "diet therapy",
    "dt": "drug therapy", "du": "diagnostic use", "ec": "economics", "ed": "education",
    "eh": "ethnology", "em": "embryology", "en": "enzymology", "ep": "epidemiology",
    "es": "ethics", "et": "etiology", "ge": "genetics", "gd": "growth & development",
    "hi": "history", "im": "immunology", "in": "injuries", "ir": "innervation",
    "is": "isolation & purification", "lj": "legislation & jurisprudence", "ma": "manpower",
    "me": "metabolism", "mi": "microbiology", "mo": "mortality", "mt": "methods", "nu": "nursing",
    "og": "organization & administration", "pa": "pathology", "pc": "prevention & control",
    "pd": "pharmacology", "pk": "pharmacokinetics", "ph": "physiology", "pp": "physiopathology",
    "po": "poisoning", "ps": "parasitology", "px": "psychology", "py": "pathogenicity",
    "ra": "radiography", "re": "radiation effects", "rh": "rehabilitation",
    "ri": "radionuclide imaging", "rt": "radiotherapy", "sc": "secondary", "sd": "supply & distribution",
    "se": "secretion", "sn": "statistics & numerical data", "st": "standards", "su": "surgery",
    "td": "trends", "th": "therapy", "tm": "transmission", "to": "toxicity", "tr": "transplantation",
    "tu": "therapeutic use", "ul": "ultrastructure", "ur": "urine", "us": "ultrasonography",
    "ut": "utilization", "ve": "veterinary", "vi": "virology",
}
SUBHEADING_CODES = {name: code for code, name in reversed(list(SUBHEADINGS.items()))}

# Where a limit names something, the field it limits on.
LIMIT_FIELDS = {"yr": "dp", "py": "dp", "ed": "edat", "dp": "dp", "ep": "edat"}
LIMIT_FIELD_CODES = {"dp": "yr", "edat": "ed"}
LIMIT_LANGUAGES = {
    "english", "french", "german", "spanish", "italian", "danish", "norwegian", "swedish",
    "dutch", "portuguese", "japanese", "chinese", "russian", "polish", "finnish",
}
# A limit with no field equivalent is kept, marked with this pseudo-field, so it prints back.
UNMAPPED_LIMIT = "ovid.limit"
#: What translating into Ovid needs to know.
TARGET = Target(LABEL, frozenset(CANONICAL_CODES) | {"majr", "majr:noexp", "mh", UNMAPPED_LIMIT}, "near",
                wildcards=True, history=True, years_only=frozenset({"dp"}))  # limit to yr="2015-2020"

_OPERATORS = {"and", "or", "not"}
_ADJ = re.compile(r"adj(\d*)$", re.IGNORECASE)
_FIELD_SUFFIX = re.compile(
    r"\.\s?(?P<codes>[a-z]{2,3}(?:\s?[,.]\s?(?!(?:or|and|not|adj\d*|exp)\b)[a-z]{2,3}(?![a-z]))*)"
    r"(?P<dot>\s?\.)?(?=[\s)]|$)",
    re.IGNORECASE,
)
_SLASH = re.compile(r"/(?P<subs>[a-z]{2}(?:\s*,\s*[a-z]{2})*)?(?=[\s)]|$)", re.IGNORECASE)
_COMBINE = re.compile(r"^\s*(and|or)\s*(/|\s)\s*(\d[\d\s,\-]*?)\s*$", re.IGNORECASE)
_LIMIT = re.compile(r"^\s*limit\s+(\d+)\s+to\s+(.+?)\s*$", re.IGNORECASE)
_INLINE_LIMIT = re.compile(
    r'(?:yr|py|ed)\s*=\s*(?:"\s*\d[\d/]*\s*(?:-\s*(?:\d[\d/]*|current)\s*)?"'
    r'|\d[\d/]*(?:\s*-\s*(?:\d[\d/]*|current))?)(?![\w"])',
    re.IGNORECASE)
_NOTE = re.compile(r"\s*\[[^\[\]\"]*\]\s*$")
_QUOTES = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}
_RESERVED = re.compile(r"(^|\s)(and|or|not|adj\d*|exp)(\s|$)|[()/\"=\[\]]", re.IGNORECASE)


class _Lexer:
    """Splits one Ovid line into tokens, keeping each token's position for error messages.

    Kinds: word, quoted, op, adj, exp, lparen, rparen, limit, slash, fields.
    """

    def __init__(self, text: str, warnings: list[QueryWarning]) -> None:
        self.text = text
        self.warnings = warnings

    def tokens(self) -> list[Token]:
        text, i, out = self.text, 0, []
        while i < len(text):
            char = text[i]
            if char.isspace():
                i += 1
            elif char == "(":
                out.append(Token("lparen", char, i))
                i += 1
            elif char == ")":
                out.append(Token("rparen", char, i))
                i += 1
            elif (match := _INLINE_LIMIT.match(text, i)) and (i == 0 or not text[i - 1].isalnum()):
                node = _limit_node(match.group(0), text, i, self.warnings)
                out.append(Token("limit", match.group(0), i, node))
                i = match.end()
            elif char == '"':
                token, i = quoted(text, i)
                out.append(token)
            elif char == "/" and (match := _SLASH.match(text, i)):
                subs = match.group("subs")
                codes = tuple(c.strip().lower() for c in subs.split(",")) if subs else ()
                out.append(Token("slash", match.group(0), i, codes))
                i = match.end()
            elif char == "." and out and out[-1].kind in ("rparen", "quoted", "word") and (
                match := _FIELD_SUFFIX.match(text, i)
            ):
                out.append(self._fields(match, i))
                i = match.end()
            else:
                i = self._word(i, out)
        return out

    def _fields(self, match: re.Match[str], position: int) -> Token:
        raw = match.group("codes")
        codes = tuple(c.strip().lower() for c in re.split(r"[,.]", raw))
        if "." in raw.replace(" ", ""):
            self.warnings.append(QueryWarning(
                f"The field list '{match.group(0).strip()}' separates its codes with full stops; "
                f"read as .{','.join(codes)}. (Ovid expects commas).", position))
        elif not match.group("dot"):
            self.warnings.append(QueryWarning(
                f"The field list '{match.group(0).strip()}' has no closing full stop; "
                f"read as .{','.join(codes)}.", position))
        return Token("fields", match.group(0), position, codes)

    def _word(self, start: int, out: list[Token]) -> int:
        text, i = self.text, start
        while i < len(text) and not text[i].isspace() and text[i] not in '()"':
            if text[i] == "/" and _SLASH.match(text, i):
                break
            if text[i] == "." and i > start and _FIELD_SUFFIX.match(text, i):
                break
            i += 1
        word = text[start:i]
        lower = word.lower()
        if not any(c.isalnum() for c in word) and word != "*":  # a lone * marks a major heading
            raise QuerySyntaxError(f"'{word}' is not a word Ovid can search", query=text, position=start,
                                   hint="Truncation ($ or *) and wildcards (? and #) go inside or after "
                                        "a word, e.g. fall$ or colo?r.")
        if lower in _OPERATORS:
            out.append(Token("op", lower, start))
        elif adj := _ADJ.match(word):
            digits = adj.group(1)
            out.append(Token("adj", word, start, int(digits) if digits else 1))
        elif lower == "exp" and not (out and out[-1].kind in ("word", "quoted")):
            out.append(Token("exp", word, start))
        else:
            out.append(Token("word", word, start))
        return i


class _Parser(TokenParser):
    """Recursive descent over one line's tokens: or < and < not < adj < fields < operand."""

    empty_message = "Empty search line"
    empty_hint = "Type a word, a heading ending in /, or a line number."
    unexpected_hint = "Join search terms with and, or, not or adjN."

    # Each level returns the node; mixing levels without brackets is noted as a precedence warning.
    def expression(self) -> Node:
        start = self.i
        node = self._level("or", self._and, set())
        ops = self._ops_outside_brackets(start, self.i)
        ambiguous = ("or" in ops and len(set(ops)) > 1) or (
            "not" in ops and "and" in ops[ops.index("not"):])
        if ambiguous:
            self.warnings.append(QueryWarning(
                "This line mixes " + ", ".join(sorted(set(ops))) + " without brackets; it is read "
                "with adj first, then not, then and, then or. Add brackets to make the grouping "
                "explicit.", self.tokens[start].position))
        return node

    def _ops_outside_brackets(self, start: int, end: int) -> list[str]:
        """The operators between tokens ``start`` and ``end`` that are not inside brackets."""
        depth, ops = 0, []
        for token in self.tokens[start:end]:
            if token.kind == "lparen":
                depth += 1
            elif token.kind == "rparen":
                depth -= 1
            elif token.kind == "op" and depth == 0:
                ops.append(token.text)
        return ops

    def _level(self, op: str, lower: Callable[[set[str]], Node], ops_seen: set[str]) -> Node:
        children = [lower(ops_seen)]
        while (token := self.peek()) is not None and token.kind == "op" and token.text == op:
            ops_seen.add(op)
            self.i += 1
            if op == "not":
                children = [Not(children[0], lower(ops_seen), position=children[0].position)]
            else:
                children.append(lower(ops_seen))
        if len(children) == 1:
            return children[0]
        kind = And if op == "and" else Or
        return kind(tuple(children), position=children[0].position)

    def _and(self, ops_seen: set[str]) -> Node:
        return self._level("and", self._not, ops_seen)

    def _not(self, ops_seen: set[str]) -> Node:
        return self._level("not", self._adj, ops_seen)

    def _adj(self, ops_seen: set[str]) -> Node:
        node = self._fielded()
        while (token := self.peek()) is not None and token.kind == "adj":
            self.i += 1
            right = self._fielded()
            if token.value == 1 and token.text.lower() == "adj":
                # plain adj: next to each other, in order
                node = Near(node, right, 0, ordered=True, position=node.position)
            else:
                node = Near(node, right, max(token.value - 1, 0), position=node.position)
        return node

    def _fielded(self) -> Node:
        node = self._operand()
        while (token := self.peek()) is not None and token.kind == "fields":
            self.i += 1
            node = _apply_fields(node, token.value, token.position, self.warnings)
        return node

    def _operand(self) -> Node:
        token = self.peek()
        if token is None:
            raise self.error("The line ends where a search term was expected",
                             hint="Finish the line with a word, a heading or a line number.")
        if token.kind == "lparen":
            self.i += 1
            return self.bracketed(token)
        if token.kind == "exp":
            self.i += 1
            return self._words(exploded=True, exp_token=token)
        if token.kind in ("word", "quoted"):
            return self._words(exploded=False)
        if token.kind == "limit":
            self.i += 1
            return cast(Node, token.value)
        if token.kind == "rparen":
            raise self.error("Empty brackets or a bracket in the wrong place", token.position,
                             hint="Put a search term inside the brackets.")
        raise self.error(f"'{token.text}' cannot start a search term", token.position,
                         hint="Put a word, a heading or a line number on each side of an operator.")

    def _words(self, *, exploded: bool, exp_token: Token | None = None) -> Node:
        start = self.peek()
        parts: list[Token] = []
        while (token := self.peek()) is not None and token.kind in ("word", "quoted"):
            parts.append(token)
            self.i += 1
        after = self.peek()
        if after is not None and after.kind == "slash":
            self.i += 1
            if not parts:
                raise self.error("A heading needs a name before its /", after.position)
            heading = _heading(parts, after.value, exploded, self.warnings, self.text)
            return placed(heading, exp_token.position if exp_token else parts[0].position)
        if exploded:
            position = exp_token.position if exp_token else start.position if start else None
            raise self.error("'exp' must be followed by a heading ending in /", position,
                             hint="Write e.g. exp Falls, Accidental/")
        if not parts:
            raise self.error("A search term was expected", start.position if start else None)
        if len(parts) == 1 and parts[0].kind == "word" and parts[0].text.isdigit():
            number = int(parts[0].text)
            if self.history is not None and number not in self.history:
                raise self.error(f"Line {number} does not exist", parts[0].position,
                                 hint="Refer only to earlier lines of the strategy.")
            if after is None or after.kind != "fields":
                return HistoryRef(number, position=parts[0].position)
        return placed(_text_node(parts), parts[0].position)


def _text_node(parts: list[Token]) -> Node:
    """Words next to each other form a phrase in Ovid; one word is a term (or truncated stem)."""
    if len(parts) == 1 and (parts[0].kind == "word" or " " not in parts[0].text.strip()):
        return word_node(parts[0].text.strip())
    words = " ".join(p.text for p in parts).split()
    if len(words) == 1:
        return word_node(words[0]) if parts[0].kind == "word" else Phrase(_phrase_word(words[0]))
    return Phrase(" ".join(_phrase_word(w) for w in words))


def word_node(word: str) -> Node:
    """One Ovid word: ``fall$`` / ``fall*`` / ``fall:`` truncate; ``$n`` and wildcards stay in Term."""
    match = re.fullmatch(r"(.+?)[$*:]", word)
    if match and not re.search(r"[$*:]", match.group(1)):
        return Truncated(match.group(1))
    return Term(word)


def _phrase_word(word: str) -> str:
    # In a phrase a truncated word is written with * (as PubMed and ast.Phrase expect).
    return re.sub(r"[$:]$", "*", word)


def _heading(parts: list[Token], subheadings: tuple[str, ...], exploded: bool, warnings: list[QueryWarning],
             text: str = "") -> Node:
    words = [p.text for p in parts]
    major = False
    if words and words[0].startswith("*"):
        major = True
        words[0] = words[0][1:]
    if words and words[0].lower() == "exp" and len(words) > 1 and not exploded:
        exploded = True
        words = words[1:]
    # written as a quoted phrase would read it, so that printing the heading and parsing it back agree
    name = " ".join(_phrase_word(w) for w in words if w).strip()
    if "/" in name or not name:
        raise QuerySyntaxError("A heading name cannot contain '/' or be empty", query=text,
                               position=parts[0].position,
                               hint="End each heading with one /, e.g. Dementia/ or Dementia/di")
    doubled = name.split()
    half = len(doubled) // 2
    if len(doubled) % 2 == 0 and half and [w.lower() for w in doubled[:half]] == [w.lower() for w in doubled[half:]]:
        warnings.append(QueryWarning(
            f"The heading '{name}/' repeats its words; read as '{' '.join(doubled[:half])}/'.",
            parts[0].position))
        name = " ".join(doubled[:half])
    tag = ("majr" if major else "mh") + ("" if exploded else ":noexp")
    if not subheadings:
        return Field(Phrase(name), (tag,))
    nodes = []
    for code in subheadings:
        full = SUBHEADINGS.get(code)
        if full is None:
            warnings.append(QueryWarning(f"Unknown subheading '/{code}' kept as written.", parts[0].position))
            full = code
        nodes.append(Field(Phrase(f"{name}/{full}"), (tag,)))
    return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))


def _apply_fields(node: Node, codes: tuple[str, ...], position: int, warnings: list[QueryWarning]) -> Node:
    names: list[str] = []
    for code in codes:
        name = FIELD_CODES.get(code)
        if name is None:
            warnings.append(QueryWarning(f"Unknown Ovid field code '.{code}.' kept as written.", position))
            name = f"ovid.{code}"
        if name not in names:
            names.append(name)
    if "ti" in names and "ab" in names:  # .ti,ab. is title/abstract
        names[names.index("ti")] = "tiab"
        names.remove("ab")
    if "tiab" in names and names.count("tiab") > 1:
        names = list(dict.fromkeys(names))
    if "sh" in names:
        node = _subheading_words(node)
    if names and all(n in ("mh", "mh:noexp", "majr", "majr:noexp") for n in names):
        node = _heading_phrases(node)  # .sh. searches headings: humans.sh. is the heading Humans
        if isinstance(node, BOOLEAN):
            return push_field(node, tuple(names))  # (a or b).sh. is a/ or b/
    return Field(node, tuple(names), position=node.position)


class _InBooleans(TreeTransformer):
    """Rewrites the search terms of a tree through AND and OR (and NOT when ``through_not``),
    leaving fielded searches, proximity searches and references as they are."""

    through_not = True

    def visit_combination(self, node: And | Or) -> Node:
        return self.generic_visit(node)

    def visit_not(self, node: Not) -> Node:
        return self.generic_visit(node) if self.through_not else node

    def visit_query_node(self, node: Node) -> Node:
        return node


class _HeadingPhrases(_InBooleans):
    def visit_term(self, node: Term) -> Node:
        return Phrase(node.text, position=node.position)


def _heading_phrases(node: Node) -> Node:
    return _HeadingPhrases().visit(node)


class _SubheadingWords(_InBooleans):
    """In .fs. an abbreviation such as ``du`` means the subheading 'diagnostic use'."""

    through_not = False

    def visit_term(self, node: Term) -> Node:
        if node.text.lower() in SUBHEADINGS:
            return Phrase(SUBHEADINGS[node.text.lower()], position=node.position)
        return node


def _subheading_words(node: Node) -> Node:
    return _SubheadingWords().visit(node)


class _SubheadingCodes(_InBooleans):
    through_not = False

    def visit_phrase(self, node: Phrase) -> Node:
        if node.text.lower() in SUBHEADING_CODES:
            return Term(SUBHEADING_CODES[node.text.lower()], position=node.position)
        return node


def _subheading_codes(node: Node) -> Node:
    return _SubheadingCodes().visit(node)


# --- whole lines: combinations and limits -------------------------------------------------------

def _combine_line(text: str, history: set[int] | None, warnings: list[QueryWarning] | None = None) -> Node | None:
    match = _COMBINE.match(text)
    if not match:
        return None
    numbers: list[int] = []
    places: list[int] = []   # where each number is written (a range: where it is written)
    offset = match.start(3)
    for piece in match.group(3).split(","):
        piece_position = offset + text[offset:].find(piece.strip()) if piece.strip() else offset
        piece = piece.strip()
        if not piece:
            continue
        if "-" in piece:
            low, _, high = (p.strip() for p in piece.partition("-"))
            if not (low.isdigit() and high.isdigit()) or int(low) > int(high):
                raise QuerySyntaxError(f"'{piece}' is not a range of line numbers", query=text,
                                       position=piece_position, hint="Write e.g. or/1-12")
            numbers.extend(range(int(low), int(high) + 1))
            places.extend([piece_position] * (int(high) + 1 - int(low)))
        elif piece.isdigit():
            numbers.append(int(piece))
            places.append(piece_position)
        else:
            raise QuerySyntaxError(f"'{piece}' is not a line number", query=text, position=piece_position,
                                   hint="Write e.g. and/17,34")
    if history is not None:
        for number in numbers:
            if number not in history:
                raise QuerySyntaxError(f"Line {number} does not exist", query=text, position=offset,
                                       hint="Refer only to earlier lines of the strategy.")
    if match.group(2) != "/" and "-" in match.group(3) and warnings is not None:
        warnings.append(QueryWarning(
            f"'{text.strip()}' is read as {match.group(1).lower()}/{match.group(3).strip()} "
            "(Ovid's way of combining a range of lines).", 0))
    refs = tuple(HistoryRef(n, position=at) for n, at in zip(numbers, places, strict=True))
    if len(refs) == 1:
        return refs[0]
    return Or(refs, position=0) if match.group(1).lower() == "or" else And(refs, position=0)


def _limit_line(text: str, history: set[int] | None, warnings: list[QueryWarning]) -> Node | None:
    match = _LIMIT.match(text)
    if not match:
        return None
    number = int(match.group(1))
    if history is not None and number not in history:
        raise QuerySyntaxError(f"Line {number} does not exist", query=text, position=match.start(1),
                               hint="Refer only to earlier lines of the strategy.")
    limit = _limit_node(match.group(2), text, match.start(2), warnings)
    return And((HistoryRef(number, position=match.start(1)), limit), position=match.start())


def _limit_node(spec: str, text: str, position: int, warnings: list[QueryWarning]) -> Node:
    return placed(_limit_search(spec, text, position, warnings), position)


def _limit_search(spec: str, text: str, position: int, warnings: list[QueryWarning]) -> Node:
    spec = spec.strip()
    inner = spec[1:-1].strip() if spec.startswith("(") and spec.endswith(")") else spec
    if inner is not spec and re.search(r"\s(and|or)\s", inner, re.IGNORECASE):
        joiner = "and" if re.search(r"\sand\s", inner, re.IGNORECASE) else "or"
        pieces = re.split(rf"\s{joiner}\s", inner, flags=re.IGNORECASE)
        nodes = tuple(_limit_node(p, text, position, warnings) for p in pieces)
        return And(nodes) if joiner == "and" else Or(nodes)
    field_match = re.fullmatch(r"(\w+)\s*=\s*\"?\s*([\w/]+)\s*-\s*([\w/]+)\s*\"?", spec)
    if field_match and field_match.group(1).lower() in LIMIT_FIELDS:
        name = LIMIT_FIELDS[field_match.group(1).lower()]
        start, end = field_match.group(2), field_match.group(3)
        for value in (start, end):
            if not re.fullmatch(r"\d{4}|\d{8}|current", value, re.IGNORECASE) or (
                    name == "dp" and len(value) == 8):
                raise QuerySyntaxError(
                    f"'{value}' is not a date Ovid can limit to", query=text,
                    position=max(text.find(value, position), 0),
                    hint='Write years as yr="2015-2020" (or "2015-Current") and entry dates as '
                         "ed=20150101-20201231.")
        if end.lower() == "current":
            end = "3000"
        if name == "edat":
            start, end = _date(start), _date(end)
        return Field(Range(start, end), (name,))
    single = re.fullmatch(r"(\w+)\s*=\s*\"?\s*(\w+)\s*\"?", spec)
    if single and single.group(1).lower() in LIMIT_FIELDS:
        return Field(Term(single.group(2)), (LIMIT_FIELDS[single.group(1).lower()],))
    lower = spec.lower().strip('"')
    if lower.endswith(" language") and lower.split()[0] in LIMIT_LANGUAGES:
        return Field(Term(lower.split()[0]), ("la",))
    if lower in LIMIT_LANGUAGES:
        return Field(Term(lower), ("la",))
    if lower in ("humans", "human"):
        return Field(Phrase("Humans"), ("mh",))
    if lower in ("animals", "animal"):
        return Field(Phrase("Animals"), ("mh",))
    if lower.endswith("/all"):
        return Field(Phrase(lower[:-4].strip()), ("pt",))
    warnings.append(QueryWarning(f"The limit '{spec}' has no field equivalent; it is kept as written.",
                                 position))
    return Field(Phrase(spec.strip('"')), (UNMAPPED_LIMIT,))


def _date(value: str) -> str:
    """Ovid dates 19480101 -> 1948/01/01 (PubMed's form, used inside the AST)."""
    if re.fullmatch(r"\d{8}", value):
        return f"{value[:4]}/{value[4:6]}/{value[6:]}"
    return value


# --- public API ---------------------------------------------------------------------------------

def clean_line(text: str) -> tuple[str, str | None]:
    """Split a published Ovid line into the search and a trailing note such as ``[Diagnostic Use]``.

    >>> clean_line("Lasers/du [Diagnostic Use]")
    ('Lasers/du', 'Diagnostic Use')
    """
    for typographic, plain in _QUOTES.items():
        if typographic in "\u201c\u201d":
            text = text.replace(typographic, plain)
    match = _NOTE.search(text)
    note = None
    if match and text[: match.start()].count('"') % 2 == 0:
        note = match.group(0).strip()[1:-1].strip()
        text = text[: match.start()]
    return text.strip(), note


def analyse(text: str, *, history: set[int] | None = None) -> ParsedQuery:
    """Parse one Ovid line, returning the tree and the warnings a learner should read.

    >>> analyse("falls.ti,ab").warnings[0].message
    "The field list '.ti,ab' has no closing full stop; read as .ti,ab."
    """
    warnings: list[QueryWarning] = []
    line, _note = clean_line(text)
    node = _combine_line(line, history, warnings) or _limit_line(line, history, warnings)
    if node is None:
        tokens = _Lexer(line, warnings).tokens()
        node = _Parser(line, tokens, warnings, history).parse()
    return ParsedQuery(node, warnings)


def parse(text: str, *, history: set[int] | None = None) -> Node:
    """Parse one Ovid search line (``exp Falls, Accidental/``, ``or/1-12``...) into the AST."""
    return analyse(text, history=history).node


def field_code(name: str) -> str:
    """How a learner writes field ``name`` in Ovid (``.mp.``, ``exp .../``), or "" if Ovid has none."""
    if name in ("mh", "majr"):
        return "exp .../"
    if name in ("mh:noexp", "majr:noexp"):
        return ".../"
    code = CANONICAL_CODES.get(name)
    return f".{code}." if code else ""


def render(node: Node) -> str:
    """Print an AST as one Ovid line; brackets wherever operators of different kinds meet.

    >>> render(Field(Phrase("Falls, Accidental"), ("mh",)))
    'exp Falls, Accidental/'
    """
    limit = _render_limit(node)
    if limit is not None:
        return limit
    return _render(node, top=True)


def _render_limit(node: Node) -> str | None:
    if (isinstance(node, And) and len(node.children) == 2 and isinstance(node.children[0], HistoryRef)
            and _is_limit(node.children[1])):
        return f"limit {node.children[0].number} to {_limit_text(node.children[1])}"
    return None


class _IsLimit(TreeVisitor[bool]):
    """Whether a tree is what ``limit N to ...`` puts after ``to`` (limits combined by and/or)."""

    def visit_combination(self, node: And | Or) -> bool:
        return all(self.visit(c) for c in node.children)

    def visit_field(self, node: Field) -> bool:
        if len(node.fields) != 1:
            return False
        name = node.fields[0]
        if name == UNMAPPED_LIMIT:
            return True
        if name in LIMIT_FIELD_CODES and isinstance(node.child, Range):
            return True
        return name == "la" and isinstance(node.child, Term) and node.child.text.lower() in LIMIT_LANGUAGES

    def generic_visit(self, node: Node) -> bool:
        return False


def _is_limit(node: Node) -> bool:
    return _IsLimit().visit(node)


def _limit_text(node: Node) -> str:
    if isinstance(node, Combination):
        joiner = " and " if isinstance(node, And) else " or "
        return "(" + joiner.join(_limit_text(c) for c in node.children) + ")"
    assert isinstance(node, Field)
    name, child = node.fields[0], node.child
    if isinstance(child, Range):
        start, end = child.start, child.end
        if name == "edat":
            return f"ed={start.replace('/', '')}-{end.replace('/', '')}"
        return f'yr="{start} - {"Current" if end == "3000" else end}"'
    assert isinstance(child, (Term, Phrase))
    if name == UNMAPPED_LIMIT:
        return _quote(child.text)
    return f"{child.text.lower()} language"


class _Printer(TreeVisitor[str]):
    """Prints a tree as Ovid: every compound part below the top is bracketed, as parsed."""

    def __init__(self) -> None:
        self.top = True

    def inner(self, node: Node) -> str:
        """``node`` printed below the top (bracketed if compound)."""
        top, self.top = self.top, False
        try:
            return self.visit(node)
        finally:
            self.top = top

    def bracketed(self, text: str) -> str:
        return text if self.top else f"({text})"

    def visit_term(self, node: Term) -> str:
        return _quote(node.text) if _needs_quotes(node.text) else node.text

    def visit_truncated(self, node: Truncated) -> str:
        return _quote(node.stem + "*") if _needs_quotes(node.stem) else node.stem + "*"

    def visit_phrase(self, node: Phrase) -> str:
        return _quote(node.text)

    def visit_proximity(self, node: Proximity) -> str:
        return self.bracketed(f" adj{node.distance + 1} ".join(node.text.split()))

    def visit_history_ref(self, node: HistoryRef) -> str:
        return str(node.number)

    def visit_range(self, node: Range) -> str:
        return f"{node.start}-{node.end}"

    def visit_near(self, node: Near) -> str:
        op = "adj" if node.ordered and node.distance == 0 else f"adj{node.distance + 1}"
        return self.bracketed(f"{self.inner(node.left)} {op} {self.inner(node.right)}")

    def visit_field(self, node: Field) -> str:
        return _render_field(node)

    def visit_combination(self, node: And | Or) -> str:
        joiner = " and " if isinstance(node, And) else " or "
        return self.bracketed(joiner.join(self.inner(c) for c in node.children))

    def visit_not(self, node: Not) -> str:
        return self.bracketed(f"{self.inner(node.left)} not {self.inner(node.right)}")


def _render(node: Node, top: bool = False) -> str:
    printer = _Printer()
    printer.top = top
    return printer.visit(node)


def _needs_quotes(word: str) -> bool:
    """A word Ovid would read as something else (an operator, exp, a line number, a field list)."""
    lower = word.lower()
    return (lower in _OPERATORS or lower == "exp" or bool(_ADJ.match(word)) or word.isdigit()
            or not any(c.isalnum() for c in word) or bool(_INLINE_LIMIT.match(word))
            or any(c.isspace() or c in '()"/[]' for c in word)
            or bool(re.search(r"\.[a-z]{2,3}\.?$", word, re.IGNORECASE)))


def _quote(text: str) -> str:
    return f'"{text}"'


def _render_field(node: Field) -> str:
    names = node.fields
    child = node.child
    headings = ("mh", "mh:noexp", "majr", "majr:noexp")
    if len(names) == 1 and names[0] in headings and isinstance(child, (Phrase, Term)):
        if _plain_heading(child.text):
            return _render_heading(child.text, names[0])
        if names[0] == "mh:noexp":  # not a name that prints before a slash: search it as .sh.
            return f"{_quote(child.text)}.sh."
    if len(names) == 1 and names[0] in headings and isinstance(child, BOOLEAN):
        return _render(push_field(child, names), top=False)
    if len(names) == 1 and names[0] in LIMIT_FIELD_CODES and isinstance(child, Range):
        return _limit_text(node)
    if len(names) == 1 and names[0] == UNMAPPED_LIMIT:
        limit = child.text if isinstance(child, (Term, Phrase)) else render(child)
        raise QueryError(f"The limit '{limit}' can only be printed as a line of its own.",
                         hint="Write it as: limit N to ...")
    if names and names[0] == "sh":
        child = _subheading_codes(child)
    codes: list[str] = []
    for name in names:
        code = CANONICAL_CODES.get(name)
        if code is None:
            raise QueryError(f"Ovid has no field code for '{name}'.",
                             hint="Use searchcraft.query.translate, which chooses the nearest field.")
        codes.append(code)
    inner = _render(child, top=False) if isinstance(child, (*BOOLEAN, Near, Proximity)) else _render(child)
    return f"{inner}.{','.join(codes)}."


def _plain_heading(text: str) -> bool:
    """A heading name that prints as ``Name/`` or ``Name/sub`` and reads back the same."""
    name, slash, sub = text.partition("/")
    words = name.lower().split()
    doubled = len(words) % 2 == 0 and words[: len(words) // 2] == words[len(words) // 2 :]
    return (bool(name.strip()) and not name.startswith("*") and '"' not in text and not doubled
            and (not slash or sub.lower() in SUBHEADING_CODES or sub.lower() in SUBHEADINGS))


def _render_heading(text: str, tag: str) -> str:
    name, _, sub = text.partition("/")
    prefix = "exp " if not tag.endswith(":noexp") else ""
    star = "*" if tag.startswith("majr") else ""
    shown = _quote(name) if _RESERVED.search(name) else name
    suffix = ""
    if sub:
        suffix = SUBHEADING_CODES.get(sub.lower(), sub)
    return f"{prefix}{star}{shown}/{suffix}"
