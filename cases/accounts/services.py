"""Making, checking and revoking personal API tokens."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.accounts.models import ApiToken, token_hash
from cases.common.text import plain
from cases.register.services import audit_record

PREFIX = "cc_"
MAX_ACTIVE = 10
LIFETIMES = {30: gettext_lazy("30 days"), 90: gettext_lazy("90 days"), 365: gettext_lazy("1 year")}
# A token's last use is written at most this often, so reads stay reads.
TOUCH_EVERY = datetime.timedelta(minutes=5)


def token_create(*, user, name: str, days: int) -> tuple[ApiToken, str]:
    """Make a token for `user`. Returns the record and the token itself, which is never
    stored and cannot be shown again."""
    name = plain(name, field="name")
    if not name:
        raise ValidationError({"name": _("Enter what the token is for")})
    if days not in LIFETIMES:
        raise ValidationError({"days": _("Choose how long the token lasts")})
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(
            user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        if len(active) >= MAX_ACTIVE:
            raise ValidationError(
                _("You have %(count)s tokens in use. Revoke one you no longer need first.")
                % {"count": MAX_ACTIVE}
            )
        key = PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            key_hash=token_hash(key),
            prefix=key[:10],
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        audit_record(actor=user, action="api_token.create", obj=token)
    return token, key


def token_revoke(*, token: ApiToken, by) -> ApiToken:
    if token.user_id != by.pk:
        raise ValidationError(_("You can only revoke your own tokens."))
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            audit_record(actor=by, action="api_token.revoke", obj=token)
    token.refresh_from_db()
    return token


def token_user(key: str):
    """The active user a token belongs to, or None."""
    if not key or not key.startswith(PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
