"""Content layer: references between roles, phases, documents and collisions must resolve."""

from __future__ import annotations

from typing import Any

from tests.content.content_tree import SCENARIO_FILE, ContentTree


def test_unknown_scenario_role(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["roles"] = ["alpha", "beta", "gamma", "alpha"]

    tree.edit(change)
    fields = tree.fields()
    assert "unknown role 'gamma'" in fields["roles[2]"]
    assert "listed twice" in fields["roles[3]"]


def test_collision_roles_must_belong_to_the_scenario(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["designed_collisions"][0]["roles"] = ["alpha", "alpha", "gamma"]

    tree.edit(change)
    fields = tree.fields()
    assert "listed twice" in fields["designed_collisions[0].roles[1]"]
    assert "not one of the scenario's roles" in fields["designed_collisions[0].roles[2]"]


def test_unknown_phase_reference(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["documents"][0]["phase"] = "r9-meeting"
        data["questions"][0]["phase"] = "nowhere"

    tree.edit(change)
    fields = tree.fields()
    assert fields["documents[0].phase"] == "unknown phase 'r9-meeting'"
    assert fields["questions[0].phase"] == "unknown phase 'nowhere'"


def test_inject_rules(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["documents"][2]["phase"] = "lobby"
        data["documents"][3]["inject"] = "later"
        data["documents"][1]["inject"] = {"after_s": 0}

    tree.edit(change)
    fields = tree.fields()
    assert "lobby" in fields["documents[2].inject"]
    assert "'manual' or a mapping" in fields["documents[3].inject"]
    assert "greater than 0" in fields["documents[1].inject.after_s"]


def test_phase_order(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["phases"].reverse()

    tree.edit(change)
    fields = tree.fields()
    assert "lobby" in fields["phases[0].kind"]
    assert "closed" in fields["phases[2].kind"]


def test_role_id_must_match_the_file_name(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["id"] = "alfa"

    tree.edit(change, "roles/alpha.yaml")
    fields = tree.fields("roles/alpha.yaml")
    assert "must equal the file name" in fields["id"]


def test_role_text_missing_a_scenario_language(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        del data["logics"]["network"]["en"]

    tree.edit(change, "roles/alpha.yaml")
    (problem,) = tree.problems()
    assert (problem.file, problem.field) == ("roles/alpha.yaml", "logics.network.en")
    assert "scenario 'mini'" in problem.message


def test_broken_items_do_not_hide_other_problems(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["phases"][1]["kind"] = "sprint"
        data["documents"][0]["audience"] = ["nobody"]
        del data["documents"][1]["title"]["nl"]

    tree.edit(change)
    fields = tree.fields()
    assert set(fields) == {"phases[1].kind", "documents[0].audience[0]", "documents[1].title.nl"}


def test_missing_files_and_folders(tree: ContentTree) -> None:
    tree.path(SCENARIO_FILE).unlink()
    (problem,) = tree.problems()
    assert (problem.file, problem.message) == (SCENARIO_FILE, "file is missing")
