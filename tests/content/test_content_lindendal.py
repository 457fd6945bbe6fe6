"""Content layer: the default Lindendal scenario, the full half-day game."""

from __future__ import annotations

import pytest

from app.engine.spec import ScenarioSpec
from tests.content.shipped import (
    case_and_brief_words,
    scenario,
    shipped,
    word_count,
    words_per_language,
)

ROLES = ("procesregisseur", "wijkagent", "leerplicht", "jeugdbescherming", "wijkteam")
PHASES = [
    ("lobby", 0),
    ("intro", 900),
    ("r1-prep", 1200),
    ("r1-meeting", 1800),
    ("r1-reflection", 900),
    ("r2-prep", 900),
    ("r2-meeting", 1800),
    ("r2-reflection", 1200),
    ("r3-prep", 1200),
    ("r3-meeting", 1500),
    ("r3-reflection", 900),
    ("debrief", 1800),
    ("closed", 0),
]


@pytest.fixture
def lindendal() -> ScenarioSpec:
    return scenario("lindendal")


def test_lindendal_is_the_default_with_five_roles(lindendal: ScenarioSpec) -> None:
    assert shipped().default is lindendal
    assert next(iter(shipped().scenarios)) == "lindendal"
    assert lindendal.role_ids == ROLES


def test_phases_fill_a_generous_half_day(lindendal: ScenarioSpec) -> None:
    assert [(p.id, p.duration_s) for p in lindendal.phases] == PHASES
    hours = sum(p.duration_s for p in lindendal.phases) / 3600
    assert 3.5 <= hours <= 4.5, hours


@pytest.mark.parametrize("language", ["nl", "en"])
def test_case_file_and_briefs_run_to_six_thousand_words(
    lindendal: ScenarioSpec, language: str
) -> None:
    assert case_and_brief_words(lindendal, language) >= 6000


@pytest.mark.parametrize("language", ["nl", "en"])
def test_mayors_brief_runs_to_250_words(lindendal: ScenarioSpec, language: str) -> None:
    assert lindendal.mayor is not None
    brief = lindendal.document(lindendal.mayor.brief_id)
    assert brief is not None
    assert word_count(brief.body[language]) >= 250


def test_mayor_needs(lindendal: ScenarioSpec) -> None:
    assert lindendal.mayor is not None
    assert [n.id for n in lindendal.mayor.needs] == [
        "public-order",
        "children-protected",
        "lawful-decision",
        "council-story",
        "one-contact",
    ]


def test_at_least_eight_designed_collisions_in_every_round(lindendal: ScenarioSpec) -> None:
    collisions = lindendal.designed_collisions
    assert len(collisions) >= 8
    assert {c.round for c in collisions} == {1, 2, 3}


def test_enough_content_in_each_language(lindendal: ScenarioSpec) -> None:
    counts = words_per_language(lindendal)
    assert min(counts.values()) >= 10000, counts
