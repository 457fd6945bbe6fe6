"""Web layer: the JSON API under /api and the event socket."""
