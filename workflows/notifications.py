"""E-mails the service sends, written from templates and sent after the change commits; each
is kept in the recipients' notifications list too."""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.template.loader import render_to_string

from workflows import jobs, navigation


class Message(NamedTuple):
    """One e-mail to write: to whom, from which pair of templates, with what context."""

    to: Iterable[str]
    template: str
    context: dict


def notify(*, to: Iterable[str], template: str, context: dict) -> None:
    """Queue an e-mail to go once the current transaction commits.

    `template` names a pair: `emails/<template>_subject.txt` and `emails/<template>.txt`.
    """
    notify_all([Message(to, template, context)])


def notify_all(messages: Iterable[Message]) -> int:
    """Queue many e-mails at once (the timer sweep's reminders): each is written from its
    templates, kept in its recipients' notifications and queued to go after the commit,
    in a few queries whatever their number. Returns how many were queued."""
    written = []
    for message in messages:
        recipients = sorted({address for address in message.to if address})
        if not recipients:
            continue
        context = {
            **message.context,
            "service_name": settings.SERVICE_NAME,
            "site_url": settings.SITE_URL,
        }
        name = f"emails/{message.template}"
        subject = " ".join(render_to_string(f"{name}_subject.txt", context, using="text").split())
        body = render_to_string(f"{name}.txt", context, using="text")
        written.append(jobs.Email(to=recipients, subject=subject, body=body))
    if written:
        keep_for_users(written)
        jobs.email_all(written)
    return len(written)


def keep_for_users(emails: list[jobs.Email]) -> None:
    """Keep each message in the notifications list of every user it is sent to, in the
    same transaction as the change that caused it."""
    from django.contrib.auth import get_user_model

    from workflows.models import Notification

    addresses = {address for email in emails for address in email.to}
    users = list(get_user_model().objects.filter(email__in=addresses, is_active=True))
    by_address = defaultdict(list)
    for user in users:
        by_address[user.email].append(user)
    Notification.objects.bulk_create(
        Notification(user=user, subject=email.subject, body=email.body)
        for email in emails
        for address in email.to
        for user in by_address[address]
    )
    navigation.forget(*(user.pk for user in users))  # bulk_create sends no post_save
