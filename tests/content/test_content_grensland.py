"""Content layer: the short Grensland rehearsal game, written from docs/authoring.md."""

from __future__ import annotations

import pytest

from app.engine.spec import ScenarioSpec
from tests.content.shipped import case_and_brief_words, scenario, word_count

ROLES = ("procesregisseur", "wijkagent", "leerplicht", "wijkteam", "jeugdreclassering")


@pytest.fixture
def grensland() -> ScenarioSpec:
    return scenario("grensland")


def test_grensland_is_not_the_default(grensland: ScenarioSpec) -> None:
    assert grensland.default is False
    assert grensland.role_ids == ROLES


def test_playable_in_about_ninety_minutes(grensland: ScenarioSpec) -> None:
    minutes = sum(p.duration_s for p in grensland.phases) / 60
    assert 80 <= minutes <= 100, minutes
    meetings = [p.duration_s for p in grensland.phases if p.kind == "meeting"]
    assert all(seconds <= 15 * 60 for seconds in meetings)


def test_shorter_than_the_default(grensland: ScenarioSpec) -> None:
    lindendal = scenario("lindendal")
    for language in ("nl", "en"):
        short = case_and_brief_words(grensland, language)
        assert 3000 <= short < case_and_brief_words(lindendal, language), language


def test_injects_reach_few_roles_first(grensland: ScenarioSpec) -> None:
    injects = {d.id: (d.trigger, d.audience) for d in grensland.documents if d.is_inject}
    assert injects == {
        "inject-r2-border-check": ("timed", ("wijkagent",)),
        "inject-r2-noor-texts": ("timed", ("wijkteam",)),
        "inject-r3-jugendamt": ("manual", ("all",)),
        "inject-r3-sem-offer": ("manual", ("jeugdreclassering", "facilitator")),
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_mayors_brief_runs_to_250_words(grensland: ScenarioSpec, language: str) -> None:
    assert grensland.mayor is not None
    brief = grensland.document(grensland.mayor.brief_id)
    assert brief is not None
    assert word_count(brief.body[language]) >= 250


def test_the_new_role_is_at_the_centre_of_collisions(grensland: ScenarioSpec) -> None:
    rounds = {c.round for c in grensland.designed_collisions if "jeugdreclassering" in c.roles}
    assert rounds == {1, 2, 3}
