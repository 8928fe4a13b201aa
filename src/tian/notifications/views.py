"""The inbox (消息): each signed-in person reads their own notifications and marks them read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tian.lib.http import is_id, page_param
from tian.notifications import actions
from tian.notifications.models import Notification

PAGE_SIZE = 50


@dataclass
class Group:
    """The messages of one page about one proposal (or one message about none)."""

    proposal: Any
    messages: list[Notification] = field(default_factory=list)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The inbox, grouped by proposal: the group with the newest message first."""
    # Scoped to the signed-in user: nobody, admins included, reads another person's messages.
    notifications = Notification.objects.for_user(request.user)
    page = Paginator(
        notifications.grouped_by_proposal().select_related("proposal"), PAGE_SIZE
    ).get_page(page_param(request))
    groups: list[Group] = []
    for notification in page:
        same = groups and notification.proposal_id and groups[-1].proposal == notification.proposal
        if not same:
            groups.append(Group(notification.proposal))
        notification.short_title = _without_proposal(notification)
        groups[-1].messages.append(notification)
    unread = notifications.unread().count()
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "groups": groups, "unread": unread, "nav": "inbox"},
    )


def _without_proposal(notification: Notification) -> str:
    """The title without the proposal it opens with, which the group's heading already names
    ("第8号关于…的建议:交办" reads "交办")."""
    proposal = notification.proposal
    if proposal is None:
        return notification.title
    for prefix in (f"{proposal.number_label}{proposal.title}:", f"{proposal.number_label}:"):
        if notification.title.startswith(prefix) and len(notification.title) > len(prefix):
            return notification.title[len(prefix) :]
    return notification.title


@login_required
@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    """Mark the given ids read, or every unread message when no ids are posted."""
    if "ids" in request.POST:
        ids = [int(v) for v in request.POST.getlist("ids") if is_id(v)]
        actions.mark_read(request.user, ids)
    else:
        actions.mark_read(request.user)
    return redirect(_next_url(request))


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "inbox"
