"""Web layer: the facilitator's panel, the seat cards and the one-way mirror."""
