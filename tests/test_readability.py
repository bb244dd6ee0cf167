"""Readability scores: the three formulas on texts counted by hand, the syllable rules, and sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from searchcraft.errors import SearchCraftError
from searchcraft.readability import (
    ReadabilityError,
    count_syllables,
    flesch_band,
    flesch_kincaid_grade,
    flesch_reading_ease,
    readability,
    smog_grade,
    split_sentences,
    split_words,
)

# Counted by hand, word by word, with the syllables a dictionary gives:
# Wash(1) your(1) hands(1) with(1) soap(1) and(1) wa-ter(2)      7 words  8 syllables
# Dry(1) them(1) on(1) a(1) clean(1) tow-el(2)                   6 words  7 syllables
# Use(1) hand(1) gel(1) when(1) you(1) vis-it(2) the(1) hos-pi-tal(3)   8 words 11 syllables, 1 long
HAND_WASHING = ("Wash your hands with soap and water. Dry them on a clean towel. "
                "Use hand gel when you visit the hospital.")

# Pa-tients(2) with(1) di-a-be-tes(4) should(1) at-tend(2) reg-u-lar(3) ap-point-ments(3)  7 words 16 syll, 3 long
# Med-i-ca-tion(4) re-views(2) are(1) im-por-tant(3)                                      4 words 10 syll, 2 long
CLINIC_LETTER = "Patients with diabetes should attend regular appointments. Medication reviews are important."


def test_one_sentence_of_one_syllable_words_scores_above_100_on_reading_ease():
    report = readability("The cat sat on the mat.")
    assert (report.sentences, report.words, report.syllables, report.polysyllables) == (1, 6, 6, 0)
    # 206.835 - 1.015 * 6 - 84.6 * 1 = 116.145; 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45
    assert report.flesch_reading_ease == pytest.approx(116.145)
    assert report.flesch_kincaid_grade == pytest.approx(-1.45)
    assert report.smog_grade == pytest.approx(3.1291)


def test_short_everyday_instructions_score_as_very_easy_with_hand_counted_values():
    report = readability(HAND_WASHING)
    assert (report.sentences, report.words, report.syllables, report.polysyllables) == (3, 21, 26, 1)
    # 206.835 - 1.015 * 7 - 84.6 * 26 / 21 = 206.835 - 7.105 - 104.742857
    assert report.flesch_reading_ease == pytest.approx(94.987143, abs=1e-5)
    # 0.39 * 7 + 11.8 * 26 / 21 - 15.59 = 2.73 + 14.609524 - 15.59
    assert report.flesch_kincaid_grade == pytest.approx(1.749524, abs=1e-5)
    # 1.0430 * sqrt(1 * 30 / 3) + 3.1291 = 1.043 * 3.162278 + 3.1291
    assert report.smog_grade == pytest.approx(6.427356, abs=1e-5)
    assert flesch_band(report.flesch_reading_ease) == "very easy"


def test_text_dense_with_long_words_scores_as_very_difficult_with_hand_counted_values():
    report = readability(CLINIC_LETTER)
    assert (report.sentences, report.words, report.syllables, report.polysyllables) == (2, 11, 26, 5)
    # 206.835 - 1.015 * 5.5 - 84.6 * 26 / 11 = 206.835 - 5.5825 - 199.963636
    assert report.flesch_reading_ease == pytest.approx(1.288864, abs=1e-5)
    # 0.39 * 5.5 + 11.8 * 26 / 11 - 15.59 = 2.145 + 27.890909 - 15.59
    assert report.flesch_kincaid_grade == pytest.approx(14.445909, abs=1e-5)
    # 1.0430 * sqrt(5 * 30 / 2) + 3.1291 = 1.043 * 8.660254 + 3.1291
    assert report.smog_grade == pytest.approx(12.161745, abs=1e-5)
    assert flesch_band(report.flesch_reading_ease) == "very difficult"
    assert report.long_words == ("diabetes", "regular", "appointments", "Medication", "important")


def test_smog_on_a_full_thirty_sentence_sample_is_close_to_mclaughlins_square_root_plus_three():
    # McLaughlin's quick method: 64 long words in 30 sentences -> sqrt(64) + 3 = 11
    assert smog_grade(64, 30) == pytest.approx(1.0430 * 8 + 3.1291)
    assert round(smog_grade(64, 30)) == 11


def test_formulas_refuse_counts_with_no_words_or_no_sentences():
    with pytest.raises(ReadabilityError):
        flesch_reading_ease(0, 1, 0)
    with pytest.raises(ReadabilityError):
        flesch_kincaid_grade(10, 0, 12)
    with pytest.raises(ReadabilityError):
        smog_grade(3, 0)


@pytest.mark.parametrize("text", ["", "   \n\n  ", "!!! ... ???"])
def test_text_without_words_is_a_clear_error(text):
    with pytest.raises(ReadabilityError) as raised:
        readability(text)
    assert isinstance(raised.value, SearchCraftError)
    assert "no words" in raised.value.message
    assert raised.value.hint


def test_something_other_than_text_is_a_clear_error():
    with pytest.raises(ReadabilityError, match="needs text"):
        readability(["Wash your hands."])  # type: ignore[arg-type]


@pytest.mark.parametrize(("word", "syllables"), [
    ("the", 1), ("cat", 1), ("water", 2), ("hospital", 3),          # vowel groups
    ("make", 1), ("nurse", 1), ("table", 2), ("simple", 2),         # silent final e, but -le counts
    ("times", 1), ("boxes", 2), ("changes", 2), ("tables", 2),      # -es silent unless after s, x, g, l...
    ("jumped", 1), ("needed", 2), ("started", 2),                   # -ed silent unless after t or d
    ("completely", 3), ("management", 3), ("careful", 2),           # silent e before a suffix
    ("media", 3), ("social", 2), ("biology", 4), ("medication", 4),  # ia and io: two syllables or one
    ("usual", 3), ("language", 2),                                  # ua: two syllables except after g or q
    ("yes", 1), ("beyond", 2), ("player", 2), ("my", 1),            # y as consonant and as vowel
    ("diabetes", 4), ("people", 2),                                 # listed exceptions
    ("well-being", 3), ("patient's", 2), ("GP", 1), ("2026", 1),    # hyphens, possessives, capitals, digits
])
def test_syllable_counter_follows_its_documented_rules(word, syllables):
    assert count_syllables(word) == syllables


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=20))
def test_every_word_has_at_least_one_syllable_and_no_more_than_its_letters(word):
    assert 1 <= count_syllables(word) <= len(word)


def test_decimal_points_and_abbreviations_do_not_end_a_sentence():
    assert split_sentences("Take 2.5 mg a day, e.g. with food. Ask Dr. Khan if unsure.") == [
        "Take 2.5 mg a day, e.g. with food.", "Ask Dr. Khan if unsure."]


def test_questions_exclamations_and_quotes_end_sentences():
    assert split_sentences('Is it safe? Yes! She said "stop." Then we left.') == [
        "Is it safe?", "Yes!", 'She said "stop."', "Then we left."]


def test_list_items_and_blank_lines_count_as_sentences_but_wrapped_lines_do_not():
    text = ("Before your test\n\nDo not eat for six hours. Drink water\nif you are thirsty.\n"
            "- Bring your letter\n2. Arrive early")
    assert split_sentences(text) == ["Before your test", "Do not eat for six hours.",
                                     "Drink water if you are thirsty.", "Bring your letter", "Arrive early"]


def test_hyphenated_words_and_contractions_are_one_word_each():
    assert split_words("Don't skip well-known steps: 2 tablets.") == \
        ["Don't", "skip", "well-known", "steps", "2", "tablets"]


def test_rewriting_in_plain_language_raises_reading_ease_and_lowers_grades():
    before = readability("Individuals experiencing hypoglycaemic episodes should consume rapidly absorbed "
                         "carbohydrate immediately and subsequently monitor their glucose concentration.")
    after = readability("If your blood sugar is low, eat or drink something sugary straight away. "
                        "Then check your blood sugar again.")
    assert after.flesch_reading_ease > before.flesch_reading_ease + 40
    assert after.flesch_kincaid_grade < before.flesch_kincaid_grade
    assert after.smog_grade < before.smog_grade


def test_short_samples_carry_cautions_and_the_summary_reports_every_score():
    report = readability(HAND_WASHING)
    cautions = report.cautions()
    assert any("30 sentences" in c for c in cautions) and any("21 words" in c for c in cautions)
    summary = report.summary()
    for expected in ("3 sentences, 21 words, 26 syllables", "Flesch Reading Ease 95.0 (very easy)",
                     "Flesch-Kincaid Grade Level 1.7", "SMOG grade 6.4", "Long words: hospital"):
        assert expected in summary


def test_a_long_sample_has_no_cautions():
    report = readability(" ".join(["Wash your hands with soap and water before you eat."] * 30))
    assert report.sentences == 30 and report.cautions() == []


@pytest.mark.parametrize(("score", "band"), [(95, "very easy"), (85, "easy"), (75, "fairly easy"),
                                             (65, "standard (plain English)"), (55, "fairly difficult"),
                                             (40, "difficult"), (10, "very difficult"), (-20, "very difficult")])
def test_reading_ease_bands_follow_flesch(score, band):
    assert flesch_band(score) == band


def test_the_longest_sentence_is_reported_for_rewriting():
    report = readability("Stop. Please phone the ward before you come in for your operation. Thank you.")
    assert report.longest_sentence == "Please phone the ward before you come in for your operation."


def test_summary_uses_the_singular_for_one_sentence_and_one_long_word():
    summary = readability("Please visit the hospital.").summary()
    assert summary.startswith("1 sentence, 4 words, 7 syllables, 1 word of three or more syllables.")
