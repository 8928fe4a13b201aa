"""The directory (名录): bodies, terms and sessions, proposers, handling units, leaders, people."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tian.directory.unit_types import UNIT_TYPE_CHOICES


class Body(models.Model):
    """A body whose members submit: a CPPCC committee (政协) or a people's congress (人大)."""

    class Kind(models.TextChoices):
        CPPCC = "cppcc", _("政协")
        NPC = "npc", _("人大")

    name = models.CharField(_("简称"), max_length=60, unique=True)
    full_name = models.CharField(_("全称"), max_length=120, blank=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.CPPCC)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def item_noun(self) -> str:
        """提案 for a CPPCC committee, 建议 for a people's congress."""
        return "提案" if self.kind == self.Kind.CPPCC else "建议"

    @property
    def member_noun(self) -> str:
        return "委员" if self.kind == self.Kind.CPPCC else "代表"


class Term(models.Model):
    """A term of a body (届), e.g. 第五届."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="terms")
    name = models.CharField(_("届次"), max_length=30)
    ordinal = models.PositiveSmallIntegerField(_("序号"), default=1)

    class Meta:
        verbose_name = _("届")
        verbose_name_plural = _("届")
        ordering = ["body", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["body", "name"], name="term_unique_name")]

    def __str__(self) -> str:
        return f"{self.body}{self.name}"


class Session(models.Model):
    """A session (次会议) of a term: proposals are numbered afresh in each one."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="sessions")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions")
    name = models.CharField(_("会议名称"), max_length=60)
    slug = models.SlugField(_("代号"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    opened_on = models.DateField(_("开幕日期"), null=True, blank=True)
    is_open_for_submission = models.BooleanField(_("接受提交"), default=True)
    cosign_days = models.PositiveSmallIntegerField(
        _("联名确认期限(天)"), default=5, help_text=_("被邀请联名的委员在此天数内确认。")
    )

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-year", "body"]

    def __str__(self) -> str:
        return f"{self.body.name}{self.name}"


class Unit(models.Model):
    """A handling unit (承办单位): a government department, township or other organisation."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("政府部门")
        PARTY = "party", _("党委部门")
        TOWNSHIP = "township", _("镇(街道)")
        OTHER = "other", _("其他单位")

    name = models.CharField(_("名称"), max_length=80, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    # The kind of department (承办单位类型) a routing suggestion names; blank: none fits.
    department_type = models.CharField(
        _("承办单位类型"),
        max_length=20,
        choices=UNIT_TYPE_CHOICES,
        blank=True,
        help_text=_("部门类别,用于分组选择承办单位和交办建议;没有合适的类别可不填。"),
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def all_names(self) -> list[str]:
        return [n for n in [self.name, self.short_name, *self.aliases] if n]


class Proposer(models.Model):
    """Whoever submits: an individual member (委员/代表) or a collective (党派团体、专委会 …)."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("委员/代表")
        COLLECTIVE = "collective", _("集体")

    class CollectiveKind(models.TextChoices):
        PARTY = "party", _("民主党派")
        GROUP = "group", _("人民团体")
        SPECIAL_COMMITTEE = "special_committee", _("专门委员会")
        SECTOR = "sector", _("界别")
        TOWNSHIP_COMMITTEE = "township_committee", _("镇(街道)工委")
        DELEGATION = "delegation", _("代表团")
        OTHER = "other", _("其他")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="proposers")
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices, default=Kind.MEMBER)
    name = models.CharField(_("名称"), max_length=60)
    full_name = models.CharField(_("全称"), max_length=120, blank=True)
    collective_kind = models.CharField(
        _("集体类型"), max_length=20, choices=CollectiveKind.choices, blank=True
    )
    sector = models.CharField(_("界别"), max_length=40, blank=True)
    party = models.CharField(_("党派"), max_length=40, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_illustrative = models.BooleanField(
        _("示例数据"), default=False, help_text=_("演示数据中为补足统计而虚构的记录。")
    )

    class Meta:
        verbose_name = _("提案者")
        verbose_name_plural = _("提案者")
        ordering = ["kind", "name"]
        # Members may share a name (two 王伟; see directory/namesakes.py); collectives may not.
        constraints = [
            models.UniqueConstraint(
                fields=["body", "name"],
                condition=models.Q(kind="collective"),
                name="collective_unique_name",
            )
        ]
        indexes = [models.Index(fields=["body", "name"], name="proposer_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_collective(self) -> bool:
        return self.kind == self.Kind.COLLECTIVE


class MemberManager(models.Manager["Member"]):
    def get_queryset(self) -> models.QuerySet[Member]:
        return super().get_queryset().filter(kind=Proposer.Kind.MEMBER)


class CollectiveManager(models.Manager["Collective"]):
    def get_queryset(self) -> models.QuerySet[Collective]:
        return super().get_queryset().filter(kind=Proposer.Kind.COLLECTIVE)


class Member(Proposer):
    """A member of the body (委员 or 代表)."""

    objects = MemberManager()

    class Meta:
        proxy = True
        verbose_name = _("委员/代表")
        verbose_name_plural = _("委员/代表")

    def save(self, *args, **kwargs) -> None:
        self.kind = Proposer.Kind.MEMBER
        super().save(*args, **kwargs)


class Collective(Proposer):
    """A proposing organisation: a party, a special committee, a sector, a township committee."""

    objects = CollectiveManager()

    class Meta:
        proxy = True
        verbose_name = _("集体提案者")
        verbose_name_plural = _("集体提案者")

    def save(self, *args, **kwargs) -> None:
        self.kind = Proposer.Kind.COLLECTIVE
        super().save(*args, **kwargs)


class Leader(models.Model):
    """A leader who leads (领办) or supervises (督办) key proposals."""

    class Organisation(models.TextChoices):
        GOVERNMENT = "gov", _("政府")
        CPPCC = "cppcc", _("政协")
        NPC = "npc", _("人大")
        PARTY = "party", _("党委")

    name = models.CharField(_("姓名"), max_length=40, unique=True)
    title = models.CharField(_("职务"), max_length=60, blank=True)
    organisation = models.CharField(
        _("所在机关"), max_length=10, choices=Organisation.choices, default=Organisation.GOVERNMENT
    )
    is_illustrative = models.BooleanField(_("示例数据"), default=False)

    class Meta:
        verbose_name = _("领导")
        verbose_name_plural = _("领导")
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return f"{self.title}{self.name}" if self.title else self.name


class Role(models.TextChoices):
    """The roles of DESIGN §4. The public has no account and no role."""

    CPPCC_STAFF = "cppcc_staff", _("提案委工作人员")
    GOV_OFFICE = "gov_office", _("政府办督查室")
    UNIT_STAFF = "unit_staff", _("承办单位联络员")
    UNIT_LEADER = "unit_leader", _("承办单位负责人")
    MEMBER = "member", _("委员/代表")
    LEADER = "leader", _("领办督办领导")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("安全审计员")


UNIT_ROLES = frozenset({Role.UNIT_STAFF, Role.UNIT_LEADER})
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})


class User(AbstractUser):
    """A person who logs in (用户). What they may do comes from their role assignments."""

    display_name = models.CharField(_("姓名"), max_length=40, blank=True)
    phone = models.CharField(_("手机"), max_length=30, blank=True)
    # How a person is told, beside the inbox (消息), which always gets every message.
    notify_by_sms = models.BooleanField(_("短信通知"), default=True)
    notify_by_email = models.BooleanField(_("邮件通知"), default=True)
    proposer = models.ForeignKey(
        Proposer,
        verbose_name=_("对应提案者"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accounts",
        help_text=_("委员本人或集体提案者的联系人账号。"),
    )
    leader = models.OneToOneField(
        Leader,
        verbose_name=_("对应领导"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
    )
    is_demo_account = models.BooleanField(
        _("演示账号"), default=False, help_text=_("由演示数据创建;不强制改密码,不计密码有效期。")
    )
    must_change_password = models.BooleanField(
        _("下次登录须修改密码"),
        default=False,
        help_text=_("管理员设置的密码须由本人在下次登录时修改。"),
    )
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.role_assignments.values_list("role", flat=True))

    @cached_property
    def unit_ids(self) -> frozenset[int]:
        return frozenset(
            self.role_assignments.filter(role__in=UNIT_ROLES).values_list("unit_id", flat=True)
        )

    def role_units(self, role: str) -> frozenset[int]:
        """Units in which the user holds `role` (a unit leader signs only for their own unit)."""
        return frozenset(
            a.unit_id for a in self._role_rows if a.role == role and a.unit_id is not None
        )

    @cached_property
    def _role_rows(self) -> list[RoleAssignment]:
        return list(self.role_assignments.all())

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def holds_admin_role(self) -> bool:
        """One of the admin trio (三员): the system, security or audit admin."""
        return self.has_role(*ADMIN_ROLES)


class RoleAssignment(models.Model):
    """A role held by a user; unit roles name the unit (单位成员)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所在单位"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )

    class Meta:
        verbose_name = _("角色分配")
        verbose_name_plural = _("角色分配")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_unique"),
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(UNIT_ROLES)) | models.Q(unit__isnull=False),
                name="unit_role_has_unit",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        return f"{label}({self.unit})" if self.unit_id else str(label)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # 三员分立 holds whoever writes the row: the admin, an action, a command or the demo.
        conflict = role_conflict(self.user, self.role, exclude=self.pk)
        if conflict:
            raise ValidationError(conflict)
        super().save(*args, **kwargs)


def role_conflict(user: User, role: str, *, exclude: int | None = None) -> str:
    """Why `user` may not hold `role` beside the roles they have (三员分立), or ''."""
    held = set(
        RoleAssignment.objects.filter(user=user).exclude(pk=exclude).values_list("role", flat=True)
    )
    others = held - {role}
    if role in ADMIN_ROLES and others:
        if others & ADMIN_ROLES:
            return str(_("一个账号只能担任一个管理员角色(三员分立)。"))
        return str(_("管理员角色不能与业务角色由同一账号担任。"))
    if role not in ADMIN_ROLES and held & ADMIN_ROLES:
        return str(_("管理员账号不能担任业务角色。"))
    return ""


class PasswordHistory(models.Model):
    """A password a user has had (as its hash), so that it is not used again soon (密码历史)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("密码摘要"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("密码历史")
        verbose_name_plural = _("密码历史")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user}({self.created_at:%Y-%m-%d})"
