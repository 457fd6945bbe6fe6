"""Engine layer: the game's fixed words, each set written once as a ``Literal``.

Commands, events, state and the web layer's request shapes all read these aliases, so mypy sees
a value that no rule knows, and adding a word here is the one change the rest follows. The
tuples exist for the rules' own checks (commands can come from anywhere, a log from any version)
and for listing the choices in a message; each is derived from its alias so the two cannot drift.
The scenario's own words (logics, rounds, phase kinds) live with the scenario in ``spec``.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

PrincipalKind = Literal["facilitator", "observer", "player"]
"""Whoever holds a token of one session."""
PRINCIPAL_KINDS: Final[tuple[PrincipalKind, ...]] = get_args(PrincipalKind)

NeedVerdict = Literal["met", "partly", "not_met"]
"""The mayor's word on one of their needs (``state.Verdict`` is that word as recorded)."""
VERDICTS: Final[tuple[NeedVerdict, ...]] = get_args(NeedVerdict)

AgreementOutcome = Literal["kept", "changed", "dropped"]
"""What became of an agreement once the mayor had spoken."""
AGREEMENT_OUTCOMES: Final[tuple[AgreementOutcome, ...]] = get_args(AgreementOutcome)

ScreenShow = Literal[
    "auto",
    "phase",
    "join",
    "agreements",
    "collisions",
    "question",
    "heatmap",
    "designed",
    "verdict",
]
"""What the projector shows; ``auto`` is how to join in the lobby and the phase after it."""
SCREEN_SHOWS: Final[tuple[ScreenShow, ...]] = get_args(ScreenShow)

PhaseAction = Literal["advance", "back", "pause", "resume", "extend"]
"""The facilitator's buttons on the phase; ``phases.phase_command`` turns each into a command."""
