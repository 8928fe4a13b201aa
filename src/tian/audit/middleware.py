"""Tag each request's audit events with the address it came from."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from tian.audit.context import request_from


@lru_cache(maxsize=8)
def _networks(
    proxies: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: the peer, or — only when the peer is a trusted proxy
    (TIAN_TRUSTED_PROXIES) — the nearest untrusted address in X-Forwarded-For."""
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return ""
    trusted = _networks(tuple(getattr(settings, "TIAN_TRUSTED_PROXIES", ())))

    def is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in trusted)

    if not is_trusted(peer):
        return peer.compressed
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        if not is_trusted(address):
            return address.compressed
    return peer.compressed


class AuditSourceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_from(client_ip(request)):
            return self.get_response(request)
