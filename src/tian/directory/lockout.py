"""Login lockout (登录锁定): a username from one address, and an address over all usernames."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


class LockoutHandler(AxesDatabaseHandler):
    """Axes locks a username at one address; this also locks an address that fails too often
    across usernames (password spraying), with its own, higher limit."""

    def is_locked(self, request: Any, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or _address_locked(request)

    def user_login_failed(self, sender: Any, credentials: dict, request: Any = None, **kw: Any):
        super().user_login_failed(sender, credentials, request, **kw)
        if request is not None and _address_locked(request):
            # Axes answers with its lockout page only for requests it has flagged.
            request.axes_locked_out = True


def _address_locked(request: Any) -> bool:
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return address_failures(address) >= settings.TIAN_LOGIN_IP_FAILURE_LIMIT


def address_failures(ip_address: str | None) -> int:
    """Failed logins from one address still within the cool-off time, over all usernames."""
    if not ip_address:
        return 0
    since = timezone.now() - timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    total = attempts.aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0
