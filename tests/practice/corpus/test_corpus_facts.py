"""The bundled corpus states no impossible facts: each test scans every record for one kind.

A learner who reads "interviews with 5400 multidisciplinary teams" or a review published in 2004
that searched to 2016 stops trusting the practice database, so each class of impossibility found
in earlier versions is checked over the whole corpus, not a sample.
"""

from __future__ import annotations

import re

import pytest

from searchcraft.practice.corpus import bundled_entries

PAEDIATRIC = re.compile(r"\b(?:paediatric|pediatric|neonatal|children's hospital)", re.I)
CARE_HOME = re.compile(r"\b(?:care homes?|nursing homes?|long-term care|residential aged care)\b", re.I)
COMMUNITY_DWELLING = re.compile(r"\b(?:community-dwelling|living in the community|living at home)\b", re.I)
HOSPITAL_PLACE = re.compile(r"\b(?:hospital wards|acute hospitals|rehabilitation units|care homes|nursing "
                            r"homes)\b", re.I)
SCHOOL = re.compile(r"\b(?:schoolchildren|primary school pupils|children in day care)\b", re.I)
HOSPITAL_INFECTION = re.compile(r"\b(?:healthcare-associated|hospital-acquired|nosocomial|MRSA|difficile)\b", re.I)
RATIO = re.compile(r"(?:ratio|factor of) (\d+\.\d+)(?: \([^)]*?)?,? 95% CI (\d+\.\d+) to (\d+\.\d+)(?:; "
                   r"(p[=<][\d.]+))?")


@pytest.fixture(scope="module")
def records():
    return [entry.record for entry in bundled_entries()]


def text(record) -> str:
    return f"{record['title']} {record['abstract']}"


def test_no_review_searched_after_it_was_published(records):
    checked = 0
    for record in records:
        for found in re.finditer(r"(?:searched|Library|registers were searched)[^.]*?\bto (?:([A-Z][a-z]+) )?(\d{4})",
                                 record["abstract"]):
            checked += 1
            assert int(found.group(2)) <= record["year"], (record["id"], found.group(0), record["year"])
            if int(found.group(2)) == record["year"] and found.group(1):
                assert found.group(1) in ("January", "February", "March", "April", "May", "June"), record["id"]
    assert checked > 300


def test_qualitative_studies_interview_tens_of_people_not_thousands(records):
    interviews = [int(n) for r in records for n in re.findall(r"interviews with (\d+)", r["abstract"])]
    focus_groups = [int(n) for r in records for n in re.findall(r"Focus groups \(n=(\d+)\)", r["abstract"])]
    assert interviews and focus_groups
    assert max(interviews) <= 60 and max(focus_groups) <= 15


def test_people_are_counted_never_teams_or_organisations(records):
    counted = re.compile(r"\b\d+ (?:the |a |an )?(?:multidisciplinary teams|teams|organisations|organizations|"
                         r"health systems|NHS trusts|trusts|hospitals)\b")
    wrong = [(r["id"], m.group(0)) for r in records for m in counted.finditer(r["abstract"])]
    assert wrong == []


def test_a_count_is_never_followed_by_an_article(records):
    wrong = [(r["id"], m.group(0)) for r in records for m in re.finditer(r"\b\d+ (?:the|a|an) \w+", r["abstract"])]
    assert wrong == []


def test_sample_sizes_suit_the_design(records):
    entries = bundled_entries()
    for entry in entries:
        abstract = entry.record["abstract"]
        for studies, people in re.findall(r"(\d+) studies \((\d+) participants\)", abstract):
            assert 4 <= int(studies) <= 60 and int(people) >= int(studies) * 12, entry.record["id"]
        british = abstract.replace("randomized", "randomised")
        for sites, people in re.findall(r"randomised (\d+) sites \((\d+) participants\)", british):
            assert int(people) >= int(sites) * 12, entry.record["id"]


def test_no_paediatric_care_in_care_homes(records):
    wrong = [r["id"] for r in records if PAEDIATRIC.search(text(r)) and CARE_HOME.search(text(r))
             and not re.search(r"\bfalse friend\b", text(r))]
    assert wrong == []


def test_community_dwelling_people_are_not_placed_on_wards_or_in_care_homes(records):
    wrong = [r["id"] for r in records if COMMUNITY_DWELLING.search(text(r)) and HOSPITAL_PLACE.search(text(r))]
    assert wrong == []


