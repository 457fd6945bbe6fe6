"""Engine layer: the pure game, standard library only.

Commands go in, events come out, and ``replay`` rebuilds a session from its events. Time and
ids are arguments, never read from the machine, so every rule can be tested without I/O.
"""
