"""E-mails the service sends, written from templates and sent after the change commits; each
is kept in the recipients' notifications list too."""

from django.conf import settings
from django.template.loader import render_to_string

from workflows import jobs, navigation


def notify(*, to: list[str], template: str, context: dict) -> None:
    """Queue an e-mail to go once the current transaction commits.

    `template` names a pair: `emails/<template>_subject.txt` and `emails/<template>.txt`.
    """
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    context = {**context, "service_name": settings.SERVICE_NAME, "site_url": settings.SITE_URL}
    subject = " ".join(
        render_to_string(f"emails/{template}_subject.txt", context, using="text").split()
    )
    body = render_to_string(f"emails/{template}.txt", context, using="text")
    keep_for_users(recipients, subject=subject, body=body)
    jobs.email(to=recipients, subject=subject, body=body)


def keep_for_users(addresses: list[str], *, subject: str, body: str) -> None:
    """Keep the message in the notifications list of every user it is sent to, in the same
    transaction as the change that caused it."""
    from django.contrib.auth import get_user_model

    from workflows.models import Notification

    users = list(get_user_model().objects.filter(email__in=addresses, is_active=True))
    Notification.objects.bulk_create(
        Notification(user=user, subject=subject, body=body) for user in users
    )
    navigation.forget(*(user.pk for user in users))  # bulk_create sends no post_save
