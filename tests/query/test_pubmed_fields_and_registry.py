"""The field table reads every PubMed spelling; the syntax registry finds syntaxes by name."""

from __future__ import annotations

import re

import pytest

import searchcraft.query as query
from searchcraft.errors import QueryError, QuerySyntaxError
from searchcraft.query import ParsedQuery, QueryWarning, Term
from searchcraft.query.fields import FIELDS, field_info, label, lookup_tag, nearest_tag, tags_table

AST_DOC_FIELDS = ["all", "tw", "tiab", "ti", "ab", "mh", "mh:noexp", "majr", "majr:noexp", "au",
                  "ta", "dp", "pt", "la", "pmid", "kw", "sh"]


def test_every_canonical_field_of_the_ast_is_in_the_table():
    for name in AST_DOC_FIELDS:
        assert FIELDS[name].name == name


def test_each_spelling_belongs_to_exactly_one_field():
    seen: dict[str, str] = {}
    for info in FIELDS.values():
        for spelling in info.spellings:
            key = re.sub(r"\s+", "", spelling).lower()
            assert key not in seen, (spelling, seen.get(key), info.name)
            seen[key] = info.name
        assert lookup_tag(info.tag) is info  # the printed tag reads back


def test_tags_are_looked_up_without_case_or_spaces():
    assert lookup_tag("TITLE/ABSTRACT") is FIELDS["tiab"]
    assert lookup_tag(" MeSH  Terms ") is FIELDS["mh"]
    assert lookup_tag("MeSH:NoExp") is FIELDS["mh:noexp"]
    assert lookup_tag("nonsense") is None


def test_labels_and_nearest_tags_help_a_learner():
    assert label("tiab") == "Title/Abstract"
    assert label("unknown") == "unknown"
    assert nearest_tag("tiabs") == "tiab"
    assert nearest_tag("Mesh Term") is not None
    assert nearest_tag("zzzzzzzz") is None
    with pytest.raises(KeyError):
        field_info("nope")


def test_proximity_fields_are_the_ones_pubmed_allows():
    assert {n for n, f in FIELDS.items() if f.proximity} == {"ti", "tiab", "ad"}


def test_the_tags_table_lists_every_field_for_the_docs():
    rows = tags_table()
    assert [row["name"] for row in rows] == list(FIELDS)
    assert rows[2]["tag"] == "[tiab]" and "[Title/Abstract]" in rows[2]["also"]


def test_parse_and_render_dispatch_on_the_syntax_name():
    tree = query.parse("falls[tiab]", "pubmed")
    assert tree == query.parse("falls[tiab]")
    assert query.render(tree, "pubmed") == "falls[tiab]"
    parsed = query.analyse("“falls”", "pubmed")
    assert isinstance(parsed, ParsedQuery) and isinstance(parsed.warnings[0], QueryWarning)


def test_history_is_passed_through_the_registry():
    with pytest.raises(QuerySyntaxError) as caught:
        query.parse("#1 OR #9", history={1})
    assert caught.value.position == 6


def test_an_unknown_syntax_is_a_query_error_naming_the_known_ones():
    for name in ["medline", "Pubmed", "../pubmed", "fields", "ast", ""]:
        with pytest.raises(QueryError) as caught:
            query.parse("falls", name)
        assert "pubmed" in caught.value.hint, name
    assert "pubmed" in query.syntaxes()
    assert "fields" not in query.syntaxes()


def test_a_non_text_query_is_a_query_error():
    with pytest.raises(QueryError):
        query.parse(None)  # type: ignore[arg-type]


def test_the_package_re_exports_the_ast_and_the_syntax_error():
    assert query.Term is Term
    assert query.QuerySyntaxError is QuerySyntaxError
    for name in query.__all__:
        assert hasattr(query, name), name
