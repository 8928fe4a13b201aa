"""Row locks with optimistic version checks, so concurrent edits never overwrite each other."""

from __future__ import annotations

from tian.lib.errors import ConflictError
from tian.proposals.models import Proposal


def lock_proposal(proposal: Proposal, version: int | None) -> Proposal:
    """Re-read the proposal under a row lock; refuse if it changed since `version` was read."""
    locked = (
        Proposal.objects.select_related("session__body")
        .select_for_update(of=("self",))
        .get(pk=proposal.pk)
    )
    if version is not None and locked.version != version:
        raise ConflictError(
            "此提案刚刚已被他人修改或处理。请查看最新内容后再操作,您填写的内容已保留在表单中。"
        )
    return locked
