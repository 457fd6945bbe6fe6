"""Content layer tests: helpers for inspecting the shipped scenarios."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache

from markdown_it import MarkdownIt

from app.content import Content, load_content, shipped_root
from app.engine.spec import ALL, DocumentSpec, ScenarioSpec, Text

WORD = re.compile(r"\w+(?:[-'’]\w+)*")
SCENARIO_IDS = ("lindendal", "grensland")
"""Every scenario that ships; a new one must be added here so the shared tests cover it."""

ROLE_STEMS = {"jeugdbescherming": "jeugdbeschermer", "jeugdreclassering": "jeugdreclass"}
"""How a Dutch text names a role when the role id is not the word itself."""

_MARKERS = {
    "nl": frozenset({"de", "het", "een", "en", "van", "niet", "je", "dat", "zijn", "voor", "wat"}),
    "en": frozenset({"the", "and", "of", "to", "you", "not", "that", "is", "for", "what", "with"}),
}


@cache
def shipped() -> Content:
    return load_content(shipped_root())


def scenario(scenario_id: str) -> ScenarioSpec:
    return shipped().scenarios[scenario_id]


def texts_of(spec: ScenarioSpec) -> Iterator[tuple[str, Text]]:
    """Every text a player or facilitator can read, with a name for assertion messages."""
    yield "title", spec.title
    yield "summary", spec.summary
    for role in spec.roles:
        yield f"{role.id}.name", role.name
        yield f"{role.id}.organisation", role.organisation
        yield f"{role.id}.core_task", role.core_task
        for logic, text in role.logics.items():
            yield f"{role.id}.logics.{logic}", text
    for phase in spec.phases:
        yield f"{phase.id}.title", phase.title
        yield f"{phase.id}.instructions", phase.instructions
        yield f"{phase.id}.script", phase.script
    for document in spec.documents:
        yield f"{document.id}.title", document.title
        yield f"{document.id}.body", document.body
    for question in spec.questions:
        yield f"{question.id}.text", question.text
    for collision in spec.designed_collisions:
        yield f"{collision.id}.title", collision.title
        yield f"{collision.id}.watch_for", collision.watch_for
        yield f"{collision.id}.question", collision.question
    if spec.mayor is not None:
        for need in spec.mayor.needs:
            yield f"mayor.{need.id}.title", need.title


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def words_per_language(spec: ScenarioSpec) -> Mapping[str, int]:
    counts = dict.fromkeys(spec.languages, 0)
    for _, text in texts_of(spec):
        for language in spec.languages:
            counts[language] += word_count(text[language])
    return counts


def is_case_or_brief(spec: ScenarioSpec, document: DocumentSpec) -> bool:
    """The shared case file, a private brief, or an inject; not the staff's own documents."""
    if document.is_inject or document.audience == (ALL,):
        return True
    return len(document.audience) == 1 and document.audience[0] in spec.role_ids


def case_and_brief_words(spec: ScenarioSpec, language: str) -> int:
    return sum(word_count(d.body[language]) for d in spec.documents if is_case_or_brief(spec, d))


def round_of(spec: ScenarioSpec, phase_id: str) -> int | None:
    return spec.phases[spec.phase_index(phase_id)].round


def roles_named(spec: ScenarioSpec, dutch_text: str) -> set[str]:
    """The roles a Dutch text mentions by their usual name."""
    lowered = dutch_text.lower()
    return {r for r in spec.role_ids if ROLE_STEMS.get(r, r) in lowered}


def language_markers(text: str) -> Mapping[str, int]:
    """How many common function words of each language a text holds: a cheap language guess."""
    words = [w.lower() for w in WORD.findall(text)]
    return {language: sum(w in markers for w in words) for language, markers in _MARKERS.items()}


def block_outline(markdown: str) -> list[str]:
    """The block structure of a Markdown text (headings, lists, paragraphs, tables), no words."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [t.tag + t.type for t in tokens if t.nesting >= 0 and t.type != "inline"]
