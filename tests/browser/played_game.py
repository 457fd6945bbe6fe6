"""A game played to its debrief over the JSON API, with records whose numbers are known: the
debrief page and the exports are checked against them."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from tests.browser.harness import Game, GameApi
from tests.browser.player_page import AGREEMENT, role_ids
from tests.browser.staff_page import designed_collisions, log_collision

NAMES = [
    "Annemiek Zuidervaart",
    "Bartholomeus Kwakernaak",
    "Cornelia Hoogendoorn",
    "Dirk-Jan Scheltema",
    "Evelien Wassenaar",
    "Frederik Oosterbroek",
    "Geertruida Veldkamp",
    "Hendrikus Brouwershaven",
    "Ingeborg Lamberink",
    "Jacobus Terpstra",
]
"""Names that occur nowhere in the scenario, so a pseudonymised export must not hold any."""

REFLECTION = "Wij dachten dat het over veiligheid ging, het ging over vertrouwen"
COMMENT = "Kim is in beeld, over de gemeentegrens nog niet"


@dataclass
class PlayedGame:
    game: Game
    collisions: list[dict[str, Any]] = field(default_factory=list)
    designed_id: str = ""
    need_id: str = ""

    def matrix(self) -> dict[tuple[str, str], int]:
        """How often each ordered pair of roles collided, as the heatmap counts it."""
        counts: dict[tuple[str, str], int] = {}
        for collision in self.collisions:
            for a, b in combinations(collision["roles"], 2):
                counts[a, b] = counts.get((a, b), 0) + 1
                counts[b, a] = counts.get((b, a), 0) + 1
        return counts

    def by_logic(self) -> dict[str, int]:
        counts = dict.fromkeys(("professional", "network", "organisational"), 0)
        for collision in self.collisions:
            counts[collision["logic"]] += 1
        return counts


async def play_to_the_debrief(game_api: GameApi) -> PlayedGame:
    """Ten players; four collisions over two rounds (one built-in, one starred, one between
    three roles), an agreement, a reflection and the mayor's verdict on one need."""
    game = await game_api.new_game(NAMES)
    played = PlayedGame(game)
    roles = role_ids(game)
    designed = next(d for d in await designed_collisions(game) if d["round"] == 1)
    played.designed_id = str(designed["id"])

    await game.advance_to("r1-meeting")
    played.collisions += [
        await log_collision(
            game,
            list(designed["roles"]),
            "professional",
            "Ingebouwd",
            designed_id=played.designed_id,
        ),
        await log_collision(game, roles[:2], "professional", "Gewone botsing"),
        await log_collision(game, roles[3:5], "organisational", "Voor de plenaire", starred=True),
    ]
    writer = game.players[0]
    await game.api.call(
        "POST", game.url("agreements"), token=writer.token, json=AGREEMENT, expect=201
    )
    await game.advance_to("r1-reflection")
    question = (await game.state(writer.token))["questions"][0]
    body = {"text": REFLECTION, "question_id": question["id"]}
    await game.api.call("POST", game.url("reflections"), token=writer.token, json=body, expect=201)

    await game.advance_to("r2-meeting")
    played.collisions.append(
        await log_collision(game, [roles[0], roles[2], roles[4]], "network", "Met z'n drieën")
    )
    await game.advance_to("r3-meeting")
    played.need_id = str((await game.state())["mayor"]["needs"][0]["id"])
    await game.api.call(
        "PUT",
        game.url(f"verdicts/{played.need_id}"),
        token=game.facilitator_token,
        json={"verdict": "partly", "comment": COMMENT},
    )
    await game.advance_to("debrief")
    return played
