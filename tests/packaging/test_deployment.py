"""The example deployment stays consistent with the code it deploys.

No Docker engine runs on the development machines, so these files cannot be started here;
instead every name they rely on is checked against the project itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from app.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "docker-compose.example.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_every_app_setting_in_compose_exists() -> None:
    known = {f"CL_{name.upper()}" for name in Settings.model_fields}
    apps = {k: v for k, v in _compose()["services"].items() if k.startswith("app")}
    assert len(apps) >= 2, "at least two replicas"
    for name, service in apps.items():
        assert set(service["environment"]) <= known, name
        assert service["environment"]["CL_BROADCAST_URL"].startswith("redis://")
        assert service["environment"]["CL_DATABASE_URL"].startswith("postgresql://")
        assert service["command"][:4] == ["colliding-logics", "serve", "--host", "0.0.0.0"]
        assert {"postgres", "redis"} <= set(service["depends_on"])


def test_the_proxy_sends_traffic_to_every_replica() -> None:
    compose = _compose()
    apps = sorted(k for k in compose["services"] if k.startswith("app"))
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    upstreams = re.search(r"reverse_proxy\s+([^{]+)\{", caddyfile)
    assert upstreams is not None
    assert sorted(u.split(":")[0] for u in upstreams.group(1).split()) == apps
    assert all(u.endswith(":8000") for u in upstreams.group(1).split())
    mounted = compose["services"]["proxy"]["volumes"][0].split(":")[0]
    assert (ROOT / mounted).resolve() == (ROOT / "deploy" / "Caddyfile").resolve()


def test_the_image_serves_what_compose_expects() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "EXPOSE 8000" in dockerfile and "HEALTHCHECK" in dockerfile
    assert "USER game" in dockerfile and 'VOLUME ["/data"]' in dockerfile
    assert "/healthz" in dockerfile
    for folder in ("app", "scenarios", "roles", "templates", "static"):
        assert f"COPY {folder}" in dockerfile
