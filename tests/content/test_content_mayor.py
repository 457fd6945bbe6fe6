"""Content layer: the mayor of round 3 is optional, but checked closely when a scenario has one."""

from __future__ import annotations

from typing import Any

import pytest

from app.content import load_content
from app.engine.spec import MayorNeedSpec, MayorSpec
from tests.content.content_tree import ContentTree

BRIEF = 4
"""Index of the mayor's brief in the documents list once ``with_mayor`` has added it."""


def _phase(phase_id: str, kind: str, seconds: int) -> dict[str, Any]:
    return {
        "id": phase_id,
        "kind": kind,
        "round": 3,
        "logic": "organisational",
        "title": {"nl": "Ronde 3", "en": "Round 3"},
        "duration_s": seconds,
        "instructions": {"nl": "Bereid voor.", "en": "Prepare."},
        "script": {"nl": "Begin.", "en": "Start."},
    }


@pytest.fixture
def mayor_tree(tree: ContentTree) -> ContentTree:
    """The minimal fixture with a round 3 and a valid mayor."""

    def change(data: Any) -> None:
        data["phases"][2:2] = [
            _phase("r3-prep", "preparation", 600),
            _phase("r3-meeting", "meeting", 900),
        ]
        data["documents"].append(
            {
                "id": "mayor-brief",
                "phase": "r3-prep",
                "audience": ["facilitator"],
                "title": {"nl": "Burgemeester", "en": "Mayor"},
            }
        )
        data["mayor"] = {
            "brief": "mayor-brief",
            "needs": [
                {"id": "order", "title": {"nl": "Orde", "en": "Order"}},
                {"id": "children", "title": {"nl": "Kinderen", "en": "Children"}},
            ],
        }

    tree.edit(change)
    for language in ("nl", "en"):
        body = tree.path(f"scenarios/mini/documents/mayor-brief.{language}.md")
        body.write_text(f"# mayor ({language})\n", encoding="utf-8")
    return tree


def test_a_scenario_without_a_mayor_loads(tree: ContentTree) -> None:
    assert load_content(tree.root).default.mayor is None


def test_the_mayor_reaches_the_spec(mayor_tree: ContentTree) -> None:
    mayor = load_content(mayor_tree.root).default.mayor
    assert mayor == MayorSpec(
        brief_id="mayor-brief",
        needs=(
            MayorNeedSpec(id="order", title={"nl": "Orde", "en": "Order"}),
            MayorNeedSpec(id="children", title={"nl": "Kinderen", "en": "Children"}),
        ),
    )


def test_unknown_brief(mayor_tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["mayor"]["brief"] = "mayors-brief"

    mayor_tree.edit(change)
    assert mayor_tree.fields() == {"mayor.brief": "unknown document 'mayors-brief'"}


@pytest.mark.parametrize("audience", [["facilitator", "observer"], ["all"], ["alpha"]])
def test_brief_is_for_the_facilitator_only(mayor_tree: ContentTree, audience: list[str]) -> None:
    def change(data: Any) -> None:
        data["documents"][BRIEF]["audience"] = audience

    mayor_tree.edit(change)
    message = mayor_tree.fields()[f"documents[{BRIEF}].audience"]
    assert "audience [facilitator]" in message


def test_brief_released_after_round_3_preparation(mayor_tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["documents"][BRIEF]["phase"] = "r3-meeting"

    mayor_tree.edit(change)
    message = mayor_tree.fields()[f"documents[{BRIEF}].phase"]
    assert "no later than phase 'r3-prep'" in message


def test_brief_released_earlier_is_fine(mayor_tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["documents"][BRIEF]["phase"] = "lobby"

    mayor_tree.edit(change)
    assert load_content(mayor_tree.root).default.mayor is not None


def test_brief_is_not_an_inject(mayor_tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["documents"][BRIEF]["inject"] = "manual"

    mayor_tree.edit(change)
    assert "cannot be an inject" in mayor_tree.fields()[f"documents[{BRIEF}].inject"]


def test_needs_must_be_unique_slugs(mayor_tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["mayor"]["needs"][1]["id"] = "order"
        data["mayor"]["needs"].append({"id": "Rust en Orde", "title": {"nl": "R", "en": "P"}})

    mayor_tree.edit(change)
    fields = mayor_tree.fields()
    assert "duplicate need id 'order'" in fields["mayor.needs[1].id"]
    assert "should match pattern" in fields["mayor.needs[2].id"]


def test_at_least_one_need(mayor_tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["mayor"]["needs"] = []

    mayor_tree.edit(change)
    assert "at least 1 item" in mayor_tree.fields()["mayor.needs"]


def test_need_texts_are_complete(mayor_tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["mayor"]["needs"][0]["title"] = {"nl": "Orde"}
        data["mayor"]["needs"][1]["title"]["en"] = " "

    mayor_tree.edit(change)
    assert mayor_tree.fields() == {
        "mayor.needs[0].title.en": "missing translation",
        "mayor.needs[1].title.en": "text is empty",
    }


def test_unknown_and_missing_fields(mayor_tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["mayor"] = {"brif": "mayor-brief", "needs": [{"id": "order"}]}

    mayor_tree.edit(change)
    assert mayor_tree.fields() == {
        "mayor.brief": "required field is missing",
        "mayor.brif": "unknown field (not part of the format)",
        "mayor.needs[0].title": "required field is missing",
    }


def test_a_mayor_needs_a_round_3_preparation(mayor_tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["phases"][2]["round"] = 2

    mayor_tree.edit(change)
    assert "no preparation phase has round 3" in mayor_tree.fields()["mayor"]


def test_mayor_must_be_a_mapping(mayor_tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["mayor"] = "mayor-brief"

    mayor_tree.edit(change)
    assert "valid dictionary" in mayor_tree.fields()["mayor"]
