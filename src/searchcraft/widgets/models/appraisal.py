"""Appraising evidence: which study design answers which question, and a checklist appraisal of
practice records written for the kit, compared item by item with a model answer.

The checklists are the kit's own short versions of the questions critical appraisal checklists ask
(the CASP randomised controlled trial and cohort study checklists are the best known; CASP suggests
recording "yes", "no" or "can't tell" for each question and does not recommend adding up a score).
The design table follows the 2011 Oxford CEBM Levels of Evidence, which rank the likely best
evidence separately for each kind of question (treatment benefit, prognosis, diagnosis, how common).

The practice records are invented for teaching: they are written so that each checklist item has
an answer a careful reader can defend from the text. Where reasonable appraisers could differ, the
model answer accepts more than one rating and says why.

Pure Python (no ipywidgets, no YAML), so it runs in the learner's browser.

Example::

    >>> appraisal = Appraisal("rct-text-reminders")
    >>> appraisal.rate("randomised", "no")
    >>> appraisal.rate("question", "yes")
    >>> [(f.item.id, f.agrees) for f in appraisal.compare().rated]
    [('question', True), ('randomised', True)]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...errors import SearchCraftError

ANSWERS: dict[str, str] = {"yes": "Yes", "no": "No", "cant_tell": "Can't tell"}

CASP_SOURCE = ("Critical Appraisal Skills Programme (CASP). CASP checklists (randomised controlled trial; "
               "cohort study). casp-uk.net.")
OCEBM_SOURCE = ("OCEBM Levels of Evidence Working Group (Howick J, Chalmers I, Glasziou P, Greenhalgh T, "
                "Heneghan C, Liberati A, et al.). The Oxford 2011 Levels of Evidence. Oxford Centre for "
                "Evidence-Based Medicine.")


class AppraisalError(SearchCraftError):
    """A rating, record or checklist item the appraisal does not know."""


# --- Study designs and the questions they answer ------------------------------------------------

@dataclass(frozen=True)
class StudyDesign:
    id: str
    name: str
    what_it_does: str
    answers_best: str
    watch_for: str


STUDY_DESIGNS: dict[str, StudyDesign] = {d.id: d for d in (
    StudyDesign("systematic-review", "Systematic review",
                "Finds, appraises and combines all the studies that meet stated criteria for one question.",
                "Any question, when the studies it combines are the right design for that question.",
                "A review is only as good as its search, its appraisal of the studies and the studies themselves."),
    StudyDesign("rct", "Randomised controlled trial",
                "Allocates people to an intervention or a comparison by chance, then compares outcomes.",
                "Does this intervention work (treatment benefit) and what are its common harms?",
                "Allocation that could be predicted, loss to follow-up, outcome assessors who know the group."),
    StudyDesign("cohort", "Cohort study",
                "Follows a group of people over time, comparing those exposed to something with those not.",
                "What happens over time (prognosis), and harms or causes that cannot ethically be randomised.",
                "Confounding: exposed and unexposed people may differ in other ways that affect the outcome."),
    StudyDesign("case-control", "Case-control study",
                "Starts from people with an outcome (cases) and without it (controls) and looks back at exposures.",
                "Causes of rare outcomes, quickly and cheaply.",
                "Recall bias and how the controls were chosen; it gives odds ratios, not risks."),
    StudyDesign("cross-sectional", "Cross-sectional study (survey or diagnostic accuracy study)",
                "Measures exposure and outcome, or a test and a reference standard, at one point in time.",
                "How common is it (prevalence)? How accurate is this test (diagnosis)?",
                "Who was sampled; whether everyone had the same reference standard, applied blind."),
    StudyDesign("qualitative", "Qualitative study",
                "Interviews, focus groups or observation, analysed for themes and meanings.",
                "What is it like, and why do people act as they do (experiences, views, barriers)?",
                "How participants were chosen, and whether the analysis is rigorous and reflexive."),
    StudyDesign("case-series", "Case report or case series",
                "Describes one or a few patients, with no comparison group.",
                "Signals of something new or rare, worth studying properly.",
                "With no comparison group it cannot show that an intervention caused an outcome."),
)}

# The kinds of question a requester brings, and the designs that answer each best (best first).
QUESTION_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "treatment": ("Does this intervention help?", ("systematic-review", "rct")),
    "harm": ("What are the harms, or what causes this?", ("systematic-review", "rct", "cohort", "case-control")),
    "prognosis": ("What is likely to happen over time?", ("systematic-review", "cohort")),
    "diagnosis": ("How accurate is this test?", ("systematic-review", "cross-sectional")),
    "prevalence": ("How common is this?", ("systematic-review", "cross-sectional")),
    "experience": ("What is it like for patients or staff, and why?", ("systematic-review", "qualitative")),
}


@dataclass(frozen=True)
class DesignQuestion:
    id: str
    question: str
    kind: str
    best: str                      # the primary design to look for (not the review of it)
    explanation: str
    also: tuple[str, ...] = ()     # other designs that answer it acceptably


DESIGN_QUESTIONS: dict[str, DesignQuestion] = {q.id: q for q in (
    DesignQuestion("q1", "A ward manager asks whether hourly intentional rounding reduces falls on older "
                   "people's wards.", "treatment", "rct",
                   "A question about whether an intervention works: look first for a systematic review of "
                   "randomised trials, then for randomised trials."),
    DesignQuestion("q2", "A GP asks how many adults in the practice population are likely to have "
                   "undiagnosed atrial fibrillation.", "prevalence", "cross-sectional",
                   "'How many' or 'how common' is a prevalence question: a cross-sectional survey of a "
                   "representative sample answers it."),
    DesignQuestion("q3", "A physiotherapist asks what usually happens, over the following year, to people "
                   "who have a first episode of acute low back pain.", "prognosis", "cohort",
                   "'What happens over time' is prognosis: follow an inception cohort of people from their "
                   "first episode."),
    DesignQuestion("q4", "A matron wants to know why newly qualified nurses say they leave in their first "
                   "year.", "experience", "qualitative",
                   "'Why' and 'what is it like' are answered by qualitative research: interviews or focus "
                   "groups with the nurses themselves."),
    DesignQuestion("q5", "An emergency consultant asks how well a bedside ultrasound scan rules out a "
                   "fractured wrist in children, compared with X-ray.", "diagnosis", "cross-sectional",
                   "Test accuracy is studied cross-sectionally: everyone has both the new test and the "
                   "reference standard (here X-ray), read blind to each other."),
    DesignQuestion("q6", "A pharmacist asks whether long-term use of a common acid-suppressing drug is "
                   "linked to hip fracture.", "harm", "cohort",
                   "A possible long-term harm of a drug cannot ethically be randomised for years: cohort "
                   "(or case-control) studies of people who do and do not take it answer it.", ("case-control",)),
)}


@dataclass(frozen=True)
class DesignCheck:
    question: DesignQuestion
    given: str
    correct: bool
    feedback: str


def check_design_choices(choices: Mapping[str, str]) -> list[DesignCheck]:
    """Mark the learner's choice of primary study design for each practice question.

    ``choices`` maps a question id (``"q1"``) to a design id (``"rct"``). A systematic review is
    accepted with a reminder to name the design it should contain.

    >>> [c.correct for c in check_design_choices({"q1": "rct", "q2": "cohort"})]
    [True, False]
    """
    checks = []
    for qid, design in choices.items():
        if qid not in DESIGN_QUESTIONS:
            raise AppraisalError(f"There is no practice question {qid!r}",
                                 hint="Use the ids " + ", ".join(DESIGN_QUESTIONS) + ".")
        question = DESIGN_QUESTIONS[qid]
        design = str(design).strip().lower()
        if design in ("", "..."):
            continue
        if design not in STUDY_DESIGNS:
            raise AppraisalError(f"{qid}: {design!r} is not a study design the kit knows",
                                 hint="Use one of: " + ", ".join(STUDY_DESIGNS) + ".")
        best = STUDY_DESIGNS[question.best].name.lower()
        if design == question.best:
            checks.append(DesignCheck(question, design, True, "Yes. " + question.explanation))
        elif design == "systematic-review":
            checks.append(DesignCheck(question, design, True, f"A systematic review is the place to start; say "
                                      f"which studies it should contain ({best}). " + question.explanation))
        elif design in question.also:
            checks.append(DesignCheck(question, design, True, "Acceptable. " + question.explanation))
        else:
            chosen = STUDY_DESIGNS[design]
            checks.append(DesignCheck(question, design, False,
                                      f"Not the best fit: a {chosen.name.lower()} is best for "
                                      f"\"{chosen.answers_best}\" "
                                      f"Look for a {best}. " + question.explanation))
    return checks


# How each design is indexed in MEDLINE-style records: a publication type or a subject heading.
DESIGN_INDEXING: dict[str, tuple[str, str]] = {
    "systematic-review": ("pt", "Systematic Review"),
    "rct": ("pt", "Randomized Controlled Trial"),
    "cohort": ("mh", "Cohort Studies"),
    "cross-sectional": ("mh", "Cross-Sectional Studies"),
    "qualitative": ("mh", "Qualitative Research"),
}


def design_filter(design: str) -> str:
    """The search line that finds records indexed as ``design`` (``'"Cohort Studies"[mh]'``).

    >>> design_filter("rct")
    '"Randomized Controlled Trial"[pt]'
    """
    if design not in DESIGN_INDEXING:
        raise AppraisalError(f"There is no indexing term for {design!r} in the practice database",
                             hint="Use one of: " + ", ".join(DESIGN_INDEXING) + ".")
    field, term = DESIGN_INDEXING[design]
    return f'"{term}"[{field}]'


def is_indexed_as(record: Any, design: str) -> bool:
    """Whether a practice database record carries the indexing for ``design``."""
    field, term = DESIGN_INDEXING[design]
    if field == "pt":
        return term in (getattr(record, "publication_types", None) or ())
    return any(h.lstrip("*").split("/")[0] == term for h in (getattr(record, "headings", None) or ()))


@dataclass(frozen=True)
class DesignSearchCheck:
    design: str
    records: int
    matching: int
    feedback: str

    @property
    def correct(self) -> bool:
        return self.records > 0 and self.matching == self.records


def check_design_search(records: Any, design: str) -> DesignSearchCheck:
    """Check that a search limited to one study design found only records indexed as that design.

    ``records`` are records fetched from the practice database (anything with ``publication_types``
    and ``headings``).
    """
    if design not in DESIGN_INDEXING:
        raise AppraisalError(f"There is no indexing term for {design!r} in the practice database",
                             hint="Use one of: " + ", ".join(DESIGN_INDEXING) + ".")
    records = list(records)
    matching = sum(1 for r in records if is_indexed_as(r, design))
    name = STUDY_DESIGNS[design].name.lower()
    if not records:
        feedback = "The search found nothing: check the spelling and the field tag, or widen the topic terms."
    elif matching == len(records):
        feedback = f"All {len(records)} records are indexed as {name}: the design limit works."
    else:
        feedback = (f"Only {matching} of {len(records)} records are indexed as {name}. Add "
                    f"AND {design_filter(design)} to the search.")
    return DesignSearchCheck(design, len(records), matching, feedback)


# --- Checklists and the practice records ---------------------------------------------------------

@dataclass(frozen=True)
class ChecklistItem:
    id: str
    question: str
    prompts: str


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    design: str
    items: tuple[ChecklistItem, ...]

    def item(self, item_id: str) -> ChecklistItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise AppraisalError(f"The {self.title} has no item {item_id!r}",
                             hint="Use one of: " + ", ".join(i.id for i in self.items) + ".")


CHECKLISTS: dict[str, Checklist] = {c.id: c for c in (
    Checklist("rct", "Randomised controlled trial checklist", "rct", (
        ChecklistItem("question", "Does the study ask a clearly focused question?",
                      "Can you name the population, the intervention, the comparison and the outcomes?"),
        ChecklistItem("randomised", "Were people allocated to the groups at random, and was the allocation "
                      "concealed?", "How was the sequence made? Could anyone recruiting guess the next group?"),
        ChecklistItem("baseline", "Were the groups similar at the start?",
                      "Look at the table of baseline characteristics: age, severity, other risks."),
        ChecklistItem("blinding", "Were the people assessing the outcome unaware of each person's group?",
                      "Patients and staff often cannot be blind to an intervention; assessors usually can."),
        ChecklistItem("follow_up", "Were all participants accounted for, and analysed in the groups they were "
                      "allocated to?", "How many were lost from each group? Was it intention-to-treat?"),
        ChecklistItem("precision", "Are the main results given with a measure of precision?",
                      "Is there a 95% confidence interval, not only a p value?"),
        ChecklistItem("local", "Can the results be applied to your own patients and setting?",
                      "Are the people, the setting and the intervention like yours? Were important outcomes measured?"),
    )),
    Checklist("cohort", "Cohort study checklist", "cohort", (
        ChecklistItem("question", "Does the study ask a clearly focused question?",
                      "Can you name the population, the exposure, the comparison and the outcomes?"),
        ChecklistItem("recruitment", "Was the cohort recruited in an acceptable way?",
                      "Does it represent a defined population? Was anyone left out in a way that matters?"),
        ChecklistItem("exposure", "Was the exposure measured accurately, and in the same way for everyone?",
                      "Objective records or self-report? Measured before the outcome happened?"),
        ChecklistItem("outcome", "Was the outcome measured accurately, and in the same way for everyone?",
                      "Objective measures? Did the people measuring it know who was exposed?"),
        ChecklistItem("confounding", "Did the authors identify and allow for the important confounding factors?",
                      "List what else could cause the outcome. Was each one measured and adjusted for?"),
        ChecklistItem("follow_up", "Was follow-up complete enough and long enough?",
                      "What proportion were followed to the end? Long enough for the outcome to appear?"),
        ChecklistItem("precision", "Are the main results given with a measure of precision?",
                      "Is there a 95% confidence interval?"),
    )),
)}


@dataclass(frozen=True)
class ModelAnswer:
    accepted: tuple[str, ...]      # the first is the model answer; others are defensible too
    explanation: str


@dataclass(frozen=True)
class PracticeRecord:
    id: str
    title: str
    journal: str
    design: str
    checklist: str
    abstract: str
    answers: Mapping[str, ModelAnswer]


def _model(accepted: str, explanation: str) -> ModelAnswer:
    return ModelAnswer(tuple(accepted.split("|")), " ".join(explanation.split()))


PRACTICE_RECORDS: dict[str, PracticeRecord] = {r.id: r for r in (
    PracticeRecord(
        "rct-bedside-education", "Bedside falls education by nurses for older inpatients: a randomised "
        "controlled trial in two NHS trusts", "Practice record written for SearchCraft (not a real study)",
        "rct", "rct",
        "Background: A fall in hospital can cause injury, a longer stay and loss of confidence. Question: In patients "
        "aged 70 or over admitted to general medical wards, does a nurse-led bedside falls education programme, "
        "compared with usual care, reduce the proportion of patients who fall during their stay? "
        "Methods: 412 consenting patients were randomised 1:1 using a computer-generated sequence held by an "
        "independent trials unit and released by telephone only after a patient had been enrolled. "
        "Baseline age, sex, cognitive score and previous falls were similar in the two groups (Table 1). "
        "Patients and ward nurses knew which group a patient was in; falls were identified from incident "
        "reports by a researcher who did not know the allocation. Results: 9 of 206 patients in the education "
        "group and 11 of 206 in the usual care group were lost (transferred to other hospitals before "
        "assessment); all others were analysed in the group to which they were allocated. 14 of 197 patients "
        "in the education group fell (7.1%) compared with 28 of 195 in usual care (14.4%); risk difference "
        "7.3 percentage points (95% CI 1.2 to 13.3). Conclusion: Bedside education reduced falls in older "
        "medical inpatients in two English hospitals.",
        {
            "question": _model("yes", """Yes: population (patients 70 or over on general medical wards),
                intervention (nurse-led bedside education), comparison (usual care) and outcome (proportion
                who fall) are all stated."""),
            "randomised": _model("yes", """Yes: a computer-generated sequence, held by an independent unit and
                released only after enrolment, so recruiters could not know or change the next allocation
                (allocation was concealed)."""),
            "baseline": _model("yes", """Yes: the abstract reports that age, sex, cognitive score and previous
                falls were similar (Table 1)."""),
            "blinding": _model("yes", """Yes for the assessor, which is what this item asks: falls were found
                by a researcher who did not know the allocation. Patients and nurses could not be blind to an
                education programme; that is unavoidable and is not a flaw in itself."""),
            "follow_up": _model("yes", """Yes: losses are small (9 and 11 of 206), explained, similar in the
                two groups, and everyone else was analysed in their allocated group (intention-to-treat)."""),
            "precision": _model("yes", """Yes: the risk difference is given with a 95% confidence interval
                (1.2 to 13.3 percentage points)."""),
            "local": _model("yes|cant_tell", """It depends on your setting, so 'can't tell' is defensible; for
                an English hospital with general medical wards the answer is probably yes. Note the wide
                interval: the benefit could be as small as about 1 fall prevented for every 86 patients
                educated or as large as about 1 for every 8."""),
        }),
    PracticeRecord(
        "rct-text-reminders", "Text message reminders to reduce missed outpatient appointments: a trial in a "
        "physiotherapy service", "Practice record written for SearchCraft (not a real study)", "rct", "rct",
        "Question: Do text message reminders sent two days before an appointment, compared with no reminder, "
        "reduce missed first appointments in an NHS musculoskeletal physiotherapy service? Methods: Patients "
        "booked on Mondays, Wednesdays and Fridays received a reminder; those booked on Tuesdays and Thursdays "
        "did not. The reception team, who booked the appointments, knew the schedule. The reminder group was "
        "younger (mean age 41 v 52 years) and more often referred by a GP rather than self-referred. Missed "
        "appointments were taken from the booking system, which records attendance automatically. Results: Of "
        "640 patients booked, 58 in the reminder group and 12 in the no-reminder group had their "
        "appointments rebooked by the service and were excluded. Among the remainder, 9% of the reminder group "
        "and 15% of the no-reminder group missed their appointment (p = 0.03). Conclusion: Text reminders "
        "should be introduced across the trust.",
        {
            "question": _model("yes", """Yes: population (patients booked for a first physiotherapy
                appointment), intervention (text reminder two days before), comparison (no reminder) and
                outcome (missed first appointment) are clear."""),
            "randomised": _model("no", """No: allocation by day of the week is not random, and the reception
                team knew the schedule, so it was not concealed. This is a non-randomised comparison, whatever
                the title says."""),
            "baseline": _model("no", """No: the reminder group was younger and more often GP-referred; either
                could affect attendance by itself."""),
            "blinding": _model("yes|cant_tell", """The outcome was recorded automatically by the booking
                system, so knowledge of the group could hardly affect it: 'yes' is the better answer. 'Can't
                tell' is defensible because the abstract does not say who checked the records."""),
            "follow_up": _model("no", """No: 70 patients were excluded after allocation, far more from the
                reminder group (58) than the other (12), and they were not analysed in their allocated group.
                The exclusions could have removed the patients most likely to miss."""),
            "precision": _model("no", """No: only a p value is given. There is no confidence interval for the
                difference, so you cannot see the range of plausible effects."""),
            "local": _model("cant_tell|no", """With non-random allocation, unequal groups and lopsided
                exclusions, the result may not be a real effect of reminders, so it is hard to apply anywhere:
                'can't tell' (or 'no'). The conclusion goes further than the evidence."""),
        }),
    PracticeRecord(
        "cohort-night-shifts", "Night shift work and long-term sickness absence in NHS nurses: a two-year "
        "cohort study", "Practice record written for SearchCraft (not a real study)", "cohort", "cohort",
        "Question: Among registered nurses in acute NHS trusts, is regular night shift work associated with "
        "long-term sickness absence (28 days or more) over two years, compared with day work only? Methods: "
        "All 3,240 registered nurses on the payroll of four acute trusts on 1 April 2021 were included. "
        "Exposure (the number of night shifts worked in the previous year) was taken from electronic rostering "
        "records at the start. Long-term sickness absence was taken from the trusts' electronic staff records "
        "for the following two years. Analyses were adjusted for age, sex and pay band; no information was "
        "available on nurses' health conditions at the start or on caring responsibilities at home. Results: "
        "3,046 nurses (94%) were followed for the full two years; those who left the trusts were followed "
        "until they left. Nurses working eight or more night shifts a month had more long-term absence "
        "(adjusted hazard ratio 1.32, 95% CI 1.12 to 1.55). Conclusion: Regular night work is associated with "
        "long-term sickness absence; trusts should review night rotas.",
        {
            "question": _model("yes", """Yes: population (registered nurses in acute trusts), exposure (regular
                night shifts), comparison (day work only) and outcome (28 days' or more absence over two years)
                are stated."""),
            "recruitment": _model("yes", """Yes: everyone on the payroll of four trusts on a fixed date, so
                the cohort is a whole defined population, not volunteers."""),
            "exposure": _model("yes", """Yes: night shifts came from rostering records, measured the same way
                for everyone and before the outcome, not from nurses' memories."""),
            "outcome": _model("yes", """Yes: long-term sickness absence came from the electronic staff record,
                an objective source recorded the same way for every nurse."""),
            "confounding": _model("no|cant_tell", """No (or can't tell): the analysis allowed for age, sex and
                pay band, but not for health conditions at the start or caring responsibilities, both of which
                could affect who works nights and who goes off sick. The authors say so themselves."""),
            "follow_up": _model("yes", """Yes: 94% were followed for two years, which is long enough for
                long-term absence to show, and leavers were followed until they left."""),
            "precision": _model("yes", """Yes: the hazard ratio has a 95% confidence interval (1.12 to 1.55)."""),
        }),
)}


