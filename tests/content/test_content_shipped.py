"""Content layer: the shipped Lindendal scenario is complete, bilingual and built to collide."""

from __future__ import annotations

import pytest

from app.engine.spec import ALL, FACILITATOR, LOGICS, OBSERVER, ScenarioSpec
from tests.content.shipped import (
    block_outline,
    shipped,
    texts_of,
    word_count,
    words_per_language,
)

ROLES = ("procesregisseur", "wijkagent", "leerplicht", "jeugdbescherming", "wijkteam")
PHASES = [
    ("lobby", "lobby", 0, None, 0),
    ("intro", "preparation", 0, None, 900),
    ("r1-prep", "preparation", 1, "professional", 1200),
    ("r1-meeting", "meeting", 1, "professional", 1800),
    ("r1-reflection", "reflection", 1, "professional", 900),
    ("r2-prep", "preparation", 2, "network", 900),
    ("r2-meeting", "meeting", 2, "network", 1800),
    ("r2-reflection", "reflection", 2, "network", 1200),
    ("r3-prep", "preparation", 3, "organisational", 1200),
    ("r3-meeting", "meeting", 3, "organisational", 1500),
    ("r3-reflection", "reflection", 3, "organisational", 900),
    ("debrief", "debrief", None, None, 1800),
    ("closed", "closed", None, None, 0),
]


@pytest.fixture
def lindendal() -> ScenarioSpec:
    return shipped().default


def round_of(scenario: ScenarioSpec, phase_id: str) -> int | None:
    return scenario.phases[scenario.phase_index(phase_id)].round


def test_lindendal_is_the_default_with_five_roles(lindendal: ScenarioSpec) -> None:
    assert lindendal.id == "lindendal"
    assert next(iter(shipped().scenarios)) == "lindendal"
    assert lindendal.languages == ("nl", "en")
    assert lindendal.role_ids == ROLES
    assert set(ROLES) <= set(shipped().roles)


def test_phase_machine(lindendal: ScenarioSpec) -> None:
    actual = [(p.id, p.kind, p.round, p.logic, p.duration_s) for p in lindendal.phases]
    assert actual == PHASES


def test_every_text_in_both_languages(lindendal: ScenarioSpec) -> None:
    for name, text in texts_of(lindendal):
        assert set(text) == {"nl", "en"}, name
        assert all(value.strip() for value in text.values()), name


def test_markdown_bodies_have_the_same_structure(lindendal: ScenarioSpec) -> None:
    for document in lindendal.documents:
        nl, en = block_outline(document.body["nl"]), block_outline(document.body["en"])
        assert nl == en, document.id


def test_translations_are_of_similar_length(lindendal: ScenarioSpec) -> None:
    for name, text in texts_of(lindendal):
        nl, en = word_count(text["nl"]), word_count(text["en"])
        if nl < 8:
            continue
        assert 0.6 <= en / nl <= 1.6, (name, nl, en)


def test_every_role_has_a_private_brief_each_round(lindendal: ScenarioSpec) -> None:
    for role in ROLES:
        rounds = {
            round_of(lindendal, d.phase_id)
            for d in lindendal.documents
            if d.audience == (role,) and not d.is_inject
        }
        assert {1, 2, 3} <= rounds, role


def test_shared_case_files_each_round(lindendal: ScenarioSpec) -> None:
    shared = {d.phase_id for d in lindendal.documents if d.audience == (ALL,) and not d.is_inject}
    assert {"r1-prep", "r2-prep", "r3-prep"} <= shared


def test_injects(lindendal: ScenarioSpec) -> None:
    injects = [(d.phase_id, d.trigger) for d in lindendal.documents if d.is_inject]
    assert ("r2-meeting", "timed") in injects
    assert ("r3-meeting", "manual") in injects
    for document in lindendal.documents:
        if document.trigger == "timed":
            phase = lindendal.phases[lindendal.phase_index(document.phase_id)]
            assert document.after_s is not None
            assert 0 < document.after_s < phase.duration_s, document.id


def test_mayor_brief_and_observer_guide(lindendal: ScenarioSpec) -> None:
    mayor = lindendal.document("mayor-brief")
    assert mayor is not None
    assert (mayor.audience, mayor.phase_id) == ((FACILITATOR,), "r3-prep")
    assert all(word_count(body) >= 250 for body in mayor.body.values())
    guide = lindendal.document("observer-guide")
    assert guide is not None
    assert (set(guide.audience), guide.phase_id) == ({FACILITATOR, OBSERVER}, "lobby")


def test_reflection_questions(lindendal: ScenarioSpec) -> None:
    phases = {q.phase_id for q in lindendal.questions}
    assert {"r1-reflection", "r2-reflection", "r3-reflection", "debrief"} <= phases


def test_designed_collisions_cover_every_role_and_logic(lindendal: ScenarioSpec) -> None:
    collisions = lindendal.designed_collisions
    assert len(collisions) >= 8
    assert {role for c in collisions for role in c.roles} == set(ROLES)
    assert {c.logic for c in collisions} == set(LOGICS)
    assert {c.round for c in collisions} == {1, 2, 3}
    logic_of_round = {1: "professional", 2: "network", 3: "organisational"}
    assert all(logic_of_round[c.round] == c.logic for c in collisions)


def test_each_brief_names_at_least_two_other_roles(lindendal: ScenarioSpec) -> None:
    """A brief collides by design only if it points at other roles it will rub against."""
    stems = {role: role for role in ROLES} | {"jeugdbescherming": "jeugdbeschermer"}
    for document in lindendal.documents:
        if document.is_inject or len(document.audience) != 1 or document.audience[0] not in stems:
            continue
        own = document.audience[0]
        body = document.body["nl"].lower()
        others = [r for r, stem in stems.items() if r != own and stem in body]
        assert len(others) >= 2, document.id


def test_enough_content_in_each_language(lindendal: ScenarioSpec) -> None:
    counts = words_per_language(lindendal)
    assert min(counts.values()) >= 3000, counts


def test_no_group_labels(lindendal: ScenarioSpec) -> None:
    """The family network carries no ethnic or cultural label (see the seed's background)."""
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
    )
    for name, text in texts_of(lindendal):
        for value in text.values():
            lowered = value.lower()
            found = [word for word in banned if word in lowered]
            assert not found, (name, found)
