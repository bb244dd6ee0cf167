"""One registry of syntaxes: each syntax module declares its name, label, place and translation
target, and everything that lists syntaxes (translator, command line, widgets) reads those."""

from __future__ import annotations

import sys

import pytest

import searchcraft.query as query
from searchcraft.query import cli, syntax_module, syntaxes, translate
from searchcraft.query.target import Target
from searchcraft.widgets.models import translator as translator_model


@pytest.mark.parametrize("name", syntaxes())
def test_every_syntax_module_declares_what_the_kit_lists_and_translates_by(name):
    module = syntax_module(name)
    assert module.NAME == name
    assert isinstance(module.LABEL, str) and module.LABEL
    assert isinstance(module.ORDER, int)
    assert isinstance(module.TARGET, Target) and module.TARGET.name == module.LABEL
    assert module.TARGET.fields and module.TARGET.proximity in ("near", "phrase", "none")


def test_the_lists_of_syntaxes_are_one_list_read_from_the_modules_pubmed_first():
    names = translate.names()
    assert list(names) == sorted(syntaxes(), key=lambda n: syntax_module(n).ORDER)
    assert list(names)[0] == "pubmed"
    assert names == translate.NAMES == {n: syntax_module(n).LABEL for n in syntaxes()}
    assert cli.SYNTAXES == translator_model.SYNTAXES == tuple(names)


TOY = '''
from searchcraft.query import pubmed
from searchcraft.query.target import Target

NAME, LABEL, ORDER = "toy", "Toy Search", 99
TARGET = Target(LABEL, pubmed.TARGET.fields, "phrase", wildcards=False, history=False, min_stem=5,
                subheadings=False)
parse, analyse, render, field_code = pubmed.parse, pubmed.analyse, pubmed.render, pubmed.field_code
'''


@pytest.fixture
def toy_syntax(tmp_path, monkeypatch):
    (tmp_path / "toy.py").write_text(TOY, encoding="utf-8")
    monkeypatch.setattr(query, "__path__", [*query.__path__, str(tmp_path)])
    translate.names.cache_clear()
    translate._syntax_modules.cache_clear()
    yield
    monkeypatch.undo()
    sys.modules.pop("searchcraft.query.toy", None)
    translate.names.cache_clear()
    translate._syntax_modules.cache_clear()


def test_adding_a_syntax_is_adding_a_module(toy_syntax):
    assert "toy" in syntaxes()
    assert list(translate.names())[-1] == "toy" and translate.names()["toy"] == "Toy Search"
    assert translate.translate("exp Falls, Accidental/", "ovid", "toy").text == '"Falls, Accidental"[mh]'
    assert not translate.has_history("toy")
    # what the translator does for it comes from its TARGET, not from a list of syntaxes
    result = translate.translate("fall$.ti. or Lasers/du", "ovid", "toy")
    assert result.text == 'fall[ti] OR "Lasers"[mh:noexp]'
    assert any("Toy Search needs at least 5 letters" in w.message for w in result.warnings)
    assert any("subheading '/diagnostic use'" in w.message for w in result.warnings)


def test_a_module_that_does_not_declare_itself_is_not_a_syntax(tmp_path, monkeypatch):
    (tmp_path / "half.py").write_text("def parse(text, *, history=None): ...\n", encoding="utf-8")
    monkeypatch.setattr(query, "__path__", [*query.__path__, str(tmp_path)])
    try:
        assert "half" not in syntaxes()
    finally:
        sys.modules.pop("searchcraft.query.half", None)
