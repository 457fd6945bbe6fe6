"""Every fixed word the engine knows has its label on the pages, and no page knows a word the
engine does not: the pages read the engine's sets, so a new verdict or outcome cannot ship
without the words a facilitator reads."""

from __future__ import annotations

from app.engine.spec import LOGICS
from app.engine.vocabulary import AGREEMENT_OUTCOMES, SCREEN_SHOWS, VERDICTS
from app.web.pages.base import LOGIC_MSGIDS
from app.web.pages.debrief.context import OUTCOME_MSGIDS
from app.web.pages.debrief.page import DEBRIEF_SCREEN
from app.web.pages.facilitator.page import SCREEN_CHOICES, VERDICT_MSGIDS


def test_every_logic_verdict_and_outcome_has_a_label() -> None:
    assert tuple(LOGIC_MSGIDS) == LOGICS
    assert tuple(VERDICT_MSGIDS) == VERDICTS
    assert tuple(OUTCOME_MSGIDS) == AGREEMENT_OUTCOMES


def test_the_screen_choices_are_the_engines_and_the_debrief_offers_every_one() -> None:
    panel = [show for show, _ in SCREEN_CHOICES]
    debrief = [show for show, _ in DEBRIEF_SCREEN]
    assert set(panel) <= set(SCREEN_SHOWS)
    assert set(debrief) | {"question"} == set(SCREEN_SHOWS)
    assert len(debrief) == len(set(debrief))
