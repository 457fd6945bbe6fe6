"""Content layer: the ids a scenario refers to must exist.

A document addressed to a role the scenario does not have would never be shown to anyone, and a
question in an unknown phase would never be asked; both are silent failures during a game, so
they are caught at load time. Roles must also speak every language of the scenario that uses them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from app.content.problems import ProblemLog, field_path
from app.content.roles import RoleSet
from app.content.scenario_read import ScenarioDraft
from app.content.texts import check_coverage
from app.engine.spec import ALL, FACILITATOR, OBSERVER

SPECIAL_AUDIENCES = (ALL, FACILITATOR, OBSERVER)


def check_references(draft: ScenarioDraft, roles: RoleSet, log: ProblemLog) -> None:
    _check_roles(draft, roles, log)
    _check_role_languages(draft, roles, log)
    _check_phase_refs(draft, log)
    _check_audiences(draft, log)
    _check_collision_roles(draft, log)


def _check_ids(
    draft: ScenarioDraft,
    log: ProblemLog,
    path: str,
    ids: Sequence[str],
    known: Collection[str],
    unknown: Callable[[str], str],
    noun: str = "",
) -> None:
    """A list of ids names each entry once, and only ``known`` ones (``unknown`` says why not)."""
    seen: set[str] = set()
    for index, entry in enumerate(ids):
        where = field_path(path, index)
        if entry in seen:
            log.add(draft.file, where, f"{noun}{entry!r} is listed twice")
        elif entry not in known:
            log.add(draft.file, where, unknown(entry))
        seen.add(entry)


def _check_roles(draft: ScenarioDraft, roles: RoleSet, log: ProblemLog) -> None:
    def unknown(role_id: str) -> str:
        return f"unknown role {role_id!r}: no file {roles.file_of(role_id)}"

    _check_ids(draft, log, "roles", draft.header.roles, roles.known_ids, unknown, noun="role ")


def _check_role_languages(draft: ScenarioDraft, roles: RoleSet, log: ProblemLog) -> None:
    needed_by = f"scenario {draft.header.id!r}"
    for role_id in draft.header.roles:
        spec = roles.specs.get(role_id)
        if spec is None:
            continue
        texts = {"name": spec.name, "organisation": spec.organisation, "core_task": spec.core_task}
        texts.update({f"logics.{logic}": text for logic, text in spec.logics.items()})
        for text_path, text in texts.items():
            check_coverage(
                text, draft.header.languages, log, roles.file_of(role_id), text_path, needed_by
            )


def _check_phase_refs(draft: ScenarioDraft, log: ProblemLog) -> None:
    kinds = {item.model.id: item.model.kind for item in draft.phases}
    references = [(item.path, item.model.phase) for item in draft.documents]
    references += [(item.path, item.model.phase) for item in draft.questions]
    for path, phase_id in references:
        if phase_id not in draft.phase_ids:
            log.add(draft.file, field_path(path, "phase"), f"unknown phase {phase_id!r}")
    for item in draft.documents:
        inject = draft.injects.get(item.index)
        if inject and inject.trigger and kinds.get(item.model.phase) == "lobby":
            log.add(
                draft.file,
                field_path(item.path, "inject"),
                "an inject cannot be released in a lobby phase",
            )


def _check_audiences(draft: ScenarioDraft, log: ProblemLog) -> None:
    allowed = (*SPECIAL_AUDIENCES, *draft.header.roles)

    def unknown(entry: str) -> str:
        return f"unknown audience {entry!r}; use {_listing(allowed)}"

    for item in draft.documents:
        path = field_path(item.path, "audience")
        _check_ids(draft, log, path, item.model.audience, allowed, unknown)


def _check_collision_roles(draft: ScenarioDraft, log: ProblemLog) -> None:
    def unknown(role_id: str) -> str:
        return f"{role_id!r} is not one of the scenario's roles"

    for item in draft.collisions:
        path = field_path(item.path, "roles")
        _check_ids(draft, log, path, item.model.roles, draft.header.roles, unknown, noun="role ")


def _listing(values: Sequence[str]) -> str:
    return ", ".join(values)
