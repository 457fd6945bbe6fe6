"""Engine tests: a small but complete scenario built in code, and whole sessions in one call.

Every text a person reads is marked ``<<what:language>>`` so that a test can search a
serialised snapshot for text that must (not) be there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app.engine import commands as cmd
from app.engine import events as ev
from app.engine.decide import create, run
from app.engine.evolve import replay
from app.engine.spec import (
    LOGICS,
    ROUNDS,
    DesignedCollisionSpec,
    DocumentSpec,
    Logic,
    MayorNeedSpec,
    MayorSpec,
    PhaseKind,
    PhaseSpec,
    QuestionSpec,
    RoleSpec,
    Round,
    ScenarioSpec,
    Text,
)
from app.engine.state import Player, SessionState

T0 = 1000.0
SESSION_ID = "s-test"
LANGUAGES = ("nl", "en")
ROLE_IDS = ("procesregisseur", "wijkagent", "leerplicht", "jeugdbescherming", "wijkteam")
PHASE_IDS = (
    "lobby",
    *(f"r{n}-{step}" for n in ROUNDS for step in ("prep", "meeting", "reflection")),
    "debrief",
    "closed",
)
TIMED_INJECT = "inject-news"
TIMED_INJECT_AFTER_S = 300
TIMED_INJECT_AUDIENCE = ("wijkagent", "leerplicht")
MANUAL_INJECT = "inject-call"
FACILITATOR_DOC = "facilitator-notes"
GUIDE = "observer-guide"


def text(label: str) -> Text:
    """A marked text in both languages: ``<<label:nl>>`` and ``<<label:en>>``."""
    return {language: f"<<{label}:{language}>>" for language in LANGUAGES}


def brief_id(role_id: str, round_: int) -> str:
    return f"brief-{role_id}-r{round_}"


def case_id(round_: int) -> str:
    return f"case-r{round_}"


def _role(role_id: str) -> RoleSpec:
    return RoleSpec(
        id=role_id,
        name=text(f"name:{role_id}"),
        organisation=text(f"organisation:{role_id}"),
        core_task=text(f"task:{role_id}"),
        logics={logic: text(f"logic:{role_id}:{logic}") for logic in LOGICS},
    )


def _phase(
    phase_id: str, kind: PhaseKind, round_: int | None, logic: Logic | None, duration_s: int
) -> PhaseSpec:
    return PhaseSpec(
        id=phase_id,
        kind=kind,
        round=round_,
        logic=logic,
        title=text(f"title:{phase_id}"),
        duration_s=duration_s,
        instructions=text(f"instructions:{phase_id}"),
        script=text(f"script:{phase_id}"),
    )


def _document(
    doc_id: str,
    phase_id: str,
    audience: tuple[str, ...],
    trigger: Literal["manual", "timed"] | None = None,
    after_s: int | None = None,
) -> DocumentSpec:
    return DocumentSpec(
        id=doc_id,
        phase_id=phase_id,
        audience=audience,
        title=text(f"doc-title:{doc_id}"),
        body=text(f"body:{doc_id}"),
        trigger=trigger,
        after_s=after_s,
    )


def _phases() -> tuple[PhaseSpec, ...]:
    phases = [_phase("lobby", "lobby", 0, None, 0)]
    round_logics: tuple[Logic, ...] = ("professional", "network", "organisational")
    for round_, logic in enumerate(round_logics, start=1):
        phases += [
            _phase(f"r{round_}-prep", "preparation", round_, logic, 600),
            _phase(f"r{round_}-meeting", "meeting", round_, logic, 1200),
            _phase(f"r{round_}-reflection", "reflection", round_, logic, 600),
        ]
    phases += [
        _phase("debrief", "debrief", None, None, 0),
        _phase("closed", "closed", None, None, 0),
    ]
    return tuple(phases)


def _documents() -> tuple[DocumentSpec, ...]:
    documents = [_document(GUIDE, "lobby", ("observer", "facilitator"))]
    for round_ in ROUNDS:
        documents.append(_document(case_id(round_), f"r{round_}-prep", ("all",)))
        documents += [
            _document(brief_id(role_id, round_), f"r{round_}-prep", (role_id,))
            for role_id in ROLE_IDS
        ]
    documents += [
        _document(FACILITATOR_DOC, "r3-prep", ("facilitator",)),
        _document(
            TIMED_INJECT,
            "r2-meeting",
            TIMED_INJECT_AUDIENCE,
            trigger="timed",
            after_s=TIMED_INJECT_AFTER_S,
        ),
        _document(MANUAL_INJECT, "r3-meeting", ("all",), trigger="manual"),
    ]
    return tuple(documents)


def _designed(
    designed_id: str, round_: Round, logic: Logic, roles: tuple[str, ...]
) -> DesignedCollisionSpec:
    return DesignedCollisionSpec(
        id=designed_id,
        round=round_,
        logic=logic,
        roles=roles,
        title=text(f"designed:{designed_id}"),
        watch_for=text(f"watch:{designed_id}"),
        question=text(f"question:{designed_id}"),
    )


def scenario() -> ScenarioSpec:
    """Five roles, three rounds of prep/meeting/reflection, briefs, injects and collisions."""
    return ScenarioSpec(
        id="test-scenario",
        title=text("scenario-title"),
        summary=text("scenario-summary"),
        default=True,
        languages=LANGUAGES,
        roles=tuple(_role(role_id) for role_id in ROLE_IDS),
        phases=_phases(),
        documents=_documents(),
        questions=(
            QuestionSpec("q-prep", "r1-prep", text("q:prep")),
            QuestionSpec("q-r1", "r1-reflection", text("q:r1")),
            QuestionSpec("q-r2", "r2-reflection", text("q:r2")),
        ),
        designed_collisions=(
            _designed("dc-1", 1, "professional", ("wijkagent", "jeugdbescherming")),
            _designed("dc-2", 2, "network", ("leerplicht", "wijkteam")),
            _designed("dc-3", 3, "organisational", ("procesregisseur", "wijkteam")),
        ),
        mayor=MayorSpec(
            brief_id=FACILITATOR_DOC,
            needs=(
                MayorNeedSpec("order", text("need:order")),
                MayorNeedSpec("kids", text("need:kids")),
            ),
        ),
    )


SPEC = scenario()


@dataclass
class Game:
    """A session and its log, moved on by commands exactly as the service would."""

    state: SessionState
    log: list[ev.Recorded] = field(default_factory=list)
    checkpoints: list[tuple[int, SessionState]] = field(default_factory=list)
    """(length of the log, live state) after every command, for replaying prefixes."""

    def run(
        self, command: cmd.Command, actor: cmd.Actor = cmd.FACILITATOR_ACTOR, now: float = T0
    ) -> list[ev.Recorded]:
        self.state, recorded = run(self.state, command, actor, now)
        self.log.extend(recorded)
        self.checkpoints.append((len(self.log), self.state))
        return recorded

    def advance_to(self, phase_id: str, now: float = T0) -> None:
        target = self.state.spec.phase_index(phase_id)
        while self.state.phase_index < target:
            self.run(cmd.Advance(from_phase=self.state.timer.phase_id), now=now)

    def replayed(self) -> SessionState:
        return replay(self.state.spec, self.state.session_id, self.log)


def game_at(
    phase_id: str = "lobby",
    players: int = 10,
    now: float = T0,
    seat: bool = True,
    language: str = "nl",
) -> Game:
    """A new session with ``players`` joined (and auto-seated), moved on to ``phase_id``."""
    state, log = create(SPEC, SESSION_ID, language, now)
    game = Game(state, list(log))
    for number in range(1, players + 1):
        game.run(cmd.Join(f"Speler {number}"), cmd.GUEST_ACTOR, now)
    if seat:
        game.run(cmd.AutoSeat(), now=now)
    game.advance_to(phase_id, now)
    return game


def session_at(
    phase_id: str = "lobby",
    players: int = 10,
    now: float = T0,
    seat: bool = True,
    language: str = "nl",
) -> SessionState:
    return game_at(phase_id, players, now, seat, language).state


def member(state: SessionState, role_id: str, index: int = 0) -> Player:
    """The ``index``-th player seated in ``role_id``."""
    return state.duo(role_id)[index]


def as_player(state: SessionState, role_id: str, index: int = 0) -> cmd.Actor:
    return cmd.Actor("player", member(state, role_id, index).id)


def released_ids(state: SessionState) -> list[str]:
    return [r.document_id for r in state.released]
