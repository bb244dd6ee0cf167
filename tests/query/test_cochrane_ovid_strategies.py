"""The 149 real Ovid MEDLINE strategies of Cochrane reviews parse line by line and translate.

Read in place from ``../shared/fixtures/clef-tar/strategies.jsonl`` (CLEF eHealth TAR, MIT licence).
A handful of lines are broken as published; they are listed in ``KNOWN_BROKEN`` with the text the
positioned error must point at, so that the parser neither stops catching them nor starts failing
on good lines.
"""

from __future__ import annotations

import json

import pytest

from searchcraft.query import QuerySyntaxError
from searchcraft.query.strategy import parse_strategy
from searchcraft.query.translate import translate_strategy
from support import SHARED, require

STRATEGIES = SHARED / "fixtures" / "clef-tar" / "strategies.jsonl"

# topic -> (line number, what the error points at)
KNOWN_BROKEN = {
    "CD009044": (2, "(1"),  # a result count pasted after the line: "disorder$.tw. (1"
    "CD007868": (26, "26"),  # line 26 refers to itself: "25 and 24 and 26"
    "CD012521": (1, "EXP"),  # "CONTRACEPTION/ EXP": exp typed after the heading
    "CD012930": (12, ".ab,."),  # a stray comma in the field list
}


def _strategies() -> list[dict]:
    require(STRATEGIES.is_file(), f"{STRATEGIES} (shared/ lives beside the clone)")
    rows = [json.loads(line) for line in STRATEGIES.read_text(encoding="utf-8").splitlines() if line]
    return [row for row in rows if row["syntax"] == "ovid"]


@pytest.fixture(scope="module")
def strategies() -> list[dict]:
    return _strategies()


def test_there_are_149_ovid_strategies(strategies):
    assert len(strategies) == 149


def test_every_strategy_parses_except_the_known_broken_lines(strategies):
    for row in strategies:
        if row["topic"] in KNOWN_BROKEN:
            continue
        strategy = parse_strategy(row["query"], "ovid")
        assert len(strategy.lines) == len([line for line in row["query"].splitlines() if line.strip()])


def test_broken_lines_fail_with_an_error_pointing_at_the_problem(strategies):
    by_topic = {row["topic"]: row for row in strategies}
    for topic, (number, culprit) in KNOWN_BROKEN.items():
        with pytest.raises(QuerySyntaxError) as caught:
            parse_strategy(by_topic[topic]["query"], "ovid")
        error = caught.value
        assert error.reason.startswith(f"Line {number}: ")
        assert error.query[error.position:].startswith(culprit)


@pytest.mark.parametrize("target", ["pubmed", "europepmc", "cinahl"])
def test_every_parsable_strategy_translates_and_the_result_parses(strategies, target):
    translated = 0
    for row in strategies:
        if row["topic"] in KNOWN_BROKEN:
            continue
        result = translate_strategy(row["query"], "ovid", target)
        lines = result.text.splitlines()
        assert len(lines) == len([line for line in row["query"].splitlines() if line.strip()])
        parse_strategy(result.text, target)  # what we print, the target's parser reads
        translated += 1
    assert translated == 145


def test_translation_to_pubmed_warns_about_real_proximity_and_wildcards(strategies):
    by_topic = {row["topic"]: row for row in strategies}
    result = translate_strategy(by_topic["CD009647"]["query"], "ovid", "pubmed")
    text = "\n".join(str(w) for w in result.warnings)
    assert "Line 28: Ovid's adj3" in text
    assert "'h?emoconcentrat*'" in text
    assert result.text.splitlines()[34] == "#17 AND #34"


def test_quirks_are_read_with_warnings(strategies):
    by_topic = {row["topic"]: row for row in strategies}
    capitalised = [row for row in strategies if "\nExp " in "\n" + row["query"]]
    assert capitalised, "the fixture has capitalised Exp"
    parse_strategy(capitalised[0]["query"], "ovid")
    doubled = [row for row in strategies if "Immunoassay Immunoassay/" in row["query"]][0]
    result = translate_strategy(doubled["query"], "ovid", "pubmed")
    assert any("repeats its words" in w.message for w in result.warnings)
    assert '"Immunoassay"[mh:noexp]' in result.text.splitlines()
    assert by_topic  # fixture read


def test_every_node_of_every_line_knows_where_it_starts_in_the_line(strategies):
    from searchcraft.query.ast import walk

    nodes = 0
    for row in strategies:
        if row["topic"] in KNOWN_BROKEN:
            continue
        for line in parse_strategy(row["query"], "ovid").lines:
            for node in walk(line.node):
                assert node.position is not None and 0 <= node.position < len(line.text), (line.text, node)
                nodes += 1
    assert nodes > 10_000  # thousands of searches, not a handful
