"""Changes to unit evaluation (考核): the session's scheme and the office's reply reviews.

Each action checks the policy, runs in one transaction and writes one audit event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Session
from tian.evaluation.models import (
    DEDUCTIONS,
    LEVEL_POINTS,
    Criterion,
    EvaluationScheme,
    Measure,
    QualityLevel,
    ReplyReview,
)
from tian.handling.models import Reply
from tian.lib.errors import ActionError, ConflictError

TOTAL_POINTS = 100

# Common practice in district evaluations (code, name, measure, points); 100 in all.
DEFAULT_CRITERIA: tuple[tuple[str, str, str, int], ...] = (
    ("on_time", "按时答复", Measure.ON_TIME, 25),
    ("contact", "沟通面商", Measure.CONTACT, 15),
    ("quality", "答复质量", Measure.QUALITY, 20),
    ("satisfaction", "提案者满意", Measure.SATISFACTION, 20),
    ("commitments", "承诺办成", Measure.COMMITMENTS, 20),
    # Off by default: lateness already costs points in 按时答复.
    ("overdue", "逾期答复扣分", Measure.OVERDUE_DEDUCTION, 0),
)


def ensure_scheme(session: Session) -> EvaluationScheme:
    """The session's scheme, created from the defaults the first time anyone needs it.

    The defaults are nobody's decision, so creating them writes no audit event; every
    change to them does (`update_scheme`).
    """
    scheme = EvaluationScheme.objects.filter(session=session).first()
    if scheme is not None:
        return scheme
    try:
        with transaction.atomic():
            scheme = EvaluationScheme.objects.create(session=session)
            Criterion.objects.bulk_create(
                Criterion(scheme=scheme, code=code, name=name, measure=measure, weight=w, order=i)
                for i, (code, name, measure, w) in enumerate(DEFAULT_CRITERIA)
            )
    except IntegrityError:
        # Someone else opened the page at the same moment and created it first.
        return EvaluationScheme.objects.get(session=session)
    return scheme


def check_weights(criteria: list[Criterion], weights: Mapping[str, int]) -> None:
    """Refuse weights that are missing, negative, or whose scored criteria miss 100 in all."""
    for criterion in criteria:
        value = weights.get(criterion.code)
        if value is None or value < 0:
            raise ActionError(f"请填写“{criterion.name}”的分值(不小于0的整数)。")
        if value > TOTAL_POINTS:
            raise ActionError(f"“{criterion.name}”的分值不能超过{TOTAL_POINTS}分。")
    total = sum(weights[c.code] for c in criteria if c.measure not in DEDUCTIONS)
    if total != TOTAL_POINTS:
        raise ActionError(
            f"各项考核指标的分值合计应为{TOTAL_POINTS}分,现为{total}分,请调整后再保存。"
            "(扣分项不计入合计。)"
        )


def update_scheme(
    actor: Any, scheme: EvaluationScheme, *, weights: Mapping[str, int], version: int
) -> EvaluationScheme:
    """Set the points of each criterion of a session's scheme (they must add up to 100)."""
    policy.require(actor, "evaluation.edit_scheme", scheme)
    with transaction.atomic():
        scheme = EvaluationScheme.objects.select_for_update().get(pk=scheme.pk)
        if scheme.version != version:
            raise ConflictError("考核方案刚刚已被他人修改,请查看最新分值后再保存。")
        criteria = list(scheme.criteria.order_by("order", "id"))
        check_weights(criteria, weights)
        changed = {
            c.code: [c.weight, weights[c.code]] for c in criteria if c.weight != weights[c.code]
        }
        for criterion in criteria:
            criterion.weight = weights[criterion.code]
        Criterion.objects.bulk_update(criteria, ["weight"])
        scheme.version += 1
        scheme.updated_by = actor
        scheme.save(update_fields=["version", "updated_by", "updated_at"])
        summary = "、".join(f"{c.name}{c.weight}分" for c in criteria)
        record_event(
            actor,
            EventType.EVALUATION_SCHEME_UPDATED,
            target=scheme,
            message=f"{scheme.session}考核方案:{summary}",
            session=scheme.session.slug,
            changed=changed,
        )
    return scheme


def review_reply_quality(actor: Any, reply: Reply, *, level: str, comment: str = "") -> ReplyReview:
    """Record (or change) the office's rating of a reply's quality (优/良/中/差)."""
    policy.require(actor, "evaluation.review_quality", reply)
    if level not in QualityLevel.values:
        raise ActionError("请选择答复质量等次:优、良、中或差。")
    comment = (comment or "").strip()
    with transaction.atomic():
        reply = (
            Reply.objects.select_for_update(of=("self",))
            .select_related("proposal", "unit")
            .get(pk=reply.pk)
        )
        # The reply may have been sent back for revision since the page was opened.
        policy.require(actor, "evaluation.review_quality", reply)
        review = ReplyReview.objects.filter(reply=reply).first()
        previous = review.level if review is not None else ""
        if review is None:
            review = ReplyReview(reply=reply)
        review.level = level
        review.comment = comment
        review.reviewer = actor
        review.reviewed_at = timezone.now()
        review.save()
        label = QualityLevel(level).label
        record_event(
            actor,
            EventType.REPLY_QUALITY_REVIEWED,
            proposal=reply.proposal,
            target=review,
            message=f"{reply.unit}的答复评为“{label}”({LEVEL_POINTS[level]}分)",
            level=level,
            previous=previous,
            reply=reply.pk,
        )
    return review
