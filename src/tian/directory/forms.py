"""Forms a person fills in about themselves (个人设置)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms

from tian.directory.models import User

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-\d{7,8}")


def clean_phone(value: str) -> str:
    """A mainland mobile (13912345678) or a landline with its area code (0371-63301234);
    full-width digits, spaces and a leading +86 are tidied away."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    value = re.sub(r"[\s()()]", "", value).removeprefix("+86")
    if not value:
        return ""
    digits = value.replace("-", "")
    if _MOBILE.fullmatch(digits):
        return digits
    if _LANDLINE.fullmatch(value):
        return value
    raise forms.ValidationError(
        "请填写11位手机号码,或带区号的固定电话(如 0371-63301234)。", code="phone"
    )


class SettingsForm(forms.ModelForm):
    """Contact details and channels: the inbox always gets every message; SMS and e-mail
    follow when ticked and a number or address is given."""

    class Meta:
        model = User
        fields = ("phone", "email", "notify_by_sms", "notify_by_email")
        labels = {"email": "电子邮箱", "phone": "手机号码"}
        help_texts = {
            "phone": "接收短信通知;单位联络员的号码也会显示给督查室。",
            "notify_by_sms": "待办、催办和督办消息同时发短信。",
            "notify_by_email": "消息同时发到电子邮箱,邮件中附有链接。",
        }

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("notify_by_sms") and not data.get("phone"):
            self.add_error("phone", "要接收短信通知,请填写手机号码;不需要短信请取消勾选。")
        if data.get("notify_by_email") and not data.get("email"):
            self.add_error("email", "要接收邮件通知,请填写电子邮箱;不需要邮件请取消勾选。")
        return data
