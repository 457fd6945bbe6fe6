"""Web layer: the server-rendered pages, one module or small package per audience.

``player``, ``facilitator`` (the facilitator's panel), ``observer``, ``screen`` (the projector),
``organiser`` and ``debrief`` each own their live page declaration, their context builder and
their form routes; ``entry`` is the way in (joining, sign-in links, the language toggle).
"""
