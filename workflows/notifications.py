"""E-mails the service sends, written from templates and sent after the change commits; each
is kept in the recipients' notifications list too.

An e-mail about a compact that works in Welsh and English is written in both, Welsh first
(Welsh Language Standards): the compact is found in the message's context, itself or as the
`compact` of a case there."""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from workflows import jobs, navigation, registry

# Between the Welsh and the English of one message; the same words in both languages.
BILINGUAL_NOTE = "English below. / Mae'r Saesneg isod."
BILINGUAL_RULE = "-" * 40
# What a subject may hold (Notification.subject, OutboundEmail.subject).
SUBJECT_LENGTH = 300


def _fit(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


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


def in_languages(languages: Iterable[str], write) -> tuple[str, str]:
    """(subject, body) written by `write()` in each language, in order: for more than one, the
    subjects joined by " / " and the bodies one after the other."""
    written = []
    for language in languages:
        with translation.override(language):
            written.append(write())
    if len(written) == 1:
        subject, body = written[0]
        return _fit(subject, SUBJECT_LENGTH), body
    # Each language's subject in its share of the room, so both show.
    share = (SUBJECT_LENGTH - len(" / ") * (len(written) - 1)) // len(written)
    subject = " / ".join(_fit(subject, share) for subject, _body in written)
    body = f"\n\n{BILINGUAL_RULE}\n\n".join(body.strip() for _subject, body in written)
    return subject, f"{BILINGUAL_NOTE}\n\n{body}\n"


def _compact_in(context: dict):
    """The compact a message is about: its languages when the compact is at hand (in the
    context, or already read with a case there), else its id, else None."""
    for value in context.values():
        if hasattr(value, "mail_languages"):
            return value.mail_languages
    for value in context.values():
        compact_id = getattr(value, "compact_id", None)
        if compact_id is not None:
            cached = getattr(getattr(value, "_state", None), "fields_cache", {}).get("compact")
            return cached.mail_languages if hasattr(cached, "mail_languages") else compact_id
    return None


def languages_of(context: dict, known: dict | None = None) -> tuple[str, ...]:
    """The languages of a message: those given it (`mail_languages`, for a message about
    more than one compact, or none), else those of the compact it is about (`known`:
    compact id -> languages, read beforehand for many messages at once), else the site's."""
    if context.get("mail_languages"):
        return tuple(context["mail_languages"])
    found = _compact_in(context)
    if isinstance(found, tuple):
        return found
    if found is not None:
        if known is None or found not in known:
            known = registry.mail_languages([found])
        return known.get(found, (settings.LANGUAGE_CODE,))
    return (settings.LANGUAGE_CODE,)


def _compact_ids(messages: list[Message]) -> set[int]:
    return {found for message in messages if isinstance(found := _compact_in(message.context), int)}


def notify_all(messages: Iterable[Message]) -> int:
    """Queue many e-mails at once (the timer sweep's reminders): each is written from its
    templates, kept in its recipients' notifications and queued to go after the commit,
    in a few queries whatever their number. Returns how many were queued."""
    messages = [message for message in messages if any(message.to)]
    known = registry.mail_languages(_compact_ids(messages))  # one query for them all
    written = []
    for message in messages:
        recipients = sorted({address for address in message.to if address})
        context = {
            **message.context,
            "service_name": settings.SERVICE_NAME,
            "site_url": settings.SITE_URL,
        }
        name = f"emails/{message.template}"

        def write(name=name, context=context):
            subject = render_to_string(f"{name}_subject.txt", context, using="text")
            return " ".join(subject.split()), render_to_string(f"{name}.txt", context, using="text")

        subject, body = in_languages(languages_of(context, known), write)
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
