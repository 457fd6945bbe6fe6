"""The text rule and the maximum lengths, through the real app: JSON bodies and page forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, get_args

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import AfterValidator, BaseModel, TypeAdapter

from app.web.security.csrf import token_for
from tests.api.game import Game, new_game

AGREEMENT = {"what": "Huisbezoek", "who": "Wijkteam", "when": "Binnen een week"}
NOT_STORED = {
    ("/join", "join_code"): "looked up, never stored",
    ("/join", "name"): "the join page checks it itself (clean_text)",
    ("/organiser/signin", "key"): "compared with the key, never stored",
    ("/organiser/sessions/{sid}/delete", "confirm"): "compared with the join code",
    ("/s/{sid}/o/collision", "designed_id"): "must be one of the scenario's ids",
    ("/s/{sid}/reflections", "question_id"): "must be one of the scenario's ids",
    ("/s/{sid}/f/message", "role_id"): "must be one of the scenario's ids",
}
"""Free-form fields that are only compared with what the server knows; the rule is for texts."""


def _form_headers(client: TestClient, game: Game, token: str) -> dict[str, str]:
    client.cookies.clear()
    client.cookies.set(f"cl_s_{game.id}", token)
    return {"origin": "http://testserver", "x-csrf-token": token_for(token)}


def test_a_name_with_a_bell_is_refused_naming_the_name(client: TestClient) -> None:
    game = new_game(client, players=0)
    for name in ("Ann\u0007", "Ann\nBob", "\u202eAnn"):
        answer = client.post("/api/join", json={"join_code": game.join_code, "name": name})
        assert answer.status_code == 422, name
        (problem,) = answer.json()["detail"]
        assert problem["loc"] == ["body", "name"]
        assert f"U+{ord(next(c for c in name if not c.isalpha())):04X}" in problem["msg"]
    client.cookies.clear()
    assert game.state(game.f)["players"] == []


def test_an_agreement_with_a_bidi_override_is_refused_naming_the_field(
    client: TestClient,
) -> None:
    game = new_game(client, players=2)
    body = AGREEMENT | {"who": "Wijkteam \u202ekeen\u202c"}
    answer = client.post(game.url("agreements"), json=body, headers=game.p(0))
    assert answer.status_code == 422
    assert [p["loc"] for p in answer.json()["detail"]] == [["body", "who"]]
    assert "bidi" in answer.json()["detail"][0]["msg"]
    assert game.state(game.f)["agreements"] == []


def test_a_decomposed_note_is_stored_composed(client: TestClient) -> None:
    game = new_game(client, players=2)
    written = client.post(game.url("notes"), json={"text": "Cafe\u0301 om 9"}, headers=game.p(0))
    assert written.status_code == 201
    assert [n["text"] for n in game.state(game.p(0))["notes"]] == ["Caf\u00e9 om 9"]


def test_a_lone_surrogate_is_a_422_not_a_500(client: TestClient) -> None:
    game = new_game(client, players=1)
    answer = client.post(
        game.url("notes"),
        content=b'{"text": "half \\ud83d emoji"}',
        headers=game.p(0) | {"content-type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "text"]


def test_a_form_with_a_control_character_gets_a_sentence_naming_the_field(
    client: TestClient,
) -> None:
    game = new_game(client, players=2)
    headers = _form_headers(client, game, game.players[0]["token"])
    note = client.post(f"/s/{game.id}/notes", data={"text": "bel\u0007"}, headers=headers)
    assert note.status_code == 422
    assert note.json()["detail"] == "text: must not contain a control character (U+0007)"
    agreement = client.post(
        f"/s/{game.id}/agreements", data=AGREEMENT | {"when": "\u2066morgen"}, headers=headers
    )
    assert agreement.status_code == 422
    assert agreement.json()["detail"].startswith("when: must not contain a bidi")
    client.cookies.clear()
    assert game.state(game.p(0))["notes"] == [] and game.state(game.f)["agreements"] == []


def test_a_textareas_crlf_lines_are_stored_as_newlines(client: TestClient) -> None:
    game = new_game(client, players=2)
    headers = _form_headers(client, game, game.players[0]["token"])
    note = client.post(f"/s/{game.id}/notes", data={"text": "een\r\ntwee\tdrie"}, headers=headers)
    assert note.status_code == 200
    client.cookies.clear()
    assert [n["text"] for n in game.state(game.p(0))["notes"]] == ["een\ntwee\tdrie"]


def _routes(app: FastAPI) -> Iterator[APIRoute]:
    for route in app.routes:
        nested = getattr(getattr(route, "original_router", None), "routes", [route])
        yield from (r for r in nested if isinstance(r, APIRoute))


def _fields(app: FastAPI) -> Iterator[tuple[str, str, Any]]:
    """Every field a JSON body or a form can carry: (path, field, its annotated type)."""
    for route in _routes(app):
        params = list(route.dependant.body_params)
        for dependency in route.dependant.dependencies:
            params.extend(dependency.body_params)
        for param in params:
            info = param.field_info
            models = [t for t in (info.annotation, *get_args(info.annotation)) if _is_model(t)]
            if not models:
                yield route.path, param.name, _annotated(info.annotation, info.metadata)
            for model in models:
                for name, field in model.model_fields.items():
                    yield route.path, name, _annotated(field.annotation, field.metadata)


def _annotated(kind: Any, metadata: list[Any]) -> Any:
    return Annotated[(kind, *metadata)] if metadata else kind


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _strings(schema: Any) -> Iterator[dict[str, Any]]:
    if isinstance(schema, dict):
        if schema.get("type") == "string":
            yield schema
        for value in schema.values():
            yield from _strings(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _strings(value)


def _bounded(string: dict[str, Any]) -> bool:
    pattern = string.get("pattern")
    closed = pattern is not None and not re.search(r"[*+]|\{\d+,\}", pattern)
    return "maxLength" in string or "enum" in string or "const" in string or closed


def _has_text_rule(annotated: Any) -> bool:
    found = [m for m in getattr(annotated, "__metadata__", ()) if isinstance(m, AfterValidator)]
    if any(m.func.__qualname__.startswith("text_rule.") for m in found):
        return True
    return any(_has_text_rule(arg) for arg in get_args(annotated))


def test_every_field_has_a_maximum_length_and_every_text_the_rule(client: TestClient) -> None:
    app = client.app
    assert isinstance(app, FastAPI)
    seen = 0
    for path, name, annotated in _fields(app):
        strings = list(_strings(TypeAdapter(annotated).json_schema()))
        seen += bool(strings)
        assert all(_bounded(s) for s in strings), f"{path} {name} has no maximum length"
        free = [s for s in strings if "pattern" not in s and "enum" not in s]
        if free and (path, name) not in NOT_STORED:
            assert _has_text_rule(annotated), f"{path} {name} skips the text rule"
    assert seen >= 40, "every body and form field was walked"
