"""AdvocacyCard: each part of an #AMillionDecisions card is checked, and a ready card exports as accessible HTML."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from searchcraft.widgets.models.advocacy import CARD_PARTS, HASHTAG, AdvocacyCard, AdvocacyCardError


def good_card(**changes) -> AdvocacyCard:
    values = dict(
        headline="Evidence summary changed the falls policy",
        decision="The falls prevention group had two weeks to decide how to revise the inpatient falls policy.",
        service="The clinical librarian searched three databases and wrote a two-page evidence summary.",
        difference="The group added a structured medication review to the policy, citing two reviews we found.",
        quote="The summary gave us the evidence in one place, in time for the meeting.",
        quote_by="Lead nurse, falls prevention group",
        evidence="Email from the lead nurse, 12 March 2026; policy version 4.0.",
        service_name="Riverside Library & Knowledge Service", permission=True)
    values.update(changes)
    return AdvocacyCard(**values)


def test_a_complete_card_has_nothing_to_fix():
    assert good_card().check() == []
    assert good_card().ready()


def test_an_empty_card_lists_every_part_and_permission():
    messages = [f.part for f in AdvocacyCard().check()]
    assert messages == [p.label for p in CARD_PARTS] + ["Permission"]


def test_a_difference_that_only_restates_the_activity_is_caught():
    card = good_card(difference="The librarian ran a search on falls and sent the results by email.")
    assert [f.part for f in card.check()] == ["The difference it made"]
    assert not card.ready()


def test_evidence_without_a_date_and_overlong_headline_are_caught():
    card = good_card(evidence="An email from the lead nurse", headline=" ".join(["word"] * 16))
    parts = {f.part: f.message for f in card.check()}
    assert "16 words" in parts["Headline"] and "date" in parts["How we know"]


def test_patient_identifiers_block_sharing():
    card = good_card(decision="Mrs Smith, NHS number 943 476 5919, needed a decision about her falls care plan today.")
    assert any("identifies a patient" in f.message for f in card.check())
    assert not card.ready()


def test_a_long_card_is_advice_not_a_block():
    card = good_card(decision=" ".join(["The ward team needed to decide something important today"] * 5),
                     service=" ".join(["We searched and summarised the evidence for them"] * 5),
                     difference=" ".join(["The team changed the pathway for every patient"] * 5))
    assert card.word_count() > 150
    finding = [f for f in card.check() if f.part == "Whole card"]
    assert finding and not finding[0].blocking


def test_export_refuses_an_unready_card_and_writes_nothing(tmp_path):
    target = tmp_path / "card.html"
    with pytest.raises(AdvocacyCardError, match="Permission"):
        good_card(permission=False).export(target)
    assert not target.exists()


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.lang, self.text = [], None, []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")

    def handle_data(self, data):
        self.text.append(data)


def test_export_is_a_standalone_accessible_page_with_the_text_escaped(tmp_path):
    card = good_card(quote="We changed the policy <b>that week</b> & told every ward.")
    path = card.export(tmp_path / "cards" / "falls.html")
    html = path.read_text(encoding="utf-8")
    outline = _Outline()
    outline.feed(html)
    assert outline.lang == "en-GB"
    assert outline.tags.count("h1") == 1 and outline.tags.count("h2") == 4
    assert {"title", "main", "blockquote", "figcaption", "footer"} <= set(outline.tags)
    assert "b" not in outline.tags and "&lt;b&gt;" in html and "&amp; told" in html
    assert HASHTAG in html and "Riverside Library &amp; Knowledge Service" in html
    assert "<img" not in html and "http" not in html.replace("http-equiv", "")


def test_export_needs_an_html_file_name(tmp_path):
    with pytest.raises(AdvocacyCardError, match=r"\.html"):
        good_card().export(tmp_path / "card.pdf")


def test_state_round_trips_and_rejects_unknown_parts():
    card = good_card()
    assert AdvocacyCard.from_state(card.to_state()) == card
    with pytest.raises(AdvocacyCardError, match="Unknown"):
        AdvocacyCard.from_state({"headline": "x", "colour": "blue"})
