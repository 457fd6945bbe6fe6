"""Web layer: what the debrief page and the printed report show, built from the engine's
debrief. Reflections are shown without player names unless the facilitator asks for them.
The report gives its times in the session's zone and names it; the page writes UTC, which each
browser turns into its own local time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import tzinfo
from typing import Any

from app.engine import events as ev
from app.engine.debrief import debrief
from app.engine.ledger import player_names
from app.engine.spec import LOGICS, pick
from app.engine.state import SessionState
from app.web import charts
from app.web.i18n import N_
from app.web.page_context import LOGIC_MSGIDS

OUTCOME_MSGIDS = {"kept": N_("kept"), "changed": N_("changed"), "dropped": N_("dropped")}


def debrief_context(
    state: SessionState,
    log: Sequence[ev.Recorded],
    language: str,
    translate: Callable[[str], str],
    show_names: bool = False,
    pseudonymise: bool = False,
    zone: tzinfo | None = None,
) -> dict[str, Any]:
    data = debrief(state, log, language, zone)
    spec = state.spec
    roles = {r.id: pick(r.name, language) for r in spec.roles}
    logic_names = {k: translate(v) for k, v in LOGIC_MSGIDS.items()}
    people = player_names(state, log, pseudonymise)
    rounds = []
    for number in (1, 2, 3):
        chosen = [c for c in data["collisions"] if c["round"] == number]
        chosen.sort(key=lambda c: (not c["starred"], c["at"]))
        rounds.append(
            {
                "round": number,
                "collisions": chosen,
                "by_logic": {
                    logic: sum(1 for c in chosen if c["logic"] == logic) for logic in LOGICS
                },
                "agreements": [
                    a
                    for a in data["agreements"]
                    if spec.phases[spec.phase_index(a["phase_id"])].round == number
                ],
            }
        )
    questions = {q.id: pick(q.text, language) for q in spec.questions}
    reflections = [
        r
        | {
            "role": roles.get(r["role_id"] or "", ""),
            "question": questions.get(r["question_id"] or "", ""),
            "person": people.get(r["player_id"], "") if show_names else "",
        }
        for r in data["reflections"]
    ]
    return {
        "debrief": data,
        "rounds": rounds,
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
