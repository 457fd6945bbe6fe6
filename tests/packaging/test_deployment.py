"""The example deployment stays consistent with the code it deploys, and safe as it stands.

No Docker engine runs on the development machines, so these files cannot be started here;
instead every name they rely on is checked against the project itself, and compose's variable
substitution is replayed to see what the containers would get.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = (ROOT / "docker-compose.example.yml").read_text()
CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text()
SECRETS = {
    "POSTGRES_PASSWORD": "pg-3c1f0a",
    "REDIS_PASSWORD": "redis-9b27d4",
    "CL_ORGANISER_KEY": "organiser-key-5e8a71c2d94b06f3",
    "CL_SITE_ADDRESS": "game.example.org",
}
REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}")
UVICORN = {"FORWARDED_ALLOW_IPS"}


class Missing(Exception):
    """Compose would refuse to start: a required variable is not set."""


def _substitute(text: str, env: dict[str, str]) -> str:
    """Compose's ``${NAME:?message}`` substitution (the only form the example may use)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if not env.get(name):
            raise Missing(name)
        return env[name]

    return REFERENCE.sub(value, text)


def _compose(env: dict[str, str] = SECRETS) -> dict[str, Any]:
    loaded = yaml.safe_load(_substitute(COMPOSE, env))
    assert isinstance(loaded, dict)
    return loaded


def _apps(compose: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in compose["services"].items() if k.startswith("app")}


def test_every_app_setting_in_compose_exists() -> None:
    known = {f"CL_{name.upper()}" for name in Settings.model_fields} | UVICORN
    apps = _apps(_compose())
    assert len(apps) >= 2, "at least two replicas"
    for name, service in apps.items():
        assert set(service["environment"]) <= known, name
        assert service["environment"]["CL_BROADCAST_URL"].startswith("redis://")
        assert service["environment"]["CL_DATABASE_URL"].startswith("postgresql://")
        assert service["command"][:4] == ["colliding-logics", "serve", "--host", "0.0.0.0"]
        assert {"postgres", "redis"} <= set(service["depends_on"])


def test_every_variable_is_required_and_none_has_a_default() -> None:
    references = REFERENCE.findall(COMPOSE)
    assert {name for name, _ in references} == set(SECRETS)
    for name, rest in references:
        assert rest.startswith(":?") and len(rest) > 2, f"${{{name}{rest}}} needs :?message"


@pytest.mark.parametrize("unset", sorted(SECRETS))
def test_compose_refuses_to_start_without_each_secret(unset: str) -> None:
    with pytest.raises(Missing, match=unset):
        _compose({k: v for k, v in SECRETS.items() if k != unset})


