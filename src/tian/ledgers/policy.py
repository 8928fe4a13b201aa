"""Who imports and exports ledgers (台账): the proposal committee and the office."""

from __future__ import annotations

from tian import policy
from tian.directory.models import Role

policy.rules(
    __name__,
    {
        "ledger.import": policy.has(Role.CPPCC_STAFF, Role.GOV_OFFICE),
        "ledger.export": policy.has(Role.CPPCC_STAFF, Role.GOV_OFFICE),
    },
)
