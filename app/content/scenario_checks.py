"""Content layer: the rules a scenario must keep within its own file.

Pydantic checks each item's shape; these checks need the whole scenario at once: unique ids, a
phase machine that starts in the lobby and ends closed, and every text in every language the
scenario declares. References to roles and phases are checked in ``reference_checks``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.content.problems import ProblemLog, field_path
from app.content.scenario_format import ListItem
from app.content.scenario_read import Item, ScenarioDraft
from app.content.texts import check_texts


def check_structure(draft: ScenarioDraft, log: ProblemLog) -> None:
    header, file = draft.header, draft.file
    if header.id != draft.folder.name:
        log.add(file, "id", f"must equal the folder name: {draft.folder.name!r}")
    languages = ((field_path("languages", i), v) for i, v in enumerate(header.languages))
    check_unique(languages, "language", log, file)
    _check_phase_order(draft, log)
    lists: tuple[Sequence[Item[ListItem]], ...] = (
        draft.phases,
        draft.documents,
        draft.questions,
        draft.collisions,
    )
    for items in lists:
        _check_unique_ids(items, log, file)
    _check_all_texts(draft, log)


def check_unique(entries: Iterable[tuple[str, str]], what: str, log: ProblemLog, file: str) -> None:
    first_seen: dict[str, str] = {}
    for path, value in entries:
        if value in first_seen:
            log.add(file, path, f"duplicate {what} {value!r} (first at {first_seen[value]})")
        else:
            first_seen[value] = path


def _check_unique_ids(items: Iterable[Item[ListItem]], log: ProblemLog, file: str) -> None:
    entries = ((field_path(item.path, "id"), item.model.id) for item in items)
    check_unique(entries, "id", log, file)


def _check_phase_order(draft: ScenarioDraft, log: ProblemLog) -> None:
    raw_count = len(draft.header.phases)
    if raw_count < 2:
        log.add(draft.file, "phases", "needs at least a lobby phase and a closed phase")
        return
    by_index = {item.index: item.model for item in draft.phases}
    first, last = by_index.get(0), by_index.get(raw_count - 1)
    if first is not None and first.kind != "lobby":
        log.add(draft.file, "phases[0].kind", "the first phase must be of kind lobby")
    if last is not None and last.kind != "closed":
        log.add(draft.file, f"phases[{raw_count - 1}].kind", "the last phase must be closed")


def _check_all_texts(draft: ScenarioDraft, log: ProblemLog) -> None:
    languages = draft.header.languages
    check_texts(draft.header.texts(), languages, log, draft.file)
    items: list[Item[ListItem]] = [
        *draft.phases,
        *draft.documents,
        *draft.questions,
        *draft.collisions,
    ]
    for item in items:
        check_texts(item.model.texts(), languages, log, draft.file, item.path)