def practice_records() -> dict[str, PracticeRecord]:
    """The practice records written for the appraisal exercise, by id."""
    return dict(PRACTICE_RECORDS)


def practice_record(record_id: str) -> PracticeRecord:
    if record_id not in PRACTICE_RECORDS:
        raise AppraisalError(f"There is no practice record {record_id!r}",
                             hint="Use one of: " + ", ".join(PRACTICE_RECORDS) + ".")
    return PRACTICE_RECORDS[record_id]


# --- Appraising one record ---------------------------------------------------------------------

@dataclass(frozen=True)
class ItemFeedback:
    item: ChecklistItem
    given: str | None
    model: ModelAnswer

    @property
    def agrees(self) -> bool:
        return self.given is not None and self.given in self.model.accepted

    @property
    def model_label(self) -> str:
        return " or ".join(ANSWERS[a] for a in self.model.accepted)

    def text(self) -> str:
        if self.given is None:
            return "Not rated yet: rate this item, then compare again."
        elif self.agrees:
            verdict = f"You said {ANSWERS[self.given]}: agrees with the model answer."
        else:
            verdict = f"You said {ANSWERS[self.given]}; the model answer is {self.model_label}."
        return f"{verdict} {self.model.explanation}"


@dataclass(frozen=True)
class AppraisalFeedback:
    items: tuple[ItemFeedback, ...]

    @property
    def rated(self) -> list[ItemFeedback]:
        return [f for f in self.items if f.given is not None]

    @property
    def agreed(self) -> int:
        return sum(1 for f in self.items if f.agrees)

    def summary(self) -> str:
        unrated = len(self.items) - len(self.rated)
        text = f"{self.agreed} of {len(self.items)} items agree with the model answer"
        return text + (f"; {unrated} not rated yet." if unrated else ".")

    def text(self) -> str:
        return "\n".join([self.summary()] + [f"- {f.item.question} {f.text()}" for f in self.items])


