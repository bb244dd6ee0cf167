"""Every PubMed query line of the 24 real Cochrane strategies parses, or fails where it is broken.

The strategies (CLEF eHealth TAR, read in place from ``../shared/fixtures/clef-tar/``) are blocks
of text as the review authors published them. A block mixes three kinds of line:

* **labels and headings**: ``1a``, ``2. Population: low-back pain``, ``Searches (combinations)``;
* **prose combinations** of the labelled sections: ``A. 1a and (2a or 3) and 2b not 5``,
  ``Final search: A or B or C or D``, ``1 AND 2 AND 3 NOT 4`` (the numbers name sections, not
  ``#`` history lines, so this is not PubMed syntax);
* **query lines**, in PubMed syntax.

The rule (:func:`query_lines`): a line is a query line when it has something only a query has: a
field tag ``[...]``, a quotation mark, a ``#N`` reference, a ``*`` or an upper-case operator; and
it is not a combination, i.e. after an optional ``A.`` or ``Final search:`` prefix it holds only
section labels (``1a``, ``3``, ``B``), operators in any case and brackets. A query line that starts
with an operator, or follows one that ends with an operator, continues the previous query line
(published strategies wrap long lines as ``...)`` / ``AND`` / ``(...``).

Lines that are broken as published are listed in ``KNOWN_BROKEN`` with the reason and the text the
error must point at, so that a parser change that stops catching them, or starts failing on a good
line, shows up here.
"""

from __future__ import annotations

import json
import re

import pytest

from searchcraft.query import QuerySyntaxError, parse, walk
from support import SHARED, require

STRATEGIES = SHARED / "fixtures" / "clef-tar" / "strategies.jsonl"

_OPERATOR = re.compile(r"^(AND|OR|NOT)\b|\b(AND|OR|NOT)$")
_QUERY_MARK = re.compile(r'\[[^\]]*\]|["“”]|#\d|\*|\b(AND|OR|NOT)\b')
_COMBINATION_PREFIX = re.compile(r"^(?:[A-Z]\.\s+|[A-Za-z ]+:\s*)")
_COMBINATION = re.compile(r"^(?:\(*\s*(?:\d+[a-z]?|[A-Z])\s*\)*\s*(?:(?:and|or|not)\s+|$))+$", re.I)


def is_combination(line: str) -> bool:
    """``A. 1a and (2a or 3) and 2b not 5``: section labels combined in prose, not PubMed."""
    return bool(_COMBINATION.match(_COMBINATION_PREFIX.sub("", line.strip()).strip()))


def query_lines(block: str) -> list[str]:
    """The PubMed query lines of a published strategy block, wrapped lines joined (rule above)."""
    lines: list[str] = []
    joining = False
    for raw in block.splitlines():
        line = raw.strip()
        if not line or not _QUERY_MARK.search(line) or is_combination(line):
            joining = False
            continue
        if lines and (joining or re.match(r"(AND|OR|NOT)\b", line)):
            lines[-1] = f"{lines[-1]}\n{line}"
        else:
            lines.append(line)
        joining = bool(re.search(r"\b(AND|OR|NOT)$", line))
    return lines


# Published lines that are broken, by a pattern (re.search) that identifies the line:
# (text the error position must point at, offset into it; why the line is broken)
KNOWN_BROKEN = {
    r"#5 OR 6$": ("OR 6", 3, "the last reference lost its '#': '6' would be searched as a word"),
    r'^Serology"\[MeSH\]$': ('"', 0, "the opening quotation mark is missing"),
    r"\)Total references = 1551$": (
        "Total", 0, "the authors' note on the number of hits was pasted after the query"),
    r"OR newborn\)\* AND": (")*", 1, "a truncation '*' after a bracketed group"),
    r"3-IodoND \(131I\)": (
        "))) NOT case reports", 2,
        "a mangled stretch '(3-Iodo131I) benzyl) guanidine)' closes one bracket too many; read "
        "left to right, the surplus ')' is the last one before NOT"),
}


def strategies() -> list[dict]:
    require(STRATEGIES.is_file(), f"{STRATEGIES} (shared/ lives beside the clone)")
    with STRATEGIES.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [row for row in rows if row["syntax"] == "pubmed"]


def _cases() -> list[tuple[str, int, str, set[int] | None]]:
    try:
        rows = strategies()
    except BaseException:  # skip/fail is raised again inside the test
        return []
    cases = []
    for row in rows:
        lines = query_lines(row["query"])
        numbered = any(re.search(r"#\d", line) for line in lines)
        for number, line in enumerate(lines, start=1):
            # In a block of history lines, line N may refer to lines 1..N-1 only.
            history = set(range(1, number)) if numbered else None
            cases.append((row["source"], number, line, history))
    return cases


CASES = _cases()


def test_the_fixture_holds_the_24_pubmed_strategies():
    assert len(strategies()) == 24


def test_every_strategy_has_query_lines():
    for row in strategies():
        assert query_lines(row["query"]), row["source"]


def test_labels_headings_and_prose_combinations_are_not_query_lines():
    block = (
        "1 Index test: tests performed during physical examination\n1a\n"
        '"straight leg raising"[tw] OR lasegue[tw]\n'
        "Searches (combinations)\nA. 1a and (2a or 3) and 2b not 5\n"
        "Final search: A or B or C or D \nSearch combination\n1 AND 2 AND 3 NOT 4 "
    )
    assert query_lines(block) == ['"straight leg raising"[tw] OR lasegue[tw]']


def test_wrapped_lines_that_start_or_end_with_an_operator_are_joined():
    block = "(a[tiab] OR b[tiab])\nAND\n(c[tiab])\nOR d[tiab]\nnew[tiab]"
    assert query_lines(block) == ["(a[tiab] OR b[tiab])\nAND\n(c[tiab])\nOR d[tiab]", "new[tiab]"]


@pytest.mark.parametrize(("source", "number", "line", "history"), CASES,
                         ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_query_line_parses_or_fails_at_its_known_defect(source, number, line, history):
    broken = [(pattern, spec) for pattern, spec in KNOWN_BROKEN.items() if re.search(pattern, line)]
    if not broken:
        tree = parse(line, history=history)  # a published line that is fine must parse
        assert all(node.position is not None and 0 <= node.position < len(line) for node in walk(tree))
        return
    (_, (target, offset, reason)), = broken
    with pytest.raises(QuerySyntaxError) as caught:
        parse(line, history=history)
    assert caught.value.position == line.index(target) + offset, (reason, str(caught.value))


def test_every_known_broken_line_is_still_in_the_fixture():
    strategies()  # skips (or, on CI, fails) where ../shared is absent
    lines = [case[2] for case in CASES]
    for pattern in KNOWN_BROKEN:
        assert any(re.search(pattern, line) for line in lines), pattern
