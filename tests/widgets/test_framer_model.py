"""QuestionFramerModel: frameworks with sourced elements, advice by kind of question, concept tables."""

from __future__ import annotations

import pytest

from searchcraft.widgets.models.framer import (
    FramerError,
    QuestionFramerModel,
    advise,
    framework,
    frameworks,
    question_kinds,
    split_terms,
    suggest_kinds,
)

EXPECTED_ELEMENTS = {
    "PICO": ["Population", "Intervention", "Comparison", "Outcome"],
    "PICOS": ["Population", "Intervention", "Comparison", "Outcome", "Study design"],
    "PICOC": ["Population", "Intervention", "Comparison", "Outcome", "Context"],
    "PICOT": ["Population", "Intervention", "Comparison", "Outcome", "Time"],
    "PICo": ["Population", "Phenomenon of interest", "Context"],
    "PEO": ["Population", "Exposure", "Outcome"],
    "PCC": ["Population", "Concept", "Context"],
    "SPIDER": ["Sample", "Phenomenon of interest", "Design", "Evaluation", "Research type"],
    "SPICE": ["Setting", "Perspective", "Intervention", "Comparison", "Evaluation"],
    "ECLIPSE": ["Expectation", "Client group", "Location", "Impact", "Professionals", "Service"],
    "CIMO": ["Context", "Intervention", "Mechanisms", "Outcome"],
}


@pytest.mark.parametrize("name, labels", EXPECTED_ELEMENTS.items())
def test_each_framework_has_its_published_elements(name, labels):
    assert [e.label for e in framework(name).elements] == labels


@pytest.mark.parametrize("name, cited", [
    ("SPIDER", "Cooke A, Smith D, Booth A"), ("SPICE", "Booth A. Clear and present questions"),
    ("ECLIPSE", "Wildridge V, Bell L"), ("CIMO", "Denyer D, Tranfield D, van Aken JE"),
    ("PCC", "JBI Evidence Synthesis"), ("PICO", "Richardson WS"),
])
def test_frameworks_cite_where_they_were_described(name, cited):
    assert cited in framework(name).source


def test_every_element_has_guidance_and_an_example():
    for fw in frameworks().values():
        for element in fw.elements:
            assert element.guidance.strip() and element.example.strip(), (fw.name, element.label)


def test_pico_and_pico_lower_case_are_different_frameworks():
    assert framework("PICO").name == "PICO"
    assert framework("PICo").name == "PICo"
    assert framework("spider").name == "SPIDER"


def test_unknown_framework_says_which_exist():
    with pytest.raises(FramerError, match="Unknown question framework") as caught:
        framework("PICNIC")
    assert "SPIDER" in caught.value.hint


@pytest.mark.parametrize("kind, first", [
    ("therapy", "PICO"), ("qualitative", "PICo"), ("prevalence", "PEO"), ("scoping", "PCC"),
    ("service", "SPICE"), ("management", "CIMO"),
])
def test_advice_puts_the_fitting_framework_first(kind, first):
    assert advise(kind)[0].framework == first


def test_all_advice_names_known_frameworks_and_every_kind_is_covered():
    assert set(question_kinds()) == {"therapy", "qualitative", "prevalence", "scoping", "service", "management"}
    for kind in question_kinds():
        for advice in advise(kind):
            assert advice.framework in frameworks()
            assert advice.why


@pytest.mark.parametrize("question, kind", [
    ("Is exercise effective in preventing falls in older adults?", "therapy"),
    ("What are the experiences of carers using respite care?", "qualitative"),
    ("What is the prevalence of burnout among nurses?", "prevalence"),
    ("What is known about the types of clinical librarian services?", "scoping"),
    ("How does team leadership culture affect staff retention?", "management"),
])
def test_the_wording_suggests_the_kind_of_question(question, kind):
    assert suggest_kinds(question)[0][0] == kind


def test_wording_with_no_cues_suggests_nothing():
    assert suggest_kinds("Tell me about widgets") == []


def test_terms_are_split_on_commas_semicolons_lines_and_or():
    assert split_terms("older adults; elderly,aged\nseniors OR older people, Elderly") == [
        "older adults", "elderly", "aged", "seniors", "older people"]


def test_concept_table_keeps_searchable_elements_in_framework_order():
    model = QuestionFramerModel("PICO")
    model.fill("Outcome", "falls")
    model.fill("I", "exercise; tai chi")
    model.fill("Population", "older adults")
    assert model.concept_table() == [
        {"concept": "Population", "terms": ["older adults"]},
        {"concept": "Intervention", "terms": ["exercise", "tai chi"]},
    ]
    assert model.concept_table(include_unsearched=True)[-1] == {"concept": "Outcome", "terms": ["falls"]}


def test_switching_framework_keeps_elements_with_the_same_name():
    model = QuestionFramerModel("PICO")
    model.fill("Population", "carers")
    model.fill("Intervention", "respite")
    model.choose("PICo")
    assert model.answers == {"Population": "carers"}


def test_filling_an_element_the_framework_lacks_is_refused():
    with pytest.raises(FramerError, match="PEO has no element called 'Intervention'"):
        QuestionFramerModel("PEO").fill("Intervention", "x")


def test_advice_follows_the_chosen_kind_else_the_wording():
    model = QuestionFramerModel("PICO", question="How do carers experience respite?")
    assert model.advice()[0].framework == "PICo"
    assert model.fits_advice() is False
    model.kind = "therapy"
    assert model.fits_advice() is True
    assert QuestionFramerModel("PICO").fits_advice() is None


def test_state_round_trips():
    model = QuestionFramerModel("SPIDER", question="q", kind="qualitative")
    model.fill("Sample", "student nurses")
    again = QuestionFramerModel.from_state(model.to_state())
    assert again.to_state() == model.to_state()