def test_schoolchildren_do_not_catch_hospital_infections(records):
    wrong = [r["id"] for r in records if SCHOOL.search(text(r)) and HOSPITAL_INFECTION.search(text(r))]
    assert wrong == []


def test_every_effect_agrees_with_its_confidence_interval_and_p_value(records):
    checked = 0
    for record in records:
        for sentence in re.split(r"(?<=\.) ", record["abstract"]):
            for found in RATIO.finditer(sentence):
                estimate, low, high = (float(found.group(i)) for i in (1, 2, 3))
                assert low <= estimate <= high, (record["id"], found.group(0))
                excludes_one = high < 1.0 or low > 1.0
                if found.group(4):
                    p_value = float(re.sub(r"p[=<]", "", found.group(4)))
                    assert (p_value < 0.05) == excludes_one, (record["id"], found.group(0))
                if re.search(r"did not differ clearly", sentence):
                    assert not excludes_one, (record["id"], sentence)
                elif re.search(r"favoured the intervention|improved", sentence):
                    assert excludes_one, (record["id"], sentence)
                checked += 1
        for smd, low, high in re.findall(r"standardi[sz]ed mean difference (-?\d+\.\d+), 95% CI (-?\d+\.\d+) to "
                                         r"(-?\d+\.\d+)",
                                         record["abstract"]):
            assert float(low) <= float(smd) <= float(high) < 0, record["id"]
    assert checked > 1000


def test_percentages_are_possible_and_improvements_go_up(records):
    for record in records:
        assert all(0 <= int(p) <= 100 for p in re.findall(r"\b(\d+)%", record["abstract"])), record["id"]
        for before, after in re.findall(r"improved from (\d+)% to (\d+)%", record["abstract"]):
            assert int(after) > int(before), record["id"]


def test_a_trial_that_found_no_clear_difference_never_concludes_a_benefit(records):
    nulls = [r for r in records if "did not differ clearly" in r["abstract"]]
    assert len(nulls) > 50
    for record in nulls:
        after = record["abstract"].split("did not differ clearly", 1)[1]
        assert not re.search(r"\bimproved\b|modest benefits|support offering|favou?red", after), record["id"]


def test_dates_are_possible(records):
    entries = {e.record["id"]: e for e in bundled_entries()}
    for record in records:
        assert 1990 <= record["year"] <= 2026, record["id"]
        original = entries[record["id"]].duplicate_of
        if original:
            assert 0 <= record["year"] - entries[original].record["year"] <= 1


def test_errata_are_bare_and_protocols_report_no_results(records):
    entries = bundled_entries()
    errata = [e.record for e in entries if e.design == "erratum" and e.kind == "topic"]
    protocols = [e.record for e in entries if e.design == "protocol"]
    assert len(errata) >= 30 and len(protocols) >= 30
    for record in errata:
        assert record["publication_types"] == ["Published Erratum"]
        assert not record["abstract"] and not record["headings"]
        assert re.match(r"\[?(Erratum|Correction to): ", record["title"]), record["title"]
    for record in protocols:
        assert "Clinical Trial Protocol" in record["publication_types"]
        assert "Randomized Controlled Trial" not in record["publication_types"]
        assert not RATIO.search(record["abstract"]) and "95% CI" not in record["abstract"]


def test_readability_is_measured_by_designs_that_can_measure_a_text():
    readability = re.compile(r"\b(?:readability|reading grade level|flesch reading ease)\b", re.I)
    wrong = [e.record["id"] for e in bundled_entries()
             if e.kind == "topic" and e.design in ("rct", "protocol", "cohort", "qualitative")
             and readability.search(text(e.record))]
    assert wrong == []


def test_patients_are_not_followed_up_for_nurse_burnout():
    patients = re.compile(r"\b(?:hospital patients|adult inpatients|surgical patients|medical patients)\b")
    burnout = re.compile(r"\b(?:nurse burnout|job dissatisfaction|intention to leave)\b", re.I)
    wrong = [e.record["id"] for e in bundled_entries()
             if e.kind == "topic" and e.topic == "staffing"
             and patients.search(e.record["abstract"]) and burnout.search(e.record["abstract"])]
    assert wrong == []
