"""The practice database searched in Ovid MEDLINE and EBSCOhost CINAHL syntax finds exactly what the
PubMed form of the same strategy finds: explosion, adjacency, truncation, wildcards, fields, NOT,
and numbered histories in each platform's own notation.

Each row is one strategy written three ways. The rows are chosen for what they prove (the
platform's default explosion, adjN counting, ? and # swapped between Ovid and CINAHL), never for
their counts, so they hold on whatever corpus the practice database is built from; the last test
checks the table is not passing on empty results.
"""

from __future__ import annotations

import pytest

from searchcraft.practice import PracticeDatabase, SearchHistory

# (what it shows, PubMed, Ovid MEDLINE, CINAHL)
PAIRS = [
    ("title/abstract word", "falls[tiab]", "falls.ti,ab.", "TI falls OR AB falls"),
    ("title only", "falls[ti]", "falls.ti.", "TI falls"),
    ("abstract only", "exercise[ab]", "exercise.ab.", "AB exercise"),
    ("Ovid .tw. is title/abstract", "hygiene[tiab]", "hygiene.tw.", "TI hygiene OR AB hygiene"),
    ("truncation $", "fall*[tiab]", "fall$.ti,ab.", "TI fall* OR AB fall*"),
    ("truncation *", "nurs*[tiab]", "nurs*.ti,ab.", "TI nurs* OR AB nurs*"),
    ("truncation : ", "diabet*[ti]", "diabet:.ti.", "TI diabet*"),
    ("exploded heading (PubMed's default, Ovid exp, CINAHL +)",
     '"Exercise"[mh]', "exp Exercise/", 'MH "Exercise+"'),
    ("unexploded heading (Ovid's and CINAHL's default)",
     '"Exercise"[mh:noexp]', "Exercise/", 'MH "Exercise"'),
    ("exploded heading with many narrower ones",
     '"Diabetes Mellitus"[mh]', "exp Diabetes Mellitus/", 'MH "Diabetes Mellitus+"'),
    ("unexploded broad heading",
     '"Diabetes Mellitus"[mh:noexp]', "Diabetes Mellitus/", 'MH "Diabetes Mellitus"'),
    ("exploded heading with a comma in its name",
     '"Fractures, Bone"[mh]', "exp Fractures, Bone/", 'MH "Fractures, Bone+"'),
    ("major heading, exploded", '"Infections"[majr]', "exp *Infections/", 'MM "Infections+"'),
    ("major heading, unexploded", '"Accidental Falls"[majr:noexp]', "*Accidental Falls/",
     'MM "Accidental Falls"'),
    ("heading without narrower ones", '"Accidental Falls"[mh]', "exp Accidental Falls/",
     'MH "Accidental Falls+"'),
    ("phrase", '"hand hygiene"[tiab]', '"hand hygiene".ti,ab.', 'TI "hand hygiene" OR AB "hand hygiene"'),
    ("Ovid words side by side are a phrase", '"hand hygiene"[tiab]', "hand hygiene.ti,ab.",
     'TI "hand hygiene" OR AB "hand hygiene"'),
    ("adj3: at most two words between, any order", '"hand hygiene"[tiab:~2]',
     "(hand adj3 hygiene).ti,ab.", "TI (hand N2 hygiene) OR AB (hand N2 hygiene)"),
    ("adj4 / N3 in titles", '"falls prevention"[ti:~3]', "(falls adj4 prevention).ti.",
     "TI (falls N3 prevention)"),
    ("adj2 with truncation", '"fall* prevent*"[tiab:~1]', "(fall$ adj2 prevent$).ti,ab.",
     "TI (fall* N1 prevent*) OR AB (fall* N1 prevent*)"),
    ("ordered adjacency (plain adj, CINAHL W0)", '"hand washing"[tiab]', "(hand adj washing).ti,ab.",
     "TI (hand W0 washing) OR AB (hand W0 washing)"),
    ("wildcard for one required letter (Ovid #, CINAHL ?)",
     "(randomised[tiab] OR randomized[tiab])", "randomi#ed.ti,ab.",
     "TI randomi?ed OR AB randomi?ed"),
    ("wildcard for one optional letter (Ovid ?, CINAHL #)",
     "(paediatric[tiab] OR pediatric[tiab])", "p?ediatric.ti,ab.", "TI p#ediatric OR AB p#ediatric"),
    ("wildcard inside a word", "(woman[tiab] OR women[tiab])", "wom#n.ti,ab.", "TI wom?n OR AB wom?n"),
    ("optional letter: colour/color", "(colour[tiab] OR color[tiab])", "colo?r.ti,ab.",
     "TI colo#r OR AB colo#r"),
    ("limited truncation $1", "(nurse[ti] OR nurses[ti] OR nursed[ti])", "nurse$1.ti.", None),
    ("AND", "falls[tiab] AND exercise[tiab]", "falls.ti,ab. and exercise.ti,ab.",
     "(TI falls OR AB falls) AND (TI exercise OR AB exercise)"),
    ("OR of two words", "falls[ti] OR fallers[ti]", "(falls or fallers).ti.", "TI (falls OR fallers)"),
    ("NOT", "falls[tiab] NOT exercise[tiab]", "falls.ti,ab. not exercise.ti,ab.",
     "(TI falls OR AB falls) NOT (TI exercise OR AB exercise)"),
    ("heading OR words, then AND", '("Hand Hygiene"[mh] OR handwashing[tiab]) AND feedback[tiab]',
     "(exp Hand Hygiene/ or handwashing.ti,ab.) and feedback.ti,ab.",
     '(MH "Hand Hygiene+" OR TI handwashing OR AB handwashing) AND (TI feedback OR AB feedback)'),
    ("Ovid's untagged words search .mp. (PubMed [tw])", "falls[tw]", "falls", None),
    ("CINAHL's TX is all text", "falls[all]", "falls.af.", "TX falls"),
    ("publication type", '"Randomized Controlled Trial"[pt]', '"randomized controlled trial".pt.',
     'PT "Randomized Controlled Trial"'),
    ("year range", "falls[ti] AND 2015:2020[dp]", 'falls.ti. and yr="2015-2020"',
     "TI falls AND DT 2015-2020"),
]


