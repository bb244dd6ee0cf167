"""Evidence summary rubric: each automatic criterion met by a good summary and missed, with a reason,
by one that lacks it; the tutor's criteria are never marked automatically."""

from __future__ import annotations

import pytest

from searchcraft.widgets.models.summary import SummaryError, mark_summary

GOOD = """## Question
Does nurse-led bedside education reduce falls in older people on medical wards?

## Bottom line
One good trial found that bedside education halved falls. About 7 in 100 patients fell with education
and 14 in 100 with usual care. The evidence is promising but comes from a single trial in two hospitals [1].

## What we searched
We searched MEDLINE, CINAHL and the Cochrane Library on 3 December 2026 for trials and reviews.

## What we found
We found one randomised trial [1] and one systematic review of falls prevention in hospitals [2]. The
trial was well run. Few patients were lost. The review found that education works best as part of a
wider programme [2].

## How far can we trust it
Our confidence is moderate. The trial was small and the interval is wide.

## References
1. Practice record. Bedside falls education by nurses for older inpatients. 2026.
2. Practice record. A review of falls prevention in hospital. 2026.
"""


def marked(text: str) -> dict:
    return {c.id: c for c in mark_summary(text).criteria}


def test_a_good_summary_meets_every_automatic_criterion():
    result = mark_summary(GOOD)
    assert result.earned == result.automatic_points == 9
    assert [c.id for c in result.criteria if c.met is None] == ["accurate", "fit"]
    assert result.tutor_points == 5


def test_a_bottom_line_buried_at_the_end_is_not_first():
    buried = GOOD.replace("## Bottom line", "## Background") + "\n## Bottom line\nEducation probably helps.\n"
    buried = buried.replace("## References", "## Notes\n" + "Some background words here. " * 30 + "\n## References")
    result = marked(buried)["bottom_line"]
    assert result.met is False and "move it near the top" in result.feedback


def test_a_citation_without_a_reference_and_a_reference_never_cited_are_both_named():
    text = GOOD.replace("wider programme [2]", "wider programme [3]").replace("hospitals [2]", "hospitals")
    result = marked(text)["references"]
    assert result.met is False and "[3]" in result.feedback and "never cited: 2" in result.feedback


def test_the_search_needs_both_sources_and_a_date():
    assert "date of the search" in marked(GOOD.replace(" on 3 December 2026", ""))["search"].feedback
    no_sources = GOOD.replace("MEDLINE, CINAHL and the Cochrane Library", "several databases")
    assert "which sources" in marked(no_sources)["search"].feedback


def test_a_relative_effect_alone_asks_for_absolute_numbers():
    text = GOOD.replace("About 7 in 100 patients fell with education\nand 14 in 100 with usual care.",
                        "Falls were 50% lower with education.")
    assert marked(GOOD)["absolute"].met
    result = marked(text)["absolute"]
    assert result.met is False and "absolute" in result.feedback


def test_no_word_about_certainty_is_flagged():
    text = GOOD.replace("Our confidence is moderate. The trial was small and the interval is wide.", "That is all.")
    assert marked(text)["certainty"].met is False


def test_length_and_sentence_length_limits():
    padded = GOOD.replace("## References", "More words here. " * 150 + "\n## References")
    assert "over the limit" in marked(padded)["length"].feedback
    long_sentence = "This sentence " + "keeps going and going " * 12 + "until the reader is lost. "
    rambling = "## Question\nDoes it work?\n## Bottom line\n" + long_sentence * 4
    result = marked(rambling)["plain"]
    assert result.met is False and "Split the longest" in result.feedback


def test_references_are_not_counted_in_the_word_limit():
    reference = "A very long reference title that goes on and on and on. 2026."
    padded = GOOD + "".join(f"{n}. {reference}\n" for n in range(3, 60))
    assert marked(padded)["length"].met


@pytest.mark.parametrize("bad", ["", "   ", "...", None, 42])
def test_an_empty_or_non_text_summary_is_a_clear_error(bad):
    with pytest.raises(SummaryError):
        mark_summary(bad)


@pytest.mark.parametrize("phrase", ["cut falls by a quarter", "halved the risk", "reduced falls by 30%",
                                    "a risk ratio of 0.6"])
def test_relative_phrasings_without_absolute_numbers_are_caught(phrase):
    text = GOOD.replace("About 7 in 100 patients fell with education\nand 14 in 100 with usual care.",
                        f"Education {phrase}.")
    assert marked(text)["absolute"].met is False
