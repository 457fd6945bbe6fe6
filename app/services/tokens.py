"""Services layer: bearer tokens and join codes.

Tokens carry 256 random bits and only their SHA-256 hash is stored: a hash of a high-entropy
secret needs no salt or slow hashing, and it makes a leaked database useless for signing in.
Join codes and seat codes are typed by people, so they avoid look-alike characters.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string

from app.db.tables import Principal
from app.engine.vocabulary import PrincipalKind

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_ID_ALPHABET = string.ascii_letters + string.digits
ID_LENGTH = 16
JOIN_CODE_LENGTH = 6
SEAT_CODE_LENGTH = 10


def principal(
    session_id: str, kind: PrincipalKind, token: str, now: float, player: str | None = None
) -> Principal:
    """The row that lets ``token`` in: only its hash is kept."""
    return Principal(
        token_hash=hash_token(token),
        session_id=session_id,
        kind=kind,
        player_id=player,
        created_at=now,
    )


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_id() -> str:
    """A session's id: 16 letters and digits (95 random bits). It opens every export's rows,
    and an id starting with ``-`` would read as a formula to a spreadsheet (and be exported
    behind an apostrophe), so it holds no punctuation at all."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(ID_LENGTH))


def new_join_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(code: str) -> str:
    """People type codes with spaces, dashes and lower case; none of that is part of the code."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_seat_code() -> str:
    """Ten characters of a 32-letter alphabet: 50 random bits, drawn apart from the join code,
    so a trainee who knows the join code cannot work out any duo's seat card."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(SEAT_CODE_LENGTH))


def shown_seat_code(code: str) -> str:
    """Printed in two groups of five, the way people read a long code aloud."""
    return f"{code[:5]}-{code[5:]}"


def same_secret(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