@pytest.fixture(scope="module")
def db() -> PracticeDatabase:
    return PracticeDatabase.bundled()


def test_the_table_has_at_least_thirty_paired_strategies():
    assert len(PAIRS) >= 30
    shown = {what for what, *_ in PAIRS}
    for needed in ("explod", "adj", "truncation", "wildcard"):
        assert any(needed in what for what in shown), needed


@pytest.mark.parametrize("what, pubmed, ovid, cinahl", PAIRS, ids=[p[0] for p in PAIRS])
def test_ovid_and_cinahl_find_the_same_records_as_pubmed(db, what, pubmed, ovid, cinahl):
    expected = db.search(pubmed).ids
    assert db.search(ovid, syntax="ovid").ids == expected, f"Ovid {ovid!r} differs from {pubmed!r}"
    assert db.count(ovid, syntax="ovid") == len(expected)
    if cinahl is not None:
        assert db.search(cinahl, syntax="cinahl").ids == expected, \
            f"CINAHL {cinahl!r} differs from {pubmed!r}"


def test_the_paired_strategies_find_records_on_the_practice_database(db):
    found = [what for what, pubmed, *_ in PAIRS if db.count(pubmed)]
    assert len(found) >= 25, f"only {len(found)} rows find anything: the table proves too little"


def test_explosion_differs_where_a_heading_has_narrower_ones(db):
    # each platform's default: PubMed explodes, Ovid and CINAHL do not unless told
    exploded = db.count('"Diabetes Mellitus"[mh]')
    assert db.count("Diabetes Mellitus/", syntax="ovid") < exploded
    assert db.count('MH "Diabetes Mellitus"', syntax="cinahl") < exploded


