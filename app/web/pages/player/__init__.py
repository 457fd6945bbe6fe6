"""Web layer: the player's page: a duo's brief, the case file and what the duo writes."""
