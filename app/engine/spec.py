"""Engine layer: frozen descriptions of a scenario.

The content loader turns YAML and Markdown into these objects; the engine never reads files.
Every text a person reads is a ``Text``: one string per language, so that one scenario serves
a Dutch and an English session and a document keeps the same id in both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

Text = Mapping[str, str]
"""A text in several languages: language code -> text."""

PhaseKind = Literal["lobby", "preparation", "meeting", "reflection", "debrief", "closed"]
Logic = Literal["professional", "network", "organisational"]
"""The three logics of the game; every collision is logged under one of them."""
LOGICS: Final[tuple[Logic, ...]] = get_args(Logic)
Round = Literal[1, 2, 3]
"""The game's three rounds; a phase before them has round 0, one after them none."""
ROUNDS: Final[tuple[Round, ...]] = get_args(Round)
FACILITATOR = "facilitator"
OBSERVER = "observer"
ALL = "all"


def pick(text: Text, language: str) -> str:
    """Choose the text in ``language``, falling back to any language rather than showing nothing."""
    if language in text:
        return text[language]
    return next(iter(text.values()), "")


@dataclass(frozen=True)
class RoleSpec:
    """A professional role, played by one duo; reusable across scenarios."""

    id: str
    name: Text
    organisation: Text
    core_task: Text
    logics: Mapping[str, Text] = field(default_factory=dict)
    """The role's own take on each logic: ``professional``, ``organisational``, ``network``."""


@dataclass(frozen=True)
class PhaseSpec:
    """One step of the game; the scenario's ordered list of these is the phase machine."""

    id: str
    kind: PhaseKind
    round: int | None
    logic: Logic | None
    title: Text
    duration_s: int
    instructions: Text
    script: Text
    """What the facilitator says when the phase starts."""


@dataclass(frozen=True)
class DocumentSpec:
    """A piece of the case file, a private brief or a facilitator-only document.

    A document without ``trigger`` is released when the game reaches ``phase_id``. An inject is
    a document with a trigger: ``manual`` waits for the facilitator, ``timed`` fires ``after_s``
    seconds of running (unpaused) time into its phase, unless the facilitator releases it first.
    """

    id: str
    phase_id: str
    audience: tuple[str, ...]
    title: Text
    body: Text
    trigger: Literal["manual", "timed"] | None = None
    after_s: int | None = None

    @property
    def is_inject(self) -> bool:
        return self.trigger is not None


@dataclass(frozen=True)
class QuestionSpec:
    """A reflection or preparation question shown in one phase."""

    id: str
    phase_id: str
    text: Text


@dataclass(frozen=True)
class DesignedCollisionSpec:
    """A collision the case was written to provoke; the observer's guide lists these."""

    id: str
    round: Round
    logic: Logic
    roles: tuple[str, ...]
    title: Text
    watch_for: Text
    question: Text


@dataclass(frozen=True)
class MayorNeedSpec:
    """One of the mayor's needs in round 3; the facilitator, playing the mayor, judges each."""

    id: str
    title: Text


@dataclass(frozen=True)
class MayorSpec:
    """The mayor of round 3: the brief the facilitator plays from, and the needs to judge."""

    brief_id: str
    needs: tuple[MayorNeedSpec, ...]


@dataclass(frozen=True)
class ScenarioSpec:
    """Everything the engine needs to run one scenario, in every language it ships."""

    id: str
    title: Text
    summary: Text
    default: bool
    languages: tuple[str, ...]
    roles: tuple[RoleSpec, ...]
    phases: tuple[PhaseSpec, ...]
    documents: tuple[DocumentSpec, ...]
    questions: tuple[QuestionSpec, ...] = ()
    designed_collisions: tuple[DesignedCollisionSpec, ...] = ()
    mayor: MayorSpec | None = None

    def role(self, role_id: str) -> RoleSpec | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def phase_index(self, phase_id: str) -> int:
        for index, phase in enumerate(self.phases):
            if phase.id == phase_id:
                return index
        raise KeyError(phase_id)

    def document(self, document_id: str) -> DocumentSpec | None:
        return next((d for d in self.documents if d.id == document_id), None)

    @property
    def role_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.roles)
