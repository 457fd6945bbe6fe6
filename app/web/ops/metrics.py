"""Web layer: ``/metrics``, this worker's figures in the Prometheus text format (version 0.0.4).

Off unless ``CL_METRICS=true`` (404). The figures are counts and timings, never names, codes or
texts, but they show when and how much a server is used: so without ``CL_METRICS_TOKEN`` they
are served to the loopback alone (a scraper on the same host), and with it only to a request
bearing that token, from anywhere. Each worker answers for itself: with several workers on one
port, a scrape reaches one of them, named by ``cl_worker_info``.
"""

from __future__ import annotations

import ipaddress
import math
import os
from collections.abc import Iterable
from typing import get_args

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse

from app.engine.views import ViewerKind
from app.services.metrics import Histogram
from app.services.tokens import same_secret
from app.web.deps import RuntimeDep, bearer
from app.web.runtime import Runtime

router = APIRouter(include_in_schema=False)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
CLIENTS = ("page", "api")


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value)) if isinstance(value, float) else str(value)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: dict[str, str]) -> str:
    if not pairs:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in pairs.items()) + "}"


def _family(name: str, kind: str, about: str) -> list[str]:
    return [f"# HELP {name} {about}", f"# TYPE {name} {kind}"]


def _histogram(name: str, histogram: Histogram, labels: dict[str, str]) -> Iterable[str]:
    for bound, count in histogram.buckets():
        yield f"{name}_bucket{_labels(labels | {'le': _number(bound)})} {count}"
    yield f"{name}_sum{_labels(labels)} {_number(histogram.sum)}"
    yield f"{name}_count{_labels(labels)} {histogram.count}"


def exposition(runtime: Runtime) -> str:
    monitor, metrics = runtime.monitor, runtime.ctx.metrics
    sessions, sockets = runtime.hub.census()
    lines = _family("cl_worker_info", "gauge", "This worker (one process of the server).")
    lines.append(f"cl_worker_info{_labels({'worker': monitor.worker, 'pid': str(os.getpid())})} 1")
    lines += _family(
        "cl_sockets",
        "gauge",
        "Open sockets on this worker by viewer kind and client (page: a live page; api: an "
        "event socket).",
    )
    for kind in get_args(ViewerKind):
        for client in CLIENTS:
            count = sockets.get((kind, client), 0)
            lines.append(f"cl_sockets{_labels({'kind': kind, 'client': client})} {count}")
    lines += _family("cl_live_sessions", "gauge", "Sessions with an open socket on this worker.")
    lines.append(f"cl_live_sessions {sessions}")
    lines += _family(
        "cl_command_duration_seconds",
        "histogram",
        "A command's path on this worker, from the request's parsed command to its events "
        "published (refusals included), by command.",
    )
    for command, histogram in sorted(metrics.commands.items()):
        lines += _histogram("cl_command_duration_seconds", histogram, {"command": command})
    lines += _family(
        "cl_broadcast_lag_seconds",
        "histogram",
        "From publishing a probe on the broadcast backend to this worker hearing it.",
    )
    lines += _histogram("cl_broadcast_lag_seconds", metrics.broadcast_lag, {})
    lines += _family(
        "cl_broadcast_probe_failures_total",
        "counter",
        "Probes the broadcast backend refused or did not bring back in time.",
    )
    lines.append(f"cl_broadcast_probe_failures_total {monitor.probe.failures}")
    lines += _family(
        "cl_event_loop_lag_seconds",
        "histogram",
        "How late this worker's event loop woke a task that slept half a second.",
    )
    lines += _histogram("cl_event_loop_lag_seconds", metrics.loop_lag, {})
    return "\n".join(lines) + "\n"


_FORWARDED = ("forwarded", "x-forwarded-for", "x-real-ip")
"""Headers a reverse proxy adds: a request that came through one is no scraper on this host,
even when the proxy runs on this host and so connects from the loopback."""


def _loopback(request: Request) -> bool:
    if any(name in request.headers for name in _FORWARDED):
        return False
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@router.get("/metrics")
async def metrics(request: Request, runtime: RuntimeDep) -> PlainTextResponse:
    settings = runtime.settings
    if not settings.metrics:
        raise HTTPException(404, "Not Found")
    token = settings.metrics_token
    if token is not None:
        if not same_secret(bearer(request) or "", token.get_secret_value()):
            raise HTTPException(
                401, "metrics need the CL_METRICS_TOKEN", headers={"WWW-Authenticate": "Bearer"}
            )
    elif not _loopback(request):
        raise HTTPException(
            403,
            "metrics are served to the loopback only; set CL_METRICS_TOKEN to scrape them "
            "from elsewhere",
        )
    return PlainTextResponse(exposition(runtime), media_type=CONTENT_TYPE)