def test_the_passwords_come_only_from_the_environment() -> None:
    compose = _compose()
    postgres = compose["services"]["postgres"]["environment"]
    redis_command = compose["services"]["redis"]["command"]
    assert postgres["POSTGRES_PASSWORD"] == SECRETS["POSTGRES_PASSWORD"]
    assert redis_command[redis_command.index("--requirepass") + 1] == SECRETS["REDIS_PASSWORD"]
    for service in _apps(compose).values():
        database = urlsplit(service["environment"]["CL_DATABASE_URL"])
        assert (database.username, database.password) == (
            postgres["POSTGRES_USER"],
            SECRETS["POSTGRES_PASSWORD"],
        )
        assert database.path == "/" + postgres["POSTGRES_DB"]
        assert (
            urlsplit(service["environment"]["CL_BROADCAST_URL"]).password
            == (SECRETS["REDIS_PASSWORD"])
        )
    unset = yaml.safe_load(REFERENCE.sub("", COMPOSE))
    assert not unset["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert "change-me" not in COMPOSE.lower()


def test_https_at_the_proxy_and_secure_cookies_in_the_app() -> None:
    compose = _compose()
    for service in _apps(compose).values():
        environment = service["environment"]
        assert environment["CL_SECURE_COOKIES"] == "true"
        assert environment["CL_PUBLIC_URL"] == f"https://{SECRETS['CL_SITE_ADDRESS']}"
        assert "ports" not in service, "only the proxy is reachable from outside"
    for internal in ("postgres", "redis"):
        assert "ports" not in compose["services"][internal], internal
    proxy = compose["services"]["proxy"]
    assert {"80:80", "443:443"} <= set(proxy["ports"])
    assert proxy["environment"]["CL_SITE_ADDRESS"] == SECRETS["CL_SITE_ADDRESS"]
    assert any(v.endswith(":/data") for v in proxy["volumes"]), "certificates survive restarts"
    site = next(line for line in CADDYFILE.splitlines() if line.rstrip().endswith("{"))
    assert site.split()[0] == "{$CL_SITE_ADDRESS}", "a named site gets automatic HTTPS"


def test_the_proxy_sends_traffic_to_every_replica() -> None:
    compose = _compose()
    apps = sorted(_apps(compose))
    upstreams = re.search(r"reverse_proxy\s+([^{]+)\{", CADDYFILE)
    assert upstreams is not None
    assert sorted(u.split(":")[0] for u in upstreams.group(1).split()) == apps
    assert all(u.endswith(":8000") for u in upstreams.group(1).split())
    mounted = compose["services"]["proxy"]["volumes"][0].split(":")[0]
    assert (ROOT / mounted).resolve() == (ROOT / "deploy" / "Caddyfile").resolve()


def test_the_image_serves_what_compose_expects() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "EXPOSE 8000" in dockerfile and "HEALTHCHECK" in dockerfile
    assert "USER game" in dockerfile and 'VOLUME ["/data"]' in dockerfile
    assert "/readyz" in _healthcheck(dockerfile)
    for folder in ("app", "scenarios", "roles", "templates", "static"):
        assert f"COPY {folder}" in dockerfile


def _healthcheck(dockerfile: str) -> str:
    """The image's health check, its continuation lines joined."""
    start = dockerfile.index("\nHEALTHCHECK ")
    end = dockerfile.index("\n", dockerfile.index("CMD [", start))
    return dockerfile[start:end]


def healthcheck_command() -> list[str]:
    """The command the image runs to check its health (exec form)."""
    line = _healthcheck((ROOT / "Dockerfile").read_text())
    command = json.loads(line[line.index("CMD [") + 4 :])
    assert isinstance(command, list)
    return [str(part) for part in command]


def test_the_image_checks_readiness_on_the_port_it_serves() -> None:
    command = healthcheck_command()
    script = command[-1]
    assert command[:2] == ["python", "-c"] and "/readyz" in script
    assert "CL_PORT" in script and ":8000/" not in script, "the port comes from CL_PORT"


def test_every_service_restarts_after_a_failure() -> None:
    for name, service in _compose()["services"].items():
        assert service.get("restart") in ("unless-stopped", "always", "on-failure"), name


def test_the_apps_wait_for_a_healthy_database_and_redis() -> None:
    compose = _compose()
    services = compose["services"]
    for name, service in _apps(compose).items():
        for needed in ("postgres", "redis"):
            assert service["depends_on"][needed] == {"condition": "service_healthy"}, name
    postgres = services["postgres"]
    check = " ".join(postgres["healthcheck"]["test"])
    assert "pg_isready" in check
    assert f"-U {postgres['environment']['POSTGRES_USER']}" in check
    assert f"-d {postgres['environment']['POSTGRES_DB']}" in check
    redis = services["redis"]
    assert "redis-cli ping" in " ".join(redis["healthcheck"]["test"])
    assert redis["environment"]["REDISCLI_AUTH"] == SECRETS["REDIS_PASSWORD"], "with the password"
    for service in (postgres, redis):
        assert service["healthcheck"]["retries"] >= 3


def test_the_apps_are_healthy_when_ready() -> None:
    for name, service in _apps(_compose()).items():
        check = service["healthcheck"]["test"]
        port = service["command"][service["command"].index("--port") + 1]
        assert check[0] == "CMD" and f"http://127.0.0.1:{port}/readyz" in check[-1], name


def test_every_service_image_has_a_full_version_tag() -> None:
    """Upgrading PostgreSQL, Redis or Caddy is a decision, never a side effect of a pull."""
    images = re.findall(r"^\s+image:\s*(\S+)", COMPOSE, re.MULTILINE)
    assert images, "the example names its images"
    for image in images:
        _name, _, tag = image.partition(":")
        assert re.fullmatch(r"\d+\.\d+(\.\d+)?(-[a-z]+)?", tag), f"{image}: pin a full version"
