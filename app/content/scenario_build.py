"""Content layer: turning a checked scenario draft into the engine's frozen ``ScenarioSpec``.

This runs only after every check passed, so it can map field by field without second-guessing:
the engine receives plain dicts for texts and tuples for lists, and never sees a YAML detail
such as the two spellings of an inject.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.content.scenario_read import Inject, ScenarioDraft
from app.engine.spec import (
    DesignedCollisionSpec,
    DocumentSpec,
    MayorNeedSpec,
    MayorSpec,
    PhaseSpec,
    QuestionSpec,
    RoleSpec,
    ScenarioSpec,
)


def build_scenario(
    draft: ScenarioDraft,
    roles: Mapping[str, RoleSpec],
    bodies: Mapping[str, Mapping[str, str]],
) -> ScenarioSpec:
    header = draft.header
    phases = tuple(
        PhaseSpec(
            id=p.id,
            kind=p.kind,
            round=p.round,
            logic=p.logic,
            title=dict(p.title),
            duration_s=p.duration_s,
            instructions=dict(p.instructions),
            script=dict(p.script),
        )
        for p in (item.model for item in draft.phases)
    )
    documents = []
    for item in draft.documents:
        doc, inject = item.model, draft.injects.get(item.index, Inject())
        documents.append(
            DocumentSpec(
                id=doc.id,
                phase_id=doc.phase,
                audience=tuple(doc.audience),
                title=dict(doc.title),
                body=dict(bodies[doc.id]),
                trigger=inject.trigger,
                after_s=inject.after_s,
            )
        )
    questions = tuple(
        QuestionSpec(id=q.id, phase_id=q.phase, text=dict(q.text))
        for q in (item.model for item in draft.questions)
    )
    collisions = tuple(
        DesignedCollisionSpec(
            id=c.id,
            round=c.round,
            logic=c.logic,
            roles=tuple(c.roles),
            title=dict(c.title),
            watch_for=dict(c.watch_for),
            question=dict(c.question),
        )
        for c in (item.model for item in draft.collisions)
    )
    return ScenarioSpec(
        id=header.id,
        title=dict(header.title),
        summary=dict(header.summary),
        default=header.default,
        languages=tuple(header.languages),
        roles=tuple(roles[role_id] for role_id in header.roles),
        phases=phases,
        documents=tuple(documents),
        questions=questions,
        designed_collisions=collisions,
        mayor=_mayor(draft),
    )


def _mayor(draft: ScenarioDraft) -> MayorSpec | None:
    if draft.mayor is None:
        return None
    needs = tuple(
        MayorNeedSpec(id=need.id, title=dict(need.title))
        for need in (item.model for item in draft.mayor_needs)
    )
    return MayorSpec(brief_id=draft.mayor.brief, needs=needs)
