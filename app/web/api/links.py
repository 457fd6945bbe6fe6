"""Web layer: the facilitator ends staff links: a new observer link, no other facilitator links.

The old tokens stop working on every worker before the answer is sent, and their sockets are
closed with 4404. The facilitator's own token (the one this request carries) always survives,
so the facilitator cannot lock themselves out.
"""

from __future__ import annotations

from fastapi import APIRouter

from app.services import staff_links
from app.web.deps import FacilitatorCall, PublicBase, presented_token

router = APIRouter(prefix="/api/sessions/{sid}/links", tags=["links"])


@router.post("/observer")
async def reissue_observer(caller: FacilitatorCall, base: PublicBase) -> dict[str, str]:
    """A new observer link; the previous observer link stops working at once."""
    token = await staff_links.reissue_observer(caller.runtime.ctx, caller.session_id)
    return {"observer_token": token, "observer_url": f"{base}/enter#{token}"}


@router.post("/facilitator/revoke-others")
async def revoke_other_facilitators(caller: FacilitatorCall) -> dict[str, int]:
    """Every facilitator link of this session but the one this request uses stops working."""
    kept = presented_token(caller.request, caller.session_id)
    assert kept is not None, "FacilitatorCall authenticated this very token"
    revoked = await staff_links.revoke_other_facilitators(
        caller.runtime.ctx, caller.session_id, kept
    )
    return {"revoked": revoked}
