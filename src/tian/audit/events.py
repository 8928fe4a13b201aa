"""Event types of the audit log, each with the label the history shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    PROPOSAL_CREATED = "proposal.created", _("起草提案")
    PROPOSAL_UPDATED = "proposal.updated", _("修改提案")
    PROPOSAL_SUBMITTED = "transition.submit", _("提交提案")
    COSIGN_INVITED = "cosign.invited", _("邀请联名")
    COSIGN_CONFIRMED = "cosign.confirmed", _("确认联名")
    COSIGN_DECLINED = "cosign.declined", _("谢绝联名")
    PROPOSAL_FILED = "transition.file", _("立案")
    PROPOSAL_MERGED = "transition.merge", _("并案")
    MERGED_INTO = "proposal.merged_into", _("他案并入")
    PROPOSAL_REJECTED = "transition.reject", _("不予立案")
    PROPOSAL_CONVERTED = "transition.convert", _("转来信处理")
    UNITS_PROPOSED = "assignment.proposed", _("拟定承办单位")
    PROPOSAL_ASSIGNED = "transition.assign", _("交办")
    OBJECTION_FILED = "objection.filed", _("申请调整承办单位")
    OBJECTION_DECIDED = "objection.decided", _("处理调整申请")
    ASSIGNMENT_ACCEPTED = "transition.accept_assignment", _("签收")
    CONTACT_LOGGED = "contact.logged", _("沟通联系")
    CO_OPINION_SUBMITTED = "co_opinion.submitted", _("提交协办意见")
    REPLY_SAVED = "reply.saved", _("起草答复")
    REPLY_SIGNED = "reply.signed", _("负责人签发答复")
    REPLY_LETTER_ATTACHED = "reply.letter_attached", _("上传签章答复函")
    REPLY_SUBMITTED = "reply.submitted", _("报送答复")
    REPLY_RETURNED = "reply.returned", _("答复退回修改")
    REPLY_ACCEPTED = "transition.accept_reply", _("答复审核通过")
    DEADLINE_EXTENDED = "deadline.extended", _("延期")
    FEEDBACK_GIVEN = "feedback.given", _("提交征询意见")
    PROPOSAL_CLOSED = "transition.close", _("办结")
    REHANDLING_STARTED = "transition.rehandle", _("重新办理")
    CLOSED_WITHOUT_VERDICT = "transition.close_without_verdict", _("逾期未反馈办结")
    ATTACHMENT_ADDED = "attachment.added", _("上传附件")
    LEDGER_IMPORTED = "ledger.imported", _("导入台账")
    SESSION_CREATED = "session.created", _("设立会议")
    DEMO_LOADED = "demo.loaded", _("载入演示数据")
    # Signing in and out (with the source address and the outcome)
    LOGIN = "auth.login", _("登录")
    LOGIN_FAILED = "auth.login_failed", _("登录失败")
    LOGOUT = "auth.logout", _("退出登录")
    LOCKED_OUT = "auth.locked_out", _("账号被锁定")
    # Reading out: exports and file downloads
    LEDGER_EXPORTED = "export.ledger", _("导出台账")
    EVALUATION_EXPORTED = "export.evaluation", _("导出考核结果")
    REPORT_DOWNLOADED = "export.report", _("下载年度办理情况报告")
    PROPOSAL_LIST_EXPORTED = "export.proposal_list", _("导出提案列表")
    AUDIT_LOG_EXPORTED = "export.audit_log", _("导出审计日志")
    FILE_DOWNLOADED = "file.downloaded", _("下载文件")
    # Configuration edited in the admin site (workflows, grades, the calendar)
    CONFIG_CHANGED = "config.changed", _("修改配置")
    CONFIG_DELETED = "config.deleted", _("删除配置")
    # Operations: the whole installation backed up or restored (tian backup / tian restore)
    BACKUP_MADE = "ops.backup", _("备份系统")
    RESTORE_DONE = "ops.restore", _("从备份恢复")
    # Commitments
    PROGRESS_REPORTED = "commitment.progress", _("报告实施进展")
    PROGRESS_IMPORTED = "commitment.progress_imported", _("导入实施进展")
    SUBSTEP_ADDED = "commitment.substep_added", _("分解实施步骤")
    # Supervision
    KEY_SELECTED = "key.selected", _("确定重点提案")
    KEY_CHANGED = "key.changed", _("调整重点提案领办督办")
    KEY_UNSELECTED = "key.unselected", _("撤销重点提案")
    ACTIVITY_RECORDED = "key.activity_recorded", _("记录督办活动")
    # Tracking
    TRACKING_JOINED = "tracking.joined", _("列入跨年度跟踪")
    TRACKING_REPORTED = "tracking.reported", _("报告跨年度办理进展")
    TRACKING_JUDGED = "tracking.judged", _("评价跨年度办理进展")
    TRACKING_CLOSED = "tracking.closed", _("结束跨年度跟踪")
    # Reminders and supervision notices
    REMINDER_SENT = "reminder.sent", _("催办")
    NOTICE_ISSUED = "notice.issued", _("下发督办单")
    NOTICE_ACKNOWLEDGED = "notice.acknowledged", _("签收督办单")
    # Unit evaluation
    EVALUATION_SCHEME_UPDATED = "evaluation.scheme_updated", _("修改考核方案")
    REPLY_QUALITY_REVIEWED = "evaluation.reply_reviewed", _("评审答复质量")
    # Annual report
    REPORT_TEXT_EDITED = "report.text_edited", _("修改年度办理情况报告")
    REPORT_EXAMPLE_SET = "report.example_set", _("设为年度报告典型事例")
    REPORT_EXAMPLE_UNSET = "report.example_unset", _("取消年度报告典型事例")
    REPORT_RENDER_REQUESTED = "report.render_requested", _("生成年度办理情况报告")
    # Ledger
    LEDGER_PROPOSAL_CREATED = "ledger.proposal_created", _("按台账新增提案")
    LEDGER_PROPOSAL_UPDATED = "ledger.proposal_updated", _("按台账修改提案")
    # Accounts and roles
    ROLE_GRANTED = "role.granted", _("授予角色")
    ROLE_REVOKED = "role.revoked", _("撤销角色")
    ACCOUNT_CREATED = "account.created", _("创建账号")
    ACCOUNT_CHANGED = "account.changed", _("修改账号")
    PASSWORD_RESET = "account.password_reset", _("管理员重置密码")
    PASSWORD_CHANGED = "account.password_changed", _("本人修改密码")
    OTP_ENROLLED = "account.otp_enrolled", _("绑定动态口令")
    OTP_REMOVED = "account.otp_removed", _("解绑动态口令")
    ACCOUNT_UNLOCKED = "account.unlocked", _("解除登录锁定")


def label_for(event_type: str) -> str:
    try:
        return str(EventType(event_type).label)
    except ValueError:
        return event_type


# ---------------------------------------------------------------------------
# Who sees which event in a proposal's history (办理记录). The policy decides per person;
# this table says, per event type, which kinds of viewer it is meant for.
# ---------------------------------------------------------------------------


class Viewer(models.TextChoices):
    """How a person stands to a proposal when they read its history."""

    PROPOSER = "proposer", _("提案者")
    LEAD_UNIT = "lead_unit", _("主办单位")
    CO_UNIT = "co_unit", _("协办单位")
    LEADER = "leader", _("领办督办领导")
    STAFF = "staff", _("提案委、政府办督查室")


@dataclass(frozen=True)
class Audience:
    """Who sees an event (`sees`) and who sees its message (`message`); staff see both when
    `staff` (audit-only events show in no history). With `own_unit`, a unit sees the event
    only when it concerns that unit; co-units only ever see what concerns their own part."""

    sees: frozenset[str]
    message: frozenset[str]
    own_unit: bool = False
    staff: bool = True


P, L, C, K = Viewer.PROPOSER, Viewer.LEAD_UNIT, Viewer.CO_UNIT, Viewer.LEADER
EVERYONE = frozenset({P, L, C, K})
HANDLERS = frozenset({L, C, K})


def _to(sees: Iterable[str], message: Iterable[str] | None = None, **kw: bool) -> Audience:
    sees = frozenset(sees)
    return Audience(sees, sees if message is None else frozenset(message), **kw)


STAFF_ONLY = _to(())
AUDIT_ONLY = Audience(frozenset(), frozenset(), staff=False)

AUDIENCES: dict[str, Audience] = {
    # Intake: the proposer's own steps and the committee's decisions are milestones for all.
    EventType.PROPOSAL_CREATED: _to(EVERYONE),
    EventType.PROPOSAL_UPDATED: _to(EVERYONE),
    EventType.PROPOSAL_SUBMITTED: _to(EVERYONE),
    EventType.COSIGN_INVITED: _to({P}),
    EventType.COSIGN_CONFIRMED: _to({P}),
    EventType.COSIGN_DECLINED: _to({P}),
    EventType.PROPOSAL_FILED: _to(EVERYONE),
    EventType.PROPOSAL_MERGED: _to(EVERYONE),
    EventType.MERGED_INTO: _to(EVERYONE),
    # A rejection's reason is the proposer's to read (DESIGN §3).
    EventType.PROPOSAL_REJECTED: _to(EVERYONE),
    EventType.PROPOSAL_CONVERTED: _to(EVERYONE),
    EventType.UNITS_PROPOSED: STAFF_ONLY,
    # Handling
    EventType.PROPOSAL_ASSIGNED: _to(EVERYONE),
    EventType.OBJECTION_FILED: _to({L, C}, own_unit=True),
    EventType.OBJECTION_DECIDED: _to({L, C}, own_unit=True),
    EventType.ASSIGNMENT_ACCEPTED: _to(EVERYONE),
    EventType.CONTACT_LOGGED: _to({P, L, C, K}),
    EventType.CO_OPINION_SUBMITTED: _to(HANDLERS),
    EventType.REPLY_SAVED: _to({L, K}, own_unit=True),
    EventType.REPLY_SIGNED: _to({L, K}, own_unit=True),
    EventType.REPLY_LETTER_ATTACHED: _to({L, K}, own_unit=True),
    EventType.REPLY_SUBMITTED: _to({L, K}, own_unit=True),
    # The office's return comment goes to the unit that wrote the reply, nobody else.
    EventType.REPLY_RETURNED: _to({L}, own_unit=True),
    EventType.REPLY_ACCEPTED: _to(EVERYONE),
    # The proposer learns the new date, not the office's reason.
    EventType.DEADLINE_EXTENDED: _to(EVERYONE, HANDLERS),
    EventType.FEEDBACK_GIVEN: _to(EVERYONE),
    EventType.PROPOSAL_CLOSED: _to(EVERYONE),
    EventType.REHANDLING_STARTED: _to(EVERYONE),
    EventType.CLOSED_WITHOUT_VERDICT: _to(EVERYONE),
    EventType.ATTACHMENT_ADDED: _to(EVERYONE),
    EventType.LEDGER_IMPORTED: STAFF_ONLY,
    EventType.SESSION_CREATED: STAFF_ONLY,
    EventType.DEMO_LOADED: STAFF_ONLY,
    # Commitments: the progress bars are public to everyone who reads the proposal.
    EventType.PROGRESS_REPORTED: _to(EVERYONE),
    EventType.PROGRESS_IMPORTED: _to(EVERYONE),
    EventType.SUBSTEP_ADDED: _to(EVERYONE),
    # Supervision
    EventType.KEY_SELECTED: _to(EVERYONE),
    EventType.KEY_CHANGED: _to(EVERYONE),
    EventType.KEY_UNSELECTED: _to({L, K}),
    EventType.ACTIVITY_RECORDED: _to({P, L, K}),
    EventType.TRACKING_REPORTED: _to({P, L, K}),
    EventType.TRACKING_JUDGED: _to({P, L, K}),
    EventType.TRACKING_CLOSED: _to({P, L, K}),
    # Reminders name the unit's clerks; notices (督办单) and their answers stay with the unit.
    EventType.REMINDER_SENT: _to({L, C}, own_unit=True),
    EventType.NOTICE_ISSUED: _to({L, C}, own_unit=True),
    EventType.NOTICE_ACKNOWLEDGED: _to({L, C}, own_unit=True),
    # The office's own work: quality scores, the evaluation scheme, the annual report.
    EventType.EVALUATION_SCHEME_UPDATED: STAFF_ONLY,
    EventType.REPLY_QUALITY_REVIEWED: STAFF_ONLY,
    EventType.REPORT_TEXT_EDITED: STAFF_ONLY,
    EventType.REPORT_EXAMPLE_SET: STAFF_ONLY,
    EventType.REPORT_EXAMPLE_UNSET: STAFF_ONLY,
    EventType.REPORT_RENDER_REQUESTED: STAFF_ONLY,
    # Access and administration: the audit admin's log only.
    EventType.LOGIN: AUDIT_ONLY,
    EventType.LOGIN_FAILED: AUDIT_ONLY,
    EventType.LOGOUT: AUDIT_ONLY,
    EventType.LOCKED_OUT: AUDIT_ONLY,
    EventType.LEDGER_EXPORTED: AUDIT_ONLY,
    EventType.EVALUATION_EXPORTED: AUDIT_ONLY,
    EventType.REPORT_DOWNLOADED: AUDIT_ONLY,
    EventType.PROPOSAL_LIST_EXPORTED: AUDIT_ONLY,
    EventType.AUDIT_LOG_EXPORTED: AUDIT_ONLY,
    EventType.FILE_DOWNLOADED: AUDIT_ONLY,
    EventType.CONFIG_CHANGED: AUDIT_ONLY,
    EventType.CONFIG_DELETED: AUDIT_ONLY,
    EventType.BACKUP_MADE: AUDIT_ONLY,
    EventType.RESTORE_DONE: AUDIT_ONLY,
    # Ledger imports change proposals on the staff's side; the history names the file and row.
    EventType.LEDGER_PROPOSAL_CREATED: STAFF_ONLY,
    EventType.LEDGER_PROPOSAL_UPDATED: STAFF_ONLY,
    # Joining the year's cross-year list is a milestone for everyone following the proposal.
    EventType.TRACKING_JOINED: _to({P, L, K}),
    # Accounts and roles: the audit admin's log only.
    EventType.ROLE_GRANTED: AUDIT_ONLY,
    EventType.ROLE_REVOKED: AUDIT_ONLY,
    EventType.ACCOUNT_CREATED: AUDIT_ONLY,
    EventType.ACCOUNT_CHANGED: AUDIT_ONLY,
    EventType.PASSWORD_RESET: AUDIT_ONLY,
    EventType.PASSWORD_CHANGED: AUDIT_ONLY,
    EventType.OTP_ENROLLED: AUDIT_ONLY,
    EventType.OTP_REMOVED: AUDIT_ONLY,
    EventType.ACCOUNT_UNLOCKED: AUDIT_ONLY,
}

# A deployment's own workflow steps are milestones; what they say stays with staff.
_OTHER_TRANSITION = _to(EVERYONE, ())


def audience_for(event_type: str) -> Audience:
    """The audience of an event type; unknown types are for staff (transitions: for all)."""
    if event_type in AUDIENCES:
        return AUDIENCES[event_type]
    if event_type.startswith("transition."):
        return _OTHER_TRANSITION
    return STAFF_ONLY
