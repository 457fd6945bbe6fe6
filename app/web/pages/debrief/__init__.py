"""Web layer: the debrief page, the printable report and the downloads."""
