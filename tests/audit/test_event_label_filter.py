"""Templates name an event type in Chinese with `|event_label`, without loading anything."""

from __future__ import annotations

from django.template import Context, Template

from tian.audit.events import EventType, label_for


def test_event_label_is_a_builtin_filter_owned_by_audit():
    filed = EventType.PROPOSAL_FILED
    rendered = Template("{{ kind|event_label }}").render(Context({"kind": filed}))
    assert rendered == label_for(filed) != filed


def test_the_lib_template_library_no_longer_carries_the_audit_filter():
    from tian.lib.templatetags import tian

    assert "event_label" not in tian.register.filters
