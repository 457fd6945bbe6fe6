"""Engine tests: scripted games that touch every command, for replay, views and the debrief."""

from __future__ import annotations

from app.engine import commands as cmd
from tests.engine.factories import (
    MANUAL_INJECT,
    ROLE_IDS,
    T0,
    TIMED_INJECT,
    TIMED_INJECT_AFTER_S,
    Game,
    as_player,
    game_at,
)


def full_game() -> Game:
    """A long scripted game touching every command and every event type, ending closed."""
    t = T0
    game = game_at("lobby", players=11, now=t)
    game.run(cmd.AssignSeat("p1", "wijkteam"), now=t + 1)
    game.run(cmd.Join("Laatkomer"), cmd.GUEST_ACTOR, t + 5)
    game.run(cmd.AutoSeat(), now=t + 6)
    game.run(cmd.SetJoining(False), now=t + 7)
    game.advance_to("r1-prep", t + 10)
    game.run(cmd.AddNote("<<note:r1:wijkagent>>"), as_player(game.state, "wijkagent"), t + 20)
    game.run(cmd.AddReflection("voorbereid", "q-prep"), as_player(game.state, "leerplicht"), t + 30)
    game.advance_to("r1-meeting", t + 600)
    collision = cmd.LogCollision(
        ("wijkagent", "jeugdbescherming"), "professional", "botsing", True, "dc-1"
    )
    game.run(collision, now=t + 700)
    game.run(cmd.Pause(from_phase="r1-meeting"), now=t + 800)
    game.run(cmd.Extend(120), now=t + 900)
    game.run(cmd.Resume(), now=t + 1000)
    game.run(cmd.SendMessage("Nog tien minuten"), now=t + 1010)
    game.run(cmd.SendMessage("Kom even bij mij", "wijkteam"), now=t + 1020)
    game.run(cmd.RaiseHand(), as_player(game.state, "leerplicht"), t + 1030)
    game.run(cmd.RaiseHand(), as_player(game.state, "wijkagent"), t + 1035)
    game.run(cmd.LowerHand(game.state.hands[0]), now=t + 1040)
    game.run(cmd.ShowOnScreen("agreements"), now=t + 1045)
    agreement = cmd.AddAgreement("bellen", "wijkagent", "morgen", "check", "plan b", "vrijdag")
    game.run(agreement, as_player(game.state, "wijkagent"), t + 1100)
    game.run(cmd.AddAgreement("overleg", "iedereen", "volgende week"), now=t + 1150)
    game.advance_to("r1-reflection", t + 2000)
    game.run(cmd.AddReflection("geleerd", "q-r1"), as_player(game.state, "wijkteam"), t + 2100)
    game.advance_to("r2-meeting", t + 3300)
    game.run(cmd.FireTimers(), cmd.SYSTEM_ACTOR, t + 3300 + TIMED_INJECT_AFTER_S)
    network = cmd.LogCollision(
        ("leerplicht", "wijkteam", "leerplicht"), "network", "", False, "dc-2"
    )
    game.run(network, cmd.OBSERVER_ACTOR, t + 3700)
    game.run(cmd.Back(from_phase="r2-meeting"), now=t + 3800)
    game.advance_to("r3-meeting", t + 3900)
    game.run(cmd.ReleaseInject(MANUAL_INJECT), now=t + 4000)
    game.run(cmd.LogCollision(("procesregisseur", "leerplicht"), "organisational"), now=t + 4100)
    for offset, role_id in enumerate(ROLE_IDS):
        game.run(
            cmd.AddNote(f"<<note:r3:{role_id}>>"), as_player(game.state, role_id), t + 4200 + offset
        )
    spare = cmd.LogCollision(("wijkagent", "wijkteam"), "network", "te snel gelogd")
    game.run(spare, cmd.OBSERVER_ACTOR, t + 4250)
    spare_id = game.state.collisions[-1].id
    game.run(cmd.EditCollision(spare_id, note="toch niet"), cmd.OBSERVER_ACTOR, t + 4255)
    game.run(cmd.DeleteCollision(spare_id), cmd.OBSERVER_ACTOR, t + 4260)
    game.run(cmd.ReviewAgreement(game.state.agreements[0].id, "kept"), now=t + 4270)
    game.run(cmd.RecordVerdict("order", "partly", "te vaag"), now=t + 4300)
    game.run(cmd.RecordVerdict("order", "met", "nu helder"), now=t + 4310)
    game.run(cmd.SetJoining(True), now=t + 4390)
    game.run(cmd.Join("Vertrekker"), cmd.GUEST_ACTOR, t + 4400)
    game.run(cmd.RemovePlayer(game.state.players[-1].id), now=t + 4410)
    game.run(cmd.Join("Verkeerd"), cmd.GUEST_ACTOR, t + 4420)
    game.run(cmd.Leave(), cmd.Actor("player", game.state.players[-1].id), t + 4430)
    game.advance_to("closed", t + 6000)
    return game


def busy_game(language: str = "nl") -> Game:
    """r3-meeting with both injects out and a record of every kind from every duo.

    Player ``p11`` joined late and has no role; every free text is marked for searching.
    """
    game = game_at("r3-meeting", players=10, language=language)
    game.run(cmd.ReleaseInject(TIMED_INJECT), now=T0 + 1)
    game.run(cmd.ReleaseInject(MANUAL_INJECT), now=T0 + 2)
    for role_id in ROLE_IDS:
        writer = as_player(game.state, role_id, 1)
        game.run(cmd.AddNote(f"<<note:{role_id}>>"), writer, T0 + 3)
        game.run(cmd.AddReflection(f"<<reflection:{role_id}>>"), writer, T0 + 4)
    game.run(cmd.Join("Zonder Rol"), cmd.GUEST_ACTOR, T0 + 5)
    game.run(cmd.AddReflection("<<reflection:none>>"), cmd.Actor("player", "p11"), T0 + 6)
    collision = cmd.LogCollision(("wijkagent", "leerplicht"), "network", "<<collision-note>>")
    game.run(collision, cmd.OBSERVER_ACTOR, T0 + 7)
    game.run(cmd.AddAgreement("<<agreement>>", "wie", "wanneer"), now=T0 + 8)
    return game
