"""Engine: the text rule: what is refused, what is kept, and the one spelling it stores."""

from __future__ import annotations

import pytest

from app.engine import commands as cmd
from app.engine.decide import run
from app.engine.texts import clean_text
from tests.engine.factories import T0, as_player, session_at

REFUSED_EVERYWHERE = {
    "nul": "\u0000",
    "bell": "\u0007",
    "escape": "\u001b",
    "delete": "\u007f",
    "c1-control": "\u0085",
    "lone-high-surrogate": "\ud800",
    "lone-low-surrogate": "\udfff",
    "left-to-right-embedding": "\u202a",
    "right-to-left-override": "\u202e",
    "left-to-right-isolate": "\u2066",
    "pop-directional-isolate": "\u2069",
}
ONE_LINE_ONLY = {"newline": "\n", "tab": "\t", "line-separator": "\u2028"}
KEPT = {
    "accents": "Zoë Müller-Ça",
    "emoji": "goed 👍",
    "arabic": "مرحبا",
    "no-break-space": "10\u00a0min",
    "right-to-left-mark": "\u200fשלום",
    "zero-width-joiner": "👩\u200d⚕️",
}


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE.values(), ids=REFUSED_EVERYWHERE.keys())
@pytest.mark.parametrize("single_line", [False, True])
def test_refused_characters_name_the_field_and_the_code_point(char: str, single_line: bool) -> None:
    with pytest.raises(cmd.Invalid) as refused:
        clean_text(f"voor{char}na", "what", single_line)
    assert refused.value.message.startswith("what must not contain ")
    assert f"U+{ord(char):04X}" in refused.value.message


@pytest.mark.parametrize("char", ONE_LINE_ONLY.values(), ids=ONE_LINE_ONLY.keys())
def test_line_breaks_and_tabs_only_where_text_may_span_lines(char: str) -> None:
    assert clean_text(f"a{char}b", "text") == f"a{char}b"
    with pytest.raises(cmd.Invalid, match=r"^name must not contain a line break or tab"):
        clean_text(f"a{char}b", "name", single_line=True)


@pytest.mark.parametrize("text", KEPT.values(), ids=KEPT.keys())
def test_ordinary_writing_in_any_script_is_kept(text: str) -> None:
    assert clean_text(text, "text", single_line=True) == text


def test_one_spelling_nfc_and_newlines() -> None:
    assert clean_text("e\u0301en", "text") == "\u00e9en"
    assert clean_text("een\r\ntwee\rdrie\n", "text") == "een\ntwee\ndrie\n"


def test_records_keep_the_rule_whoever_calls_the_engine() -> None:
    state = session_at("r1-meeting", players=10)
    writer = as_player(state, "wijkagent")
    state, _ = run(state, cmd.AddNote("cafe\u0301\r\nthee"), writer, T0)
    assert state.notes[-1].text == "caf\u00e9\nthee"
    for command in (
        cmd.AddNote("\u202egeheim"),
        cmd.AddAgreement("wat", "wie\u0007", "wanneer"),
        cmd.AddReflection("\ud83d"),
        cmd.LogCollision(("wijkagent", "wijkteam"), "network", note="\u001b[2J"),
    ):
        actor = cmd.FACILITATOR_ACTOR if isinstance(command, cmd.LogCollision) else writer
        with pytest.raises(cmd.Invalid):
            run(state, command, actor, T0)


def test_a_message_meets_the_rule_too() -> None:
    state = session_at("r1-meeting", players=10)
    with pytest.raises(cmd.Invalid, match=r"^text must not contain a bidi"):
        run(state, cmd.SendMessage("\u2067iets"), cmd.FACILITATOR_ACTOR, T0)
