"""Content layer: broken content is refused with the file and field an author has to fix."""

from __future__ import annotations

from typing import Any

from tests.content.content_tree import SCENARIO_FILE, ContentTree

BODY_EN = "scenarios/mini/documents/news.en.md"


def test_unknown_role_in_audience(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["documents"][1]["audience"] = ["gamma"]

    tree.edit(change)
    assert "unknown audience 'gamma'" in tree.fields()["documents[1].audience[0]"]


def test_missing_translation(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        del data["documents"][2]["title"]["en"]

    tree.edit(change)
    assert tree.fields() == {"documents[2].title.en": "missing translation"}


def test_empty_translation_and_extra_language(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["questions"][0]["text"] = {"nl": "  ", "en": "Why?", "de": "Warum?"}

    tree.edit(change)
    fields = tree.fields()
    assert fields["questions[0].text.nl"] == "text is empty"
    assert "not one of the languages" in fields["questions[0].text.de"]


def test_missing_body_file(tree: ContentTree) -> None:
    tree.path(BODY_EN).unlink()
    problems = tree.problems()
    assert [(p.file, p.field) for p in problems] == [(BODY_EN, "documents[2].body.en")]


def test_stray_body_file(tree: ContentTree) -> None:
    tree.path("scenarios/mini/documents/nieuws.nl.md").write_text("x", encoding="utf-8")
    (problem,) = tree.problems()
    assert problem.file == "scenarios/mini/documents/nieuws.nl.md"
    assert "no document has id 'nieuws'" in problem.message


def test_phase_without_instructions(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        del data["phases"][1]["instructions"]
        data["phases"][2]["instructions"]["en"] = ""

    tree.edit(change)
    fields = tree.fields()
    assert fields["phases[1].instructions"] == "required field is missing"
    assert fields["phases[2].instructions.en"] == "text is empty"


def test_duplicate_ids(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["documents"][3]["id"] = "case"
        data["phases"][1]["id"] = "lobby"

    tree.edit(change)
    fields = tree.fields()
    assert "duplicate id 'case'" in fields["documents[3].id"]
    assert "duplicate id 'lobby'" in fields["phases[1].id"]


def test_yaml_syntax_error(tree: ContentTree) -> None:
    tree.path(SCENARIO_FILE).write_text("id: mini\ntitle: {nl: [oops\n", encoding="utf-8")
    problems = tree.problems()
    syntax = [p for p in problems if p.file == SCENARIO_FILE]
    assert len(syntax) == 1
    assert syntax[0].field == "(file)"
    assert "YAML syntax error at line" in syntax[0].message


def test_duplicate_yaml_key(tree: ContentTree) -> None:
    path = tree.path("roles/beta.yaml")
    path.write_text(path.read_text(encoding="utf-8") + "name: {nl: B, en: B}\n", encoding="utf-8")
    (problem,) = [p for p in tree.problems() if p.file == "roles/beta.yaml"]
    assert "'name' appears twice" in problem.message


def test_non_utf8_file(tree: ContentTree) -> None:
    tree.path("roles/beta.yaml").write_bytes("name: {nl: Bèta}\n".encode("latin-1"))
    (problem,) = [p for p in tree.problems() if p.file == "roles/beta.yaml"]
    assert "not UTF-8" in problem.message


def test_wrong_types(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["phases"][1]["duration_s"] = "ten minutes"
        data["documents"][0]["audience"] = "all"
        data["default"] = "yes"

    tree.edit(change)
    fields = tree.fields()
    assert "valid integer" in fields["phases[1].duration_s"]
    assert "valid list" in fields["documents[0].audience"]
    assert "valid boolean" in fields["default"]


def test_unknown_field(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["phases"][0]["duraton_s"] = 5

    tree.edit(change)
    assert tree.fields() == {"phases[0].duraton_s": "unknown field (not part of the format)"}


def test_two_defaults(tree: ContentTree) -> None:
    copy = tree.path("scenarios/other")
    copy.mkdir()
    (copy / "documents").symlink_to(tree.path("scenarios/mini/documents"))
    data = tree.read()
    data["id"] = "other"
    tree.write(data, "scenarios/other/scenario.yaml")
    problems = {(p.file, p.field) for p in tree.problems()}
    assert problems == {
        (SCENARIO_FILE, "default"),
        ("scenarios/other/scenario.yaml", "default"),
    }


def test_no_default(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["default"] = False

    tree.edit(change)
    (problem,) = tree.problems()
    assert (problem.file, problem.field) == ("scenarios", "default")


def test_non_string_key_in_a_text(tree: ContentTree) -> None:
    def change(data: Any) -> None:
        data["title"] = {"nl": "Mini", "en": "Mini", 3: "drie"}

    tree.edit(change)
    assert tree.fields() == {"title[3]": "as a key: Input should be a valid string (found int)"}