HISTORIES = [
    ("pubmed", ["falls[tiab]", "fallers[tiab]", '"Accidental Falls"[mh]', "#1 OR #2 OR #3",
                "exercise*[tiab]", "#4 AND #5"]),
    ("ovid", ["falls.ti,ab.", "fallers.ti,ab.", "exp Accidental Falls/", "or/1-3",
              "exercise$.ti,ab.", "4 and 5"]),
    ("cinahl", ["TI falls OR AB falls", "TI fallers OR AB fallers", 'MH "Accidental Falls+"',
                "S1 OR S2 OR S3", "TI exercise* OR AB exercise*", "S4 AND S5"]),
]


def test_a_history_in_each_notation_finds_the_same_records(db):
    results = {}
    for syntax, lines in HISTORIES:
        history = SearchHistory(db, syntax=syntax)
        for line in lines:
            history.add(line)
        results[syntax] = [history.result(n).ids for n in range(1, len(lines) + 1)]
    assert results["ovid"] == results["pubmed"] == results["cinahl"]
    assert results["pubmed"][-1], "the combined line should find something"


def test_each_history_is_written_in_its_platforms_notation(db):
    texts = {}
    for syntax, lines in HISTORIES:
        history = SearchHistory(db, syntax=syntax)
        for line in lines[:2]:
            history.add(line)
        texts[syntax] = history.to_text(counts=False).splitlines()
    assert texts["pubmed"][1].startswith("#2 ")
    assert texts["ovid"][1].startswith("2 fallers.ti,ab.")
    assert texts["cinahl"][1].startswith("S2 TI fallers")


SMALL = [
    {"id": "a", "title": "Help in the home for older people"},        # home .. help: 2 words between
    {"id": "b", "title": "Home help services"},                        # adjacent
    {"id": "c", "title": "Help given at a day centre, not home"},      # 5 words between
    {"id": "d", "title": "Colour vision and women", "headings": ["Vision"]},
    {"id": "e", "title": "Color coding for a woman", "headings": ["Color Vision"]},
    {"id": "f", "title": "Hypnosis and hypnotic drugs; hypnotherapy"},
]
SMALL_VOCABULARY = [{"heading": "Vision", "tree_numbers": ["G01"]},
                    {"heading": "Color Vision", "tree_numbers": ["G01.100"]}]


@pytest.fixture(scope="module")
def small() -> PracticeDatabase:
    return PracticeDatabase.from_records(SMALL, SMALL_VOCABULARY)


@pytest.mark.parametrize("query, syntax, expected", [
    ("(home adj3 help).ti.", "ovid", {"a", "b"}),      # adj3: up to two words between
    ("(home adj2 help).ti.", "ovid", {"b"}),
    ("(home adj7 help).ti.", "ovid", {"a", "b", "c"}),
    ("TI (home N2 help)", "cinahl", {"a", "b"}),         # N2: up to two words between
    ("TI (home N1 help)", "cinahl", {"b"}),
    ("TI (home W2 help)", "cinahl", {"b"}),              # W: in the order typed
    ("TI (help W2 home)", "cinahl", {"a"}),
    ('"home help"[ti:~2]', "pubmed", {"a", "b"}),
])
def test_adjacency_counts_the_words_between_as_each_platform_does(small, query, syntax, expected):
    assert set(small.search(query, syntax=syntax).ids) == expected


