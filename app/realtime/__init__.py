"""Realtime layer: the broadcast backends, the hub and the per-socket connections."""
