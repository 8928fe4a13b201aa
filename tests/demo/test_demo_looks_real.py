"""The demo looks real on whatever day it is loaded: its open session is that year's, dated
back from the day of loading; its closed sessions keep their years and are all done; its
texts are Chinese; its accounts have (fictitious) phone numbers."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest
import time_machine
from django.db import models
from django.utils import timezone

from tian.audit.models import AuditEvent
from tian.demo import seed_data as sd
from tian.demo.common import TZ, open_session
from tian.demo.live import CALENDAR, intake_days
from tian.demo.loader import load_demo
from tian.directory.models import Session, User
from tian.handling.deadlines import proposal_deadlines
from tian.handling.models import Contact, CoOpinion, Feedback, Reply
from tian.proposals.models import Proposal, Status
from tian.supervision.models import Commitment, ProgressUpdate, SupervisionActivity, Tracking
from tian.supervision.reminders.sweep import send_due_reminders
from tian.supervision.tracking.actions import cross_year_proposals

pytestmark = pytest.mark.django_db

# Two days a demo might be loaded on: late in a year and early in another.
LOAD_DAYS = (datetime(2026, 12, 2, 10, 0, tzinfo=TZ), datetime(2025, 3, 17, 10, 0, tzinfo=TZ))
MOST_DAYS_OVERDUE = 45
CLOSED = [s.slug for s in sd.SESSIONS]


@pytest.fixture(autouse=True)
def _fast(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load_on(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        load_demo()


@pytest.mark.parametrize("moment", LOAD_DAYS, ids=["2026-12-02", "2025-03-17"])
def test_nothing_is_long_overdue_on_the_day_the_demo_is_loaded(moment: datetime) -> None:
    _load_on(moment)
    today = moment.date()
    handling = Proposal.objects.filter(status__in=[Status.ASSIGNED, Status.HANDLING])
    assert handling.exists()
    for proposal in handling:
        assert proposal_deadlines(proposal)["reply"].days_left(today) > -MOST_DAYS_OVERDUE
    for commitment in Commitment.objects.filter(status=Commitment.Status.OPEN):
        assert (today - commitment.due_on).days < MOST_DAYS_OVERDUE, commitment


@pytest.mark.parametrize("moment", LOAD_DAYS, ids=["2026-12-02", "2025-03-17"])
def test_the_open_session_is_that_years_and_its_proposals_are_no_older(moment: datetime) -> None:
    _load_on(moment)
    spec = open_session(moment.date())
    assert spec.year == moment.year
    proposals = Proposal.objects.filter(session__slug=spec.slug)
    assert proposals.count() >= 15
    for proposal in proposals:
        for at in (proposal.created_at, proposal.submitted_at, proposal.decided_at):
            if at is not None:
                assert at <= moment
                assert timezone.localtime(at, TZ).year >= spec.year - 1, proposal


def test_the_open_sessions_name_follows_its_year() -> None:
    assert open_session(date(2023, 5, 1)).name == "五届二次会议"
    assert open_session(date(2026, 12, 2)).name == "五届五次会议"
    assert open_session(date(2027, 1, 5)).name == "六届一次会议"
    assert open_session(date(2027, 1, 5)).term == "第六届"


@pytest.mark.parametrize("moment", LOAD_DAYS, ids=["2026-12-02", "2025-03-17"])
def test_a_closed_session_has_nothing_dated_after_the_year_that_followed_it(
    moment: datetime,
) -> None:
    _load_on(moment)
    for spec in sd.SESSIONS:
        last = date(spec.year + 1, 12, 31)
        of = {"proposal__session__slug": spec.slug}
        proposals = Proposal.objects.filter(session__slug=spec.slug)
        assert set(proposals.values_list("status", flat=True)) == {Status.CLOSED}
        dates = [
            *(at.date() for at in proposals.values_list("submitted_at", flat=True)),
            *Reply.objects.filter(**of).values_list("replied_on", flat=True),
            *Contact.objects.filter(**of).values_list("contacted_on", flat=True),
            *(
                at.date()
                for at in CoOpinion.objects.filter(**of).values_list("submitted_at", flat=True)
            ),
            *(
                at.date()
                for at in Feedback.objects.filter(**of).values_list("submitted_at", flat=True)
            ),
            *Commitment.objects.filter(**of).values_list("due_on", flat=True),
            *ProgressUpdate.objects.filter(
                commitment__proposal__session__slug=spec.slug
            ).values_list("reported_on", flat=True),
            *SupervisionActivity.objects.filter(
                key_proposal__proposal__session__slug=spec.slug
            ).values_list("held_on", flat=True),
            *(
                timezone.localtime(at, TZ).date()
                for at in AuditEvent.objects.filter(**of).values_list("created_at", flat=True)
            ),
        ]
        late = [d for d in dates if d is not None and d > last]
        assert late == [], (spec.slug, sorted(set(late))[:5])


def test_every_closed_session_commitment_is_done_with_the_reports_that_got_it_there() -> None:
    _load_on(LOAD_DAYS[0])
    commitments = Commitment.objects.filter(proposal__session__slug__in=CLOSED)
    assert commitments.count() > 40
    for commitment in commitments:
        assert commitment.status == Commitment.Status.DONE, commitment
        progress = list(
            commitment.updates.order_by("reported_on", "id").values_list("progress", flat=True)
        )
        assert len(progress) >= 2, commitment
        assert progress == sorted(set(progress)), commitment
        assert progress[-1] == 100, commitment


def test_every_done_commitment_in_the_demo_has_an_update_of_100() -> None:
    _load_on(LOAD_DAYS[0])
    done = Commitment.objects.filter(status=Commitment.Status.DONE)
    assert done.exists()
    assert not done.exclude(updates__progress=100).exists()


def test_the_reminder_sweep_after_loading_chases_nothing_of_a_closed_session() -> None:
    _load_on(LOAD_DAYS[0])
    with time_machine.travel(LOAD_DAYS[0], tick=False):
        sent = send_due_reminders(LOAD_DAYS[0].date())
    assert all(r.proposal.session.slug not in CLOSED for r in sent)


# A run of Latin letters that makes a word; the seed's acronyms (EDA, QFLP, 5G) are its own terms.
ENGLISH_WORD = re.compile(r"[A-Za-z]*[a-z][A-Za-z]*")
ALLOWED: set[str] = set()
MACHINE_FIELDS = {"letter_type", "object_type", "object_id"}  # read by code, not people


def test_no_demo_text_field_holds_english_words() -> None:
    _load_on(LOAD_DAYS[0])
    found: dict[str, set[str]] = {}
    for model in (
        Proposal,
        Reply,
        Contact,
        CoOpinion,
        Feedback,
        Commitment,
        ProgressUpdate,
        SupervisionActivity,
    ):
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.TextField | models.CharField)
            and not isinstance(f, models.URLField | models.SlugField)
            and not f.choices
            and f.name not in MACHINE_FIELDS
        ]
        for row in model.objects.values_list(*fields):
            for text in row:
                words = set(ENGLISH_WORD.findall(text or "")) - ALLOWED
                if words:
                    found.setdefault(model.__name__, set()).update(words)
    assert found == {}


def test_every_demo_account_has_its_own_clearly_fictitious_phone_number() -> None:
    _load_on(LOAD_DAYS[0])
    phones = list(User.objects.filter(is_demo_account=True).values_list("phone", flat=True))
    assert len(phones) == len(sd.ACCOUNTS)
    assert all(re.fullmatch(r"139-0000-\d{4}", phone) for phone in phones), phones
    assert len(set(phones)) == len(phones)


def test_the_2021_proposals_followed_up_in_2022_are_not_cross_year_again_in_the_open_session():
    _load_on(LOAD_DAYS[0])
    open_one = Session.objects.get(slug=open_session(LOAD_DAYS[0].date()).slug)
    assert not cross_year_proposals(open_one).filter(session__slug="xishan-2021").exists()
    closed = Tracking.objects.filter(session__slug="xishan-2022", closed_at__isnull=False)
    assert closed.count() == 2
    assert all(t.closed_at.year == 2022 and t.close_reason for t in closed)


def test_loading_in_a_new_year_retires_last_years_open_session_examples() -> None:
    _load_on(LOAD_DAYS[1])
    _load_on(LOAD_DAYS[0])
    last_year = Session.objects.get(slug="xishan-2025")
    assert not last_year.is_open_for_submission
    assert not Proposal.objects.filter(session=last_year).exists()
    today = LOAD_DAYS[0].date()
    for proposal in Proposal.objects.filter(status__in=[Status.ASSIGNED, Status.HANDLING]):
        assert proposal_deadlines(proposal)["reply"].days_left(today) > -MOST_DAYS_OVERDUE


@pytest.mark.parametrize(
    "assigned_on",
    # The first working days after National Day and after the Spring Festival, and a Monday.
    [date(2026, 10, 9), date(2026, 10, 8), date(2027, 2, 18), date(2026, 12, 7)],
)
def test_an_example_is_drafted_submitted_and_filed_on_working_days_before_its_assignment(
    assigned_on: date, db: Any
) -> None:
    created_on, submitted_on, filed_on = intake_days(assigned_on)

    assert created_on < submitted_on < filed_on < assigned_on
    assert all(CALENDAR.is_workday(day) for day in (created_on, submitted_on, filed_on))
