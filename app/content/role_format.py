"""Content layer: the file format of a role, ``roles/<id>.yaml``.

A role is written once and reused by every scenario that lists it, which is why it lives outside
the scenario folders. Format (every value marked *text* is ``{nl: ..., en: ...}``)::

    id: wijkagent              # must equal the file name without .yaml
    name: text                 # what the duo is called in the game
    organisation: text         # who employs this professional
    core_task: text            # the task the organisation is there for
    logics:                    # the role's own take on each logic; all three required
      professional: text
      organisational: text
      network: text

A scenario needs every role text in each of its languages; the role file itself may hold more.
"""

from __future__ import annotations

from typing import ClassVar

from app.content.base_format import Slug, StrictModel, TextField


class RoleLogics(StrictModel):
    """How this professional experiences each of the three logics of the game."""

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("professional", "organisational", "network")

    professional: TextField
    organisational: TextField
    network: TextField


class RoleFile(StrictModel):
    """The whole of one role file."""

    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ("name", "organisation", "core_task", "logics")

    id: Slug
    name: TextField
    organisation: TextField
    core_task: TextField
    logics: RoleLogics
