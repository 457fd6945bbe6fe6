"""Content layer: loading a whole content folder (``roles/`` and ``scenarios/``) at once.

Everything is read and checked before anything is returned: either the caller gets a complete,
consistent ``Content`` or a ``ContentError`` listing every problem, so a server never starts
with half a scenario. Exactly one scenario is the default, the one a new session gets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from app.content.bodies import load_bodies
from app.content.mayor_checks import check_mayor
from app.content.problems import WHOLE_FILE, ProblemLog
from app.content.reference_checks import check_references
from app.content.roles import RoleSet, load_roles
from app.content.scenario_build import build_scenario
from app.content.scenario_checks import check_structure
from app.content.scenario_read import SCENARIO_FILE, SCENARIOS_DIR, read_scenario
from app.engine.spec import RoleSpec, ScenarioSpec


@dataclass(frozen=True)
class Content:
    """All loaded content, read-only; the default scenario comes first so menus can list as is."""

    scenarios: Mapping[str, ScenarioSpec]
    roles: Mapping[str, RoleSpec]

    @property
    def default(self) -> ScenarioSpec:
        return next(s for s in self.scenarios.values() if s.default)


def load_content(root: Path) -> Content:
    """Load and check all content under ``root``; raise ``ContentError`` listing every problem."""
    log = ProblemLog()
    roles = load_roles(root, log)
    specs: list[ScenarioSpec] = []
    defaults: list[str] = []
    unreadable = False
    for folder in _scenario_folders(root, log):
        spec, is_default = _load_scenario(folder, roles, log)
        if is_default:
            defaults.append(f"{SCENARIOS_DIR}/{folder.name}/{SCENARIO_FILE}")
        unreadable = unreadable or is_default is None
        if spec is not None:
            specs.append(spec)
    _check_defaults(defaults, unreadable, log)
    log.raise_if_any()
    specs.sort(key=lambda s: (not s.default, s.id))
    return Content(
        scenarios=MappingProxyType({s.id: s for s in specs}),
        roles=MappingProxyType(dict(sorted(roles.specs.items()))),
    )


def _scenario_folders(root: Path, log: ProblemLog) -> list[Path]:
    folder = root / SCENARIOS_DIR
    if not folder.is_dir():
        log.add(SCENARIOS_DIR, WHOLE_FILE, "folder is missing")
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def _load_scenario(
    folder: Path, roles: RoleSet, log: ProblemLog
) -> tuple[ScenarioSpec | None, bool | None]:
    """The spec (None if anything in it is wrong) and whether it claims to be the default.

    The claim is None when the header could not be read, so that a scenario whose only mistake
    is elsewhere in its header is not also blamed for leaving the content without a default.
    """
    before = len(log)
    draft = read_scenario(folder, log)
    if draft is None:
        return None, None
    check_structure(draft, log)
    check_references(draft, roles, log)
    check_mayor(draft, log)
    bodies = load_bodies(draft, log)
    roles_loaded = all(role_id in roles.specs for role_id in draft.header.roles)
    if len(log) > before or not roles_loaded:
        return None, draft.header.default
    return build_scenario(draft, roles.specs, bodies), draft.header.default


def _check_defaults(defaults: list[str], unreadable: bool, log: ProblemLog) -> None:
    if not defaults and not unreadable:
        log.add(SCENARIOS_DIR, "default", "no scenario has default: true; exactly one must")
    if len(defaults) > 1:
        for file in defaults:
            others = ", ".join(f for f in defaults if f != file)
            log.add(file, "default", f"only one scenario may be the default; also: {others}")
