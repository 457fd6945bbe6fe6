"""Content layer: the file format of a scenario, ``scenarios/<id>/scenario.yaml``.

Top level: ``id`` (the folder name), ``title`` and ``summary`` (texts), ``default`` (exactly one
scenario in the content says ``true``), ``languages`` (``[nl, en]``; the first is the default),
``roles`` (at least two ids of files in ``roles/``), ``phases``, ``documents``, and optionally
``questions``, ``designed_collisions`` and ``mayor``. Every text needs a non-empty string per
language.

- phase: ``id``, ``kind`` (lobby, preparation, meeting, reflection, debrief, closed), ``round``
  (0-3 or null), ``logic`` (professional, network, organisational or null), ``title``,
  ``duration_s`` (0 = untimed), ``instructions``, ``script`` (what the facilitator says). The
  first phase is a lobby, the last one is closed.
- document: ``id``, ``phase``, ``audience`` (``all``, ``facilitator``, ``observer`` or role ids),
  ``title``, optional ``inject`` (``manual`` or ``{after_s: 600}``). Its body is Markdown in
  ``documents/<id>.<language>.md`` next to ``scenario.yaml``, one file per language.
- question: ``id``, ``phase``, ``text``.
- designed collision: ``id``, ``round`` (1-3), ``logic``, ``roles`` (two or more), ``title``,
  ``watch_for``, ``question``.
- mayor: ``brief`` (the id of a facilitator-only document released by round 3's preparation)
  and ``needs`` (at least one ``{id, title}``): what the facilitator, playing the mayor, judges.

Phases, documents, questions, collisions and the mayor are kept raw here and validated one at a
time by the scenario reader, so that one broken item does not hide the problems of the others.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from pydantic import Field

from app.content.base_format import LanguageCode, Slug, StrictModel, TextField
from app.engine.spec import Logic, PhaseKind, Round


class ScenarioHeader(StrictModel):
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("title", "summary")

    id: Slug
    title: TextField
    summary: TextField
    default: bool
    languages: Annotated[list[LanguageCode], Field(min_length=1)]
    roles: Annotated[list[Slug], Field(min_length=2)]
    phases: list[Any]
    documents: list[Any]
    questions: list[Any] = Field(default_factory=list)
    designed_collisions: list[Any] = Field(default_factory=list)
    mayor: Any = None


class ListItem(StrictModel):
    """An entry of one of the scenario's lists; ids are unique within their list."""

    id: Slug


class PhaseItem(ListItem):
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("title", "instructions", "script")

    kind: PhaseKind
    round: Annotated[int, Field(ge=0, le=3)] | None
    logic: Logic | None
    title: TextField
    duration_s: Annotated[int, Field(ge=0)]
    instructions: TextField
    script: TextField


class TimedInject(StrictModel):
    """The mapping form of ``inject``: released this long into its phase."""

    after_s: Annotated[int, Field(gt=0)]


class DocumentItem(ListItem):
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("title",)

    phase: Slug
    audience: Annotated[list[str], Field(min_length=1)]
    title: TextField
    inject: Any = None
    """Checked by hand: ``manual`` or a ``TimedInject`` mapping, with a clearer message."""


class QuestionItem(ListItem):
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("text",)

    phase: Slug
    text: TextField


class CollisionItem(ListItem):
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("title", "watch_for", "question")

    round: Round
    logic: Logic
    roles: Annotated[list[Slug], Field(min_length=2)]
    title: TextField
    watch_for: TextField
    question: TextField


class MayorNeed(ListItem):
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("title",)

    title: TextField


class MayorSection(StrictModel):
    """The mayor of round 3; needs are validated one by one, like the scenario's other lists."""

    brief: Slug
    needs: Annotated[list[Any], Field(min_length=1)]
