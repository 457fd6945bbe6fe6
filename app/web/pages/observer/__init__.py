"""Web layer: the observer's page: logging the collisions between logics."""
