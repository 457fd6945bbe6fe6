"""Content layer: the Markdown bodies of a scenario's documents.

Bodies live in their own files (``documents/<id>.<language>.md``) because they are long prose
that authors and translators edit side by side; keeping them out of YAML spares them quoting
and indentation. A file that no document uses is reported too: it is usually a misspelt id.
"""

from __future__ import annotations

from pathlib import Path

from app.content.files import read_text
from app.content.problems import WHOLE_FILE, ProblemLog, field_path
from app.content.scenario_read import SCENARIOS_DIR, ScenarioDraft

DOCUMENTS_DIR = "documents"


def _relative(draft: ScenarioDraft, name: str) -> str:
    return f"{SCENARIOS_DIR}/{draft.folder.name}/{DOCUMENTS_DIR}/{name}"


def load_bodies(draft: ScenarioDraft, log: ProblemLog) -> dict[str, dict[str, str]]:
    """Document id -> language -> Markdown, for every document that validated."""
    folder = draft.folder / DOCUMENTS_DIR
    bodies: dict[str, dict[str, str]] = {}
    expected: set[str] = set()
    for item in draft.documents:
        body: dict[str, str] = {}
        for language in draft.header.languages:
            name = f"{item.model.id}.{language}.md"
            expected.add(name)
            file = _relative(draft, name)
            path_in_file = field_path(item.path, "body", language)
            text = read_text(folder / name, log, file, path_in_file)
            if text is None:
                continue
            if not text.strip():
                log.add(file, path_in_file, "body is empty")
            body[language] = text
        bodies[item.model.id] = body
    _report_strays(draft, folder, expected, log)
    return bodies


def _report_strays(draft: ScenarioDraft, folder: Path, expected: set[str], log: ProblemLog) -> None:
    if not folder.is_dir():
        return
    valid_ids = {item.model.id for item in draft.documents}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name in expected:
            continue
        document_id = path.name.split(".", 1)[0]
        if document_id in valid_ids:
            languages = ", ".join(draft.header.languages)
            reason = f"name it <document id>.<language>.md with a language of {languages}"
        elif document_id in draft.document_ids:
            continue  # its document is broken and has been reported already
        else:
            reason = f"no document has id {document_id!r}"
        log.add(_relative(draft, path.name), WHOLE_FILE, f"{reason}; the file is not used")
