"""Round trips: a search translated to another syntax and back means what it meant.

The table holds searches in each syntax, single lines and whole strategies. For every pair of
syntaxes that can express a search exactly (the translation has no warnings), translating there and
back must give the same search, compared in :func:`canonical_form` (fields pushed down to the terms,
nested AND/OR lists flattened), because two syntaxes print the same search differently.
"""

from __future__ import annotations

import pytest

from searchcraft.query import parse, render
from searchcraft.query.strategy import parse_strategy
from searchcraft.query.translate import canonical_form, translate

SYNTAXES = ("pubmed", "ovid", "europepmc", "cinahl")

TABLE = [
    # PubMed
    ("pubmed", '"hand hygiene"[tiab] AND nurs*[tiab]'),
    ("pubmed", "falls[ti] OR fall*[ab]"),
    ("pubmed", '"Falls, Accidental"[mh] OR falls[tiab]'),
    ("pubmed", '"Dementia"[majr] AND "Aged"[mh:noexp]'),
    ("pubmed", '"hip fracture"[tiab:~2] AND 2015:2020[dp]'),
    ("pubmed", "(falls[tiab] OR fall*[tiab]) NOT (animals[mh] NOT humans[mh])"),
    ("pubmed", '"randomized controlled trial"[pt] OR randomi*[tiab]'),
    ("pubmed", "smith j[au] AND lancet[ta]"),
    ("pubmed", "english[la] AND falls[tiab]"),
    ("pubmed", '"drug therapy"[sh] AND asthma[tiab]'),
    ("pubmed", '"Lasers/diagnostic use"[mh]'),
    ("pubmed", "falls[tw] OR accident*[tw]"),
    ("pubmed", "exercise[ot] AND balance[tiab]"),
    ("pubmed", "falls[tiab]\nexercise[tiab]\n#1 AND #2"),
    ("pubmed", '"Falls, Accidental"[mh]\nfall*[tiab]\n#1 OR #2\n#3 AND 2010:2020[dp]'),
    # Ovid
    ("ovid", "exp Falls, Accidental/"),
    ("ovid", "Falls, Accidental/ or fall$.ti,ab."),
    ("ovid", "(fall$ adj3 prevent$).ti,ab."),
    ("ovid", "((hip or femur) adj3 (fracture or break)).ti,ab."),
    ("ovid", "(case adj stud*).ti."),
    ("ovid", "*Dementia/ and exp Aged/"),
    ("ovid", "Lasers/du"),
    ("ovid", "randomized controlled trial.pt."),
    ("ovid", "drug therapy.fs."),
    ("ovid", "exp animals/ not humans.sh."),
    ("ovid", "(falls or faller$).mp."),
    ("ovid", "h?emoconcentrat*.tw."),
    ("ovid", "colo?r.ti. or wom#n.ab."),
    ("ovid", "hypno$6.ti."),
    ("ovid", "exp Falls, Accidental/\nfall$.ti,ab.\nor/1-2\nlimit 3 to yr=\"2015-2020\""),
    ("ovid", "exp Aged/\nelder*.tw.\n1 or 2\nexp Dehydration/\ndehydrat*.tw.\nor/4-5\nand/3,6"),
    ("ovid", "exp animals/\nexp humans/\n1 not (1 and 2)\nfalls.ti.\n4 not 3\nlimit 5 to english language"),
    ("ovid", "falls.ti,ab,kf.\nlimit 1 to ed=19460101-20160304"),
    # Europe PMC
    ("europepmc", 'TITLE:"hand hygiene" AND PUB_YEAR:[2015 TO 2020]'),
    ("europepmc", "(TITLE:falls OR ABSTRACT:falls) AND KW:exercise"),
    ("europepmc", 'MESH_HEADING:"Falls, Accidental" OR TITLE:fall*'),
    ("europepmc", 'AUTH:"Smith J" AND JOURNAL:"Lancet"'),
    ("europepmc", "TITLE:(falls OR fall*) NOT PUB_TYPE:review"),
    ("europepmc", "falls AND LANG:eng"),
    # CINAHL
    ('cinahl', '(TI fall* OR AB fall*) NOT TI animal*'),
    ('cinahl', 'TI (fall* N2 prevent*) OR AB (fall* N2 prevent*)'),
    ('cinahl', '(TI "hand hygiene" OR AB "hand hygiene") AND DT 2015-2020'),
    ('cinahl', 'AU smith AND SO lancet'),
    ('cinahl', 'TI colo#r AND AB wom?n'),
    ('cinahl', 'TI falls\nAB falls\nS1 OR S2'),
]


def _lines(text: str, syntax: str):
    return [canonical_form(line.node) for line in parse_strategy(text, syntax).lines]


def test_the_table_is_large_enough_and_includes_strategies():
    assert len(TABLE) >= 40
    assert sum("\n" in text for _, text in TABLE) >= 6
    assert {syntax for syntax, _ in TABLE} == set(SYNTAXES)


@pytest.mark.parametrize("syntax,text", TABLE)
def test_printing_in_the_same_syntax_reads_back_the_same(syntax, text):
    for line in parse_strategy(text, syntax).lines:
        assert parse(render(line.node, syntax), syntax) == line.node


@pytest.mark.parametrize("syntax,text", TABLE)
def test_exact_translations_come_back_unchanged(syntax, text):
    original = _lines(text, syntax)
    exact = []
    for target in SYNTAXES:
        if target == syntax:
            continue
        there = translate(text, syntax, target)
        if there.warnings:
            continue
        back = translate(there.text, target, syntax)
        assert _lines(back.text, syntax) == original, (target, there.text, back.text)
        exact.append(target)
    assert exact, "every search in the table can be expressed exactly in at least one other syntax"
