"""Content layer: the loader maps valid content onto the engine's specs."""

from __future__ import annotations

from pathlib import Path

from app.content import Content, Problem, load_content, shipped_root
from tests.content.content_tree import ContentTree


def test_minimal_fixture_loads(tree: ContentTree) -> None:
    content = load_content(tree.root)
    assert isinstance(content, Content)
    assert list(content.scenarios) == ["mini"]
    assert list(content.roles) == ["alpha", "beta"]
    scenario = content.default
    assert scenario.id == "mini"
    assert scenario.languages == ("nl", "en")
    assert scenario.role_ids == ("alpha", "beta")
    assert [p.id for p in scenario.phases] == ["lobby", "r1-meeting", "closed"]


def test_texts_become_plain_dicts_and_bodies_are_read(tree: ContentTree) -> None:
    scenario = load_content(tree.root).default
    case = scenario.document("case")
    assert case is not None
    assert type(case.title) is dict
    assert case.title == {"nl": "Dossier", "en": "Case file"}
    assert case.body["en"].startswith("# case (en)")
    assert scenario.role("alpha") is not None
    assert scenario.roles[0].logics["network"] == {"nl": "Netwerk A", "en": "Network A"}


def test_injects_map_to_triggers(tree: ContentTree) -> None:
    scenario = load_content(tree.root).default
    triggers = {d.id: (d.trigger, d.after_s, d.is_inject) for d in scenario.documents}
    assert triggers == {
        "case": (None, None, False),
        "brief-alpha": (None, None, False),
        "news": ("timed", 300, True),
        "call": ("manual", None, True),
    }


def test_questions_and_collisions_are_mapped(tree: ContentTree) -> None:
    scenario = load_content(tree.root).default
    assert [(q.id, q.phase_id) for q in scenario.questions] == [("q1", "r1-meeting")]
    (collision,) = scenario.designed_collisions
    assert (collision.round, collision.logic) == (1, "professional")
    assert collision.roles == ("alpha", "beta")


def test_default_scenario_comes_first(tree: ContentTree) -> None:
    second = tree.path("scenarios/aaa")
    second.mkdir()
    (second / "documents").mkdir()
    data = tree.read()
    data["id"], data["default"] = "aaa", False
    tree.write(data, "scenarios/aaa/scenario.yaml")
    for source in tree.path("scenarios/mini/documents").iterdir():
        (second / "documents" / source.name).write_bytes(source.read_bytes())
    content = load_content(tree.root)
    assert list(content.scenarios) == ["mini", "aaa"]
    assert content.default.id == "mini"


def test_problem_reads_as_file_field_message() -> None:
    problem = Problem("roles/x.yaml", "name.en", "missing translation")
    assert str(problem) == "roles/x.yaml: name.en: missing translation"


def test_shipped_root_holds_the_content_folders() -> None:
    root = shipped_root()
    assert (root / "scenarios").is_dir()
    assert (root / "roles").is_dir()
    assert root == Path(__file__).resolve().parents[2]
