"""Web layer: QR codes drawn on the server as inline SVG, so they print and work offline."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(data: str, title: str) -> Markup:
    """An SVG QR code for ``data`` that scales with CSS; ``title`` is what screen readers
    announce for it."""
    code = segno.make(data, error="m")
    svg = code.svg_inline(
        omitsize=True, title=title, svgclass="qr", lineclass="qr-line", dark="#000", light="#fff"
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704  (segno's own SVG)
