"""Event types of the audit log, each with the label the history shows."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    PROPOSAL_CREATED = "proposal.created", _("起草提案")
    PROPOSAL_UPDATED = "proposal.updated", _("修改提案")
    PROPOSAL_SUBMITTED = "proposal.submitted", _("提交提案")
    COSIGN_INVITED = "cosign.invited", _("邀请联名")
    COSIGN_CONFIRMED = "cosign.confirmed", _("确认联名")
    COSIGN_DECLINED = "cosign.declined", _("谢绝联名")
    PROPOSAL_FILED = "proposal.filed", _("立案")
    PROPOSAL_MERGED = "proposal.merged", _("并案")
    PROPOSAL_REJECTED = "proposal.rejected", _("不予立案")
    PROPOSAL_CONVERTED = "proposal.converted", _("转来信处理")
    ATTACHMENT_ADDED = "attachment.added", _("上传附件")
    LEDGER_IMPORTED = "ledger.imported", _("导入台账")
    SESSION_CREATED = "session.created", _("设立会议")
    DEMO_LOADED = "demo.loaded", _("载入演示数据")


def label_for(event_type: str) -> str:
    try:
        return str(EventType(event_type).label)
    except ValueError:
        return event_type
