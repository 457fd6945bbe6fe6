"""Content layer tests: helpers for inspecting the shipped scenario."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

from markdown_it import MarkdownIt

from app.content import Content, load_content, shipped_root
from app.engine.spec import ScenarioSpec, Text

WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@cache
def shipped() -> Content:
    return load_content(shipped_root())


def texts_of(scenario: ScenarioSpec) -> Iterator[tuple[str, Text]]:
    """Every text a player or facilitator can read, with a name for assertion messages."""
    yield "title", scenario.title
    yield "summary", scenario.summary
    for role in scenario.roles:
        yield f"{role.id}.name", role.name
        yield f"{role.id}.organisation", role.organisation
        yield f"{role.id}.core_task", role.core_task
        for logic, text in role.logics.items():
            yield f"{role.id}.logics.{logic}", text
    for phase in scenario.phases:
        yield f"{phase.id}.title", phase.title
        yield f"{phase.id}.instructions", phase.instructions
        yield f"{phase.id}.script", phase.script
    for document in scenario.documents:
        yield f"{document.id}.title", document.title
        yield f"{document.id}.body", document.body
    for question in scenario.questions:
        yield f"{question.id}.text", question.text
    for collision in scenario.designed_collisions:
        yield f"{collision.id}.title", collision.title
        yield f"{collision.id}.watch_for", collision.watch_for
        yield f"{collision.id}.question", collision.question


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def words_per_language(scenario: ScenarioSpec) -> Mapping[str, int]:
    counts = dict.fromkeys(scenario.languages, 0)
    for _, text in texts_of(scenario):
        for language in scenario.languages:
            counts[language] += word_count(text[language])
    return counts


def block_outline(markdown: str) -> list[str]:
    """The block structure of a Markdown text (headings, lists, paragraphs, tables), no words."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [t.tag + t.type for t in tokens if t.nesting >= 0 and t.type != "inline"]
