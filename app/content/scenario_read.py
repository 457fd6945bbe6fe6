"""Content layer: reading one ``scenario.yaml`` into a draft of validated items.

The header and each phase, document, question and collision are validated on their own, with
the item's position as field prefix. A broken document therefore still lets the loader check the
references of all the others, and the author sees every problem of the file in one load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Literal, TypeVar

from app.content.files import read_yaml
from app.content.problems import ProblemLog, field_path
from app.content.scenario_format import (
    CollisionItem,
    DocumentItem,
    ListItem,
    MayorNeed,
    MayorSection,
    PhaseItem,
    QuestionItem,
    ScenarioHeader,
    TimedInject,
)
from app.content.validation import validate

SCENARIOS_DIR = "scenarios"
SCENARIO_FILE = "scenario.yaml"

M = TypeVar("M", bound=ListItem)
M_co = TypeVar("M_co", bound=ListItem, covariant=True)


@dataclass(frozen=True)
class Item(Generic[M_co]):
    """A validated list item that remembers where it stood, for field paths."""

    index: int
    path: str
    model: M_co


@dataclass(frozen=True)
class Inject:
    """The inject field in the engine's terms; YAML's two spellings end here."""

    trigger: Literal["manual", "timed"] | None = None
    after_s: int | None = None


@dataclass
class ScenarioDraft:
    """What validated, kept apart from the spec so checks can run before anything is built."""

    folder: Path
    file: str
    header: ScenarioHeader
    phases: list[Item[PhaseItem]]
    documents: list[Item[DocumentItem]]
    questions: list[Item[QuestionItem]]
    collisions: list[Item[CollisionItem]]
    injects: dict[int, Inject] = field(default_factory=dict)
    mayor: MayorSection | None = None
    mayor_needs: list[Item[MayorNeed]] = field(default_factory=list)
    phase_ids: set[str] = field(default_factory=set)
    """Ids of every phase, broken ones too, so references to them are not reported twice."""
    document_ids: set[str] = field(default_factory=set)
    """Ids of every document, broken ones too, so their body files are not called strays."""


def scenario_file(folder: Path) -> str:
    return f"{SCENARIOS_DIR}/{folder.name}/{SCENARIO_FILE}"


def _items(
    data: object, key: str, model: type[M], log: ProblemLog, file: str, prefix: str = ""
) -> list[Item[M]]:
    raw = data.get(key) if isinstance(data, dict) else None
    if not isinstance(raw, list):
        return []
    items = []
    for index, entry in enumerate(raw):
        path = field_path(prefix, key, index)
        validated = validate(model, entry, log, file, path)
        if validated is not None:
            items.append(Item(index, path, validated))
    return items


def _raw_ids(data: object, key: str) -> set[str]:
    raw = data.get(key) if isinstance(data, dict) else None
    entries = raw if isinstance(raw, list) else []
    return {e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _inject(item: Item[DocumentItem], log: ProblemLog, file: str) -> Inject | None:
    raw = item.model.inject
    path = field_path(item.path, "inject")
    if raw is None:
        return Inject()
    if raw == "manual":
        return Inject("manual")
    if isinstance(raw, dict):
        timed = validate(TimedInject, raw, log, file, path)
        return None if timed is None else Inject("timed", timed.after_s)
    log.add(file, path, "must be 'manual' or a mapping such as {after_s: 600}")
    return None


def _mayor(
    data: object, log: ProblemLog, file: str
) -> tuple[MayorSection | None, list[Item[MayorNeed]]]:
    raw = data.get("mayor") if isinstance(data, dict) else None
    if raw is None:
        return None, []
    section = validate(MayorSection, raw, log, file, "mayor")
    return section, _items(raw, "needs", MayorNeed, log, file, "mayor")


def read_scenario(folder: Path, log: ProblemLog) -> ScenarioDraft | None:
    """Validate everything that can be validated; None when the header itself is unusable."""
    file = scenario_file(folder)
    data = read_yaml(folder / SCENARIO_FILE, log, file)
    if data is None:
        return None
    header = validate(ScenarioHeader, data, log, file)
    phases = _items(data, "phases", PhaseItem, log, file)
    documents = _items(data, "documents", DocumentItem, log, file)
    questions = _items(data, "questions", QuestionItem, log, file)
    collisions = _items(data, "designed_collisions", CollisionItem, log, file)
    injects: dict[int, Inject] = {}
    for item in documents:
        inject = _inject(item, log, file)
        if inject is not None:
            injects[item.index] = inject
    mayor, needs = _mayor(data, log, file)
    if header is None:
        return None
    return ScenarioDraft(
        folder,
        file,
        header,
        phases,
        documents,
        questions,
        collisions,
        injects=injects,
        mayor=mayor,
        mayor_needs=needs,
        phase_ids=_raw_ids(data, "phases"),
        document_ids=_raw_ids(data, "documents"),
    )
