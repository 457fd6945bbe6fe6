"""Web layer: the cross-cutting defences in one place: headers, body and rate limits, origin and
CSRF checks, sign-in cookies and text rules.

Pages and API routes use these pieces; none of them knows about a particular screen, so a
reviewer can read every defence the server has without reading a single page.
"""
