"""The AST prints back as Ovid that reads back as the same tree."""

from __future__ import annotations

import pytest

from searchcraft.query import parse, render
from searchcraft.query.ast import And, Field, HistoryRef, Near, Not, Or, Phrase, Range, Term, Truncated

LINES = [
    "exp Falls, Accidental/",
    "*Hip Fractures/su",
    'exp "sensitivity and specificity"/',
    "(fall$ adj3 prevent$).ti,ab.",
    "(case adj stud*).ti.",
    "((senile or amyloid) adj3 plaque$).ti,ab,kf.",
    "h?emoconcentrat*.tw.",
    "hypno$6.ti.",
    "drug therapy.fs.",
    "randomized controlled trial.pt.",
    "36 not (36 and 37)",
    "or/1-12",
    "and/17,34",
    'limit 26 to yr="2015-2020"',
    "limit 4 to ed=19480101-20170125",
    "limit 9 to english language",
    "exp animals/ not humans.sh.",
    '"65 and over".tw.',
    "(animals not (humans and animals)).sh.",
]


@pytest.mark.parametrize("line", LINES)
def test_printed_line_reads_back_as_the_same_tree(line):
    tree = parse(line, "ovid")
    assert parse(render(tree, "ovid"), "ovid") == tree


def test_headings_print_with_exp_star_and_slash():
    assert render(Field(Phrase("Falls, Accidental"), ("mh",)), "ovid") == "exp Falls, Accidental/"
    assert render(Field(Phrase("Dementia"), ("majr:noexp",)), "ovid") == "*Dementia/"
    assert render(Field(Phrase("Lasers/diagnostic use"), ("mh:noexp",)), "ovid") == "Lasers/du"


def test_near_prints_as_adj_one_more_than_the_words_between():
    assert render(Field(Near(Term("hip"), Truncated("fracture"), 2), ("tiab",)), "ovid") == \
        "(hip adj3 fracture*).ti,ab."


def test_nested_operators_are_always_bracketed():
    tree = And((Or((Term("a"), Term("b"))), Not(Term("c"), Term("d"))))
    assert render(tree, "ovid") == "(a or b) and (c not d)"


def test_history_limit_prints_as_an_ovid_limit_line():
    tree = And((HistoryRef(3), Field(Range("2015", "3000"), ("dp",))))
    assert render(tree, "ovid") == 'limit 3 to yr="2015 - Current"'


def test_words_ovid_would_misread_are_quoted():
    assert render(Field(Term("exp"), ("ti",)), "ovid") == '"exp".ti.'
    assert parse('"exp".ti.', "ovid") == Field(Term("exp"), ("ti",))