class Appraisal:
    """One learner's ratings of one practice record against its checklist."""

    def __init__(self, record: str | PracticeRecord) -> None:
        self.record = record if isinstance(record, PracticeRecord) else practice_record(record)
        self.checklist = CHECKLISTS[self.record.checklist]
        self.ratings: dict[str, str] = {}

    def rate(self, item_id: str, answer: str | None) -> None:
        """Rate one checklist item "yes", "no" or "cant_tell" (``None`` or "" clears it)."""
        self.checklist.item(item_id)
        if answer in (None, ""):
            self.ratings.pop(item_id, None)
            return
        key = str(answer).strip().lower().replace("'", "").replace(" ", "_")
        key = {"cant": "cant_tell", "can_tell": "cant_tell", "unclear": "cant_tell"}.get(key, key)
        if key not in ANSWERS:
            raise AppraisalError(f"{answer!r} is not a rating for '{self.checklist.item(item_id).question}'",
                                 hint="Rate each item yes, no or cant_tell.")
        self.ratings[item_id] = key

    def compare(self) -> AppraisalFeedback:
        return AppraisalFeedback(tuple(ItemFeedback(item, self.ratings.get(item.id), self.record.answers[item.id])
                                       for item in self.checklist.items))

    def to_state(self) -> dict[str, Any]:
        return {"record": self.record.id, "ratings": dict(self.ratings)}

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Appraisal:
        appraisal = cls(str(state.get("record", "")))
        for item_id, answer in (state.get("ratings") or {}).items():
            appraisal.rate(item_id, answer)
        return appraisal


def _check_records() -> None:
    """Every practice record answers every item of its checklist, with known ratings (run on import)."""
    for record in PRACTICE_RECORDS.values():
        items = {i.id for i in CHECKLISTS[record.checklist].items}
        if set(record.answers) != items:
            raise AppraisalError(f"Practice record {record.id} does not answer exactly the items of its checklist")
        for answer in record.answers.values():
            if not answer.accepted or any(a not in ANSWERS for a in answer.accepted):
                raise AppraisalError(f"Practice record {record.id} has an unknown model rating {answer.accepted}")


_check_records()
