"""Web layer: what the debrief page and the printed report show, built from the engine's debrief.

Reflections are shown without player names unless the facilitator asks for them. The report
gives its times in the session's zone and names it; the page writes UTC, which each browser
turns into its own local time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import TypedDict

from app.engine.debrief import Debrief, debrief
from app.engine.ledger import player_names
from app.engine.shapes import AgreementRecord, CollisionRecord, ReflectionRecord
from app.engine.spec import LOGICS, ROUNDS, Logic, Round, ScenarioSpec, pick
from app.engine.vocabulary import AgreementOutcome
from app.services.exports import Record
from app.web import charts
from app.web.i18n import N_
from app.web.pages.base import LOGIC_MSGIDS

OUTCOME_MSGIDS: dict[AgreementOutcome, str] = {
    "kept": N_("kept"),
    "changed": N_("changed"),
    "dropped": N_("dropped"),
}


class RoundView(TypedDict):
    round: Round
    collisions: list[CollisionRecord]
    by_logic: dict[Logic, int]
    agreements: list[AgreementRecord]


class ShownReflection(ReflectionRecord):
    role: str
    question: str
    person: str


class DebriefContext(TypedDict):
    debrief: Debrief
    rounds: list[RoundView]
    review: list[AgreementRecord]
    """The agreements the mayor's verdict may have changed: those of rounds 1 and 2."""
    role_names: dict[str, str]
    logic_names: dict[Logic, str]
    outcome_names: dict[AgreementOutcome, str]
    heatmap: charts.Heatmap
    bars: list[charts.Bar]
    reflections: list[ShownReflection]
    show_names: bool
    scenario_title: str
    zone_name: str | None


def _round_of(spec: ScenarioSpec, phase_id: str) -> int | None:
    return spec.phases[spec.phase_index(phase_id)].round


def _round(data: Debrief, spec: ScenarioSpec, number: Round) -> RoundView:
    chosen = [c for c in data["collisions"] if c["round"] == number]
    chosen.sort(key=lambda c: (not c["starred"], c["at"]))
    return {
        "round": number,
        "collisions": chosen,
        "by_logic": {logic: sum(1 for c in chosen if c["logic"] == logic) for logic in LOGICS},
        "agreements": [a for a in data["agreements"] if _round_of(spec, a["phase_id"]) == number],
    }


def debrief_context(
    record: Record,
    language: str,
    translate: Callable[[str], str],
    show_names: bool = False,
    pseudonymise: bool = False,
    zone: tzinfo | None = None,
) -> DebriefContext:
    """The engine computes the debrief from the log; this only arranges it for reading."""
    spec = record.state.spec
    data = debrief(record.state, record.log, language, zone)
    people = player_names(record.state, record.log, pseudonymise) if show_names else {}
    roles = {r.id: pick(r.name, language) for r in spec.roles}
    logic_names = {k: translate(v) for k, v in LOGIC_MSGIDS.items()}
    rounds = [_round(data, spec, number) for number in ROUNDS]
    questions = {q.id: pick(q.text, language) for q in spec.questions}
    reflections: list[ShownReflection] = [
        {
            **r,
            "role": roles.get(r["role_id"] or "", ""),
            "question": questions.get(r["question_id"] or "", ""),
            "person": people.get(r["player_id"], ""),
        }
        for r in data["reflections"]
    ]
    return {
        "debrief": data,
        "rounds": rounds,
        "review": [a for a in data["agreements"] if _round_of(spec, a["phase_id"]) in (1, 2)],
        "role_names": roles,
        "logic_names": logic_names,
        "outcome_names": {k: translate(v) for k, v in OUTCOME_MSGIDS.items()},
        "heatmap": charts.heatmap(data["matrix"], list(spec.role_ids), roles),
        "bars": charts.bars(data["by_logic"], logic_names),
        "reflections": reflections,
        "show_names": show_names,
        "scenario_title": pick(spec.title, language),
        "zone_name": str(zone) if zone is not None else None,
    }