@pytest.mark.parametrize("query, syntax, expected", [
    ("colo?r.ti.", "ovid", {"d", "e"}), ("TI colo#r", "cinahl", {"d", "e"}),
    ("colo#r.ti.", "ovid", {"d"}), ("TI colo?r", "cinahl", {"d"}),
    ("wom#n.ti.", "ovid", {"d", "e"}), ("wom?n.ti.", "ovid", {"d", "e"}), ("wom#an.ti.", "ovid", set()),
    ("hypno$1.ti.", "ovid", set()), ("hypno$3.ti.", "ovid", {"f"}), ("hypnosis$0.ti.", "ovid", {"f"}),
    ("(wom#n adj3 colo?r).ti.", "ovid", {"d"}), ("(wom#n adj4 colo?r).ti.", "ovid", {"d", "e"}),
])
def test_wildcards_expand_to_the_words_in_the_index(small, query, syntax, expected):
    assert set(small.search(query, syntax=syntax).ids) == expected


def test_explosion_follows_each_platforms_default(small):
    assert set(small.search('"Vision"[mh]').ids) == {"d", "e"}                  # PubMed explodes
    assert set(small.search("Vision/", syntax="ovid").ids) == {"d"}               # Ovid: not unless exp
    assert set(small.search("exp Vision/", syntax="ovid").ids) == {"d", "e"}
    assert set(small.search('MH "Vision"', syntax="cinahl").ids) == {"d"}         # CINAHL: not unless +
    assert set(small.search('MH "Vision+"', syntax="cinahl").ids) == {"d", "e"}


@pytest.mark.parametrize("syntax, first, bad, says", [
    ("ovid", "home.ti.", "1 or 3", "line 3 does not exist yet"),
    ("cinahl", "TI home", "S1 OR S3", "S3 does not exist yet"),
    ("pubmed", "home[ti]", "#1 OR #3", "#3 does not exist yet"),
    ("ovid", "home.ti.", "2 and home.ti.", "line 2 refers to this line itself"),
    ("cinahl", "TI home", "S2 AND TI help", "S2 refers to this line itself"),
])
def test_history_errors_speak_the_platforms_notation(small, syntax, first, bad, says):
    from searchcraft.errors import QuerySyntaxError

    history = SearchHistory(small, syntax=syntax)
    history.add(first)
    with pytest.raises(QuerySyntaxError) as caught:
        history.add(bad)
    assert says in str(caught.value)
    assert len(history) == 1  # nothing was added


@pytest.mark.parametrize("syntax, lines, edit, says", [
    ("ovid", ["home.ti.", "help.ti."], "2 or home.ti.", "line 2 is a later line"),
    ("cinahl", ["TI home", "TI help"], "S2 OR TI home", "S2 is a later line"),
])
def test_editing_a_line_to_use_a_later_one_is_refused_in_the_platforms_notation(small, syntax, lines, edit,
                                                                               says):
    from searchcraft.errors import QuerySyntaxError

    history = SearchHistory(small, syntax=syntax)
    for line in lines:
        history.add(line)
    with pytest.raises(QuerySyntaxError, match=says):
        history.edit(1, edit)
    assert history[1].query == lines[0]


def test_deleting_a_used_line_names_the_users_in_the_platforms_notation(small):
    from searchcraft.practice.history import HistoryError

    history = SearchHistory(small, syntax="cinahl")
    history.add("TI home")
    history.add("S1 AND TI help")
    with pytest.raises(HistoryError, match="S1 cannot be deleted: S2 uses it"):
        history.delete(1)


@pytest.mark.parametrize("query, syntax, says, hint", [
    ("pc.fs.", "ovid", "cannot search .fs.", ".ti,ab."),
    ("diagnosis[sh]", "pubmed", "cannot search the field [sh]", "[tiab]"),
])
def test_a_field_the_practice_database_lacks_is_named_in_the_platforms_codes(small, query, syntax, says, hint):
    from searchcraft.practice.compiler import UnsupportedFieldError

    with pytest.raises(UnsupportedFieldError) as caught:
        small.search(query, syntax=syntax)
    assert says in caught.value.message and hint in caught.value.hint
    history = SearchHistory(small, syntax=syntax)
    with pytest.raises(UnsupportedFieldError, match=says.replace("[", r"\[").replace("]", r"\]")):
        history.add(query)
