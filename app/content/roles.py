"""Content layer: reading the shared role files in ``roles/``.

Roles are loaded before any scenario because scenarios refer to them by id. The loader keeps
apart the ids that *exist* (a file is there, even a broken one) from the roles that *loaded*, so
a scenario naming a broken role is not also blamed for naming an unknown one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.content.files import read_yaml
from app.content.problems import WHOLE_FILE, ProblemLog
from app.content.role_format import RoleFile
from app.content.texts import check_free_text
from app.content.validation import validate
from app.engine.spec import RoleSpec

ROLES_DIR = "roles"


@dataclass
class RoleSet:
    """What the roles folder held: loaded specs, and every id that has a file."""

    specs: dict[str, RoleSpec] = field(default_factory=dict)
    known_ids: set[str] = field(default_factory=set)

    def file_of(self, role_id: str) -> str:
        return f"{ROLES_DIR}/{role_id}.yaml"


def load_roles(root: Path, log: ProblemLog) -> RoleSet:
    folder = root / ROLES_DIR
    roles = RoleSet()
    if not folder.is_dir():
        log.add(ROLES_DIR, WHOLE_FILE, "folder is missing")
        return roles
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix == ".yml":
            log.add(f"{ROLES_DIR}/{path.name}", WHOLE_FILE, "role files end in .yaml, not .yml")
        if path.suffix != ".yaml":
            continue
        roles.known_ids.add(path.stem)
        spec = _load_role(path, log)
        if spec is not None:
            roles.specs[spec.id] = spec
    return roles


def _load_role(path: Path, log: ProblemLog) -> RoleSpec | None:
    file = f"{ROLES_DIR}/{path.name}"
    before = len(log)
    data = read_yaml(path, log, file)
    if data is None:
        return None
    role = validate(RoleFile, data, log, file)
    if role is None:
        return None
    if role.id != path.stem:
        log.add(file, "id", f"must equal the file name: {path.stem!r}")
    for text_path, text in role.texts():
        check_free_text(text, log, file, text_path)
    if len(log) > before:
        return None
    return RoleSpec(
        id=role.id,
        name=dict(role.name),
        organisation=dict(role.organisation),
        core_task=dict(role.core_task),
        logics={
            "professional": dict(role.logics.professional),
            "organisational": dict(role.logics.organisational),
            "network": dict(role.logics.network),
        },
    )
