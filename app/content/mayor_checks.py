"""Content layer: the rules for the mayor of round 3.

The facilitator plays the mayor from a brief that players must never see and that has to be in
hand while the group prepares round 3; a brief released later, or to a role, breaks the round
without any error during the game. The needs are what the facilitator judges the group's approach
against, so each needs a stable id and a title in every language.
"""

from __future__ import annotations

from app.content.problems import ProblemLog, field_path
from app.content.scenario_checks import check_unique
from app.content.scenario_format import DocumentItem
from app.content.scenario_read import Item, ScenarioDraft
from app.content.texts import check_texts
from app.engine.spec import FACILITATOR

MAYOR_ROUND = 3


def check_mayor(draft: ScenarioDraft, log: ProblemLog) -> None:
    needs = draft.mayor_needs
    check_unique(
        ((field_path(n.path, "id"), n.model.id) for n in needs), "need id", log, draft.file
    )
    for need in needs:
        check_texts(need.model.texts(), draft.header.languages, log, draft.file, need.path)
    mayor = draft.mayor
    if mayor is None:
        return
    brief = next((d for d in draft.documents if d.model.id == mayor.brief), None)
    if brief is not None:
        _check_brief(draft, brief, log)
    elif mayor.brief not in draft.document_ids:
        log.add(draft.file, "mayor.brief", f"unknown document {mayor.brief!r}")


def _check_brief(draft: ScenarioDraft, brief: Item[DocumentItem], log: ProblemLog) -> None:
    document = brief.model
    if document.audience != [FACILITATOR]:
        log.add(
            draft.file,
            field_path(brief.path, "audience"),
            "the mayor's brief (mayor.brief) must have audience [facilitator] and nothing else",
        )
    inject = draft.injects.get(brief.index)
    if inject is not None and inject.trigger is not None:
        log.add(
            draft.file,
            field_path(brief.path, "inject"),
            "the mayor's brief cannot be an inject: the facilitator needs it to prepare round 3",
        )
    _check_release(draft, brief, log)


def _check_release(draft: ScenarioDraft, brief: Item[DocumentItem], log: ProblemLog) -> None:
    order = [item.model for item in draft.phases]
    in_round = [p for p in order if p.round == MAYOR_ROUND]
    deadline = next((p for p in in_round if p.kind == "preparation"), None)
    if deadline is None:
        log.add(
            draft.file,
            "mayor",
            f"the mayor plays in round {MAYOR_ROUND}, but no preparation phase has round "
            f"{MAYOR_ROUND}",
        )
        return
    position = {phase.id: index for index, phase in enumerate(order)}
    released = position.get(brief.model.phase)
    if released is not None and released > position[deadline.id]:
        log.add(
            draft.file,
            field_path(brief.path, "phase"),
            f"the mayor's brief must be released no later than phase {deadline.id!r}, the "
            f"first preparation of round {MAYOR_ROUND}",
        )
