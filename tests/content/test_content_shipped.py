"""Content layer: every shipped scenario is complete, bilingual and built to collide."""

from __future__ import annotations

import pytest

from app.cli import check_content
from app.engine.spec import ALL, FACILITATOR, LOGICS, OBSERVER, DocumentSpec, ScenarioSpec
from tests.content.shipped import (
    SCENARIO_IDS,
    block_outline,
    language_markers,
    roles_named,
    round_of,
    scenario,
    shipped,
    texts_of,
    word_count,
)

ROUND_LOGIC = {1: "professional", 2: "network", 3: "organisational"}
PATTERN = [
    ("lobby", 0, None),
    ("preparation", 0, None),
    *[
        (kind, r, ROUND_LOGIC[r])
        for r in (1, 2, 3)
        for kind in ("preparation", "meeting", "reflection")
    ],
    ("debrief", None, None),
    ("closed", None, None),
]


@pytest.fixture(params=SCENARIO_IDS)
def spec(request: pytest.FixtureRequest) -> ScenarioSpec:
    return scenario(request.param)


def private_documents(spec: ScenarioSpec, role_id: str) -> list[DocumentSpec]:
    return [d for d in spec.documents if d.audience == (role_id,) and not d.is_inject]


def test_every_shipped_file_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_content(None) == 0
    assert capsys.readouterr().out.startswith(f"ok: {len(SCENARIO_IDS)} scenario(s)")
    assert set(shipped().scenarios) == set(SCENARIO_IDS)
    used = {role for s in shipped().scenarios.values() for role in s.role_ids}
    assert used == set(shipped().roles), "every role file is used by a scenario"


def test_five_roles_and_the_phase_pattern(spec: ScenarioSpec) -> None:
    assert len(spec.roles) == 5
    assert spec.languages == ("nl", "en")
    assert [(p.kind, p.round, p.logic) for p in spec.phases] == PATTERN
    assert all(p.duration_s > 0 for p in spec.phases if p.kind not in ("lobby", "closed"))


def test_every_text_in_both_languages(spec: ScenarioSpec) -> None:
    for name, text in texts_of(spec):
        assert set(text) == {"nl", "en"}, name
        assert all(value.strip() for value in text.values()), name


def test_no_document_left_untranslated(spec: ScenarioSpec) -> None:
    for name, text in texts_of(spec):
        nl, en = text["nl"], text["en"]
        if word_count(nl) < 12:
            continue
        assert nl != en, name
        in_nl, in_en = language_markers(nl), language_markers(en)
        assert in_nl["nl"] > in_nl["en"], (name, "nl", in_nl)
        assert in_en["en"] > in_en["nl"], (name, "en", in_en)


def test_markdown_bodies_have_the_same_structure(spec: ScenarioSpec) -> None:
    for document in spec.documents:
        nl, en = block_outline(document.body["nl"]), block_outline(document.body["en"])
        assert nl == en, document.id


def test_translations_are_of_similar_length(spec: ScenarioSpec) -> None:
    for name, text in texts_of(spec):
        nl, en = word_count(text["nl"]), word_count(text["en"])
        if nl < 8:
            continue
        assert 0.6 <= en / nl <= 1.6, (name, nl, en)


def test_every_role_has_a_private_brief_each_round(spec: ScenarioSpec) -> None:
    for role in spec.role_ids:
        rounds = {round_of(spec, d.phase_id) for d in private_documents(spec, role)}
        assert {1, 2, 3} <= rounds, (role, rounds)


def test_each_brief_collides_with_at_least_two_other_roles(spec: ScenarioSpec) -> None:
    """A brief collides by design only if it points at other roles it will rub against."""
    for role in spec.role_ids:
        for document in private_documents(spec, role):
            others = roles_named(spec, document.body["nl"]) - {role}
            assert len(others) >= 2, (document.id, others)


def test_shared_case_files_each_round(spec: ScenarioSpec) -> None:
    shared = {d.phase_id for d in spec.documents if d.audience == (ALL,) and not d.is_inject}
    assert {"r1-prep", "r2-prep", "r3-prep"} <= shared


def test_injects_in_rounds_2_and_3(spec: ScenarioSpec) -> None:
    injects = [d for d in spec.documents if d.is_inject]
    assert {round_of(spec, d.phase_id) for d in injects} >= {2, 3}
    for document in injects:
        phase = spec.phases[spec.phase_index(document.phase_id)]
        assert phase.kind == "meeting", document.id
        if document.trigger == "timed":
            assert document.after_s is not None
            assert 0 < document.after_s < phase.duration_s, document.id


def test_mayor(spec: ScenarioSpec) -> None:
    assert spec.mayor is not None
    brief = spec.document(spec.mayor.brief_id)
    assert brief is not None
    assert (brief.audience, brief.phase_id, brief.is_inject) == ((FACILITATOR,), "r3-prep", False)
    assert all(word_count(body) >= 250 for body in brief.body.values())
    assert 3 <= len(spec.mayor.needs) <= 5


def test_observer_guide(spec: ScenarioSpec) -> None:
    guide = spec.document("observer-guide")
    assert guide is not None
    assert (set(guide.audience), guide.phase_id) == ({FACILITATOR, OBSERVER}, "lobby")


def test_reflection_questions(spec: ScenarioSpec) -> None:
    phases = {q.phase_id for q in spec.questions}
    assert {"r1-reflection", "r2-reflection", "r3-reflection", "debrief"} <= phases


def test_designed_collisions_cover_every_role_and_logic(spec: ScenarioSpec) -> None:
    collisions = spec.designed_collisions
    assert len(collisions) >= 5
    assert {role for c in collisions for role in c.roles} == set(spec.role_ids)
    assert {c.logic for c in collisions} == set(LOGICS)
    assert all(ROUND_LOGIC[c.round] == c.logic for c in collisions)
    for role in spec.role_ids:
        rounds = {c.round for c in collisions if role in c.roles}
        assert len(rounds) >= 2, (role, rounds)


def test_no_group_labels(spec: ScenarioSpec) -> None:
    """The people in a case carry no ethnic or cultural label (see the seed's background)."""
    banned = (
        "roma",
        "sinti",
        "woonwagen",
        "reiziger",
        "traveller",
        "clan",
        "allochto",
        "etnisch",
        "ethnic",
        "cultuur",
        "cultural",
        "culture",
        "religi",
        "afkomst",
        "origin",
    )
    for name, text in texts_of(spec):
        for value in text.values():
            found = [word for word in banned if word in value.lower()]
            assert not found, (name, found)


def test_the_language_guess_tells_dutch_from_english() -> None:
    dutch = language_markers("Wat is het doel van de samenwerking, en wie doet wat?")
    english = language_markers("What is the goal of the cooperation, and who does what?")
    assert dutch["nl"] > dutch["en"]
    assert english["en"] > english["nl"]
