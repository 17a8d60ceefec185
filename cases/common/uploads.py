"""Checks for uploaded files: size, and type by content, not only by name."""

from __future__ import annotations

import filetype
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FILES = 10

# What the content must be, and the names it may have.
ALLOWED = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "text/plain": {".txt"},
}
ALLOWED_DESCRIPTION = gettext_lazy(
    "PDF, Word (.docx), OpenDocument (.odt), plain text, JPEG or PNG"
)


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _is_text(upload) -> bool:
    """Plain text: UTF-8 all the way through, with no NUL bytes."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_upload(upload) -> str:
    """Return the file's real content type, or raise ValidationError saying what is wrong."""
    name = upload.name or "file"
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty") % {"name": name})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("%(name)s must be smaller than 10MB") % {"name": name})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    content_type = kind.mime if kind else ("text/plain" if _is_text(upload) else "")
    if content_type not in ALLOWED:
        raise ValidationError(
            _("%(name)s must be a %(types)s file") % {"name": name, "types": ALLOWED_DESCRIPTION}
        )
    if _suffix(name) not in ALLOWED[content_type]:
        if not _suffix(name):
            raise ValidationError(
                _("%(name)s does not match its contents: its name says nothing") % {"name": name}
            )
        raise ValidationError(
            _("%(name)s does not match its contents: its name says %(suffix)s")
            % {"name": name, "suffix": _suffix(name)}
        )
    return content_type


DISPLAY_LENGTH = 120


def safe_display_name(name: str) -> str:
    """The uploader's file name, for showing only: no path, no control characters, and a
    long name shortened before its extension, so its type still shows ("a-very-lo….pdf").
    The check (`check_upload`) always reads the whole name; files are stored under names
    of our own."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "file"
    if len(name) <= DISPLAY_LENGTH:
        return name
    suffix = _suffix(name)[:16]
    return Truncator(name[: len(name) - len(suffix)]).chars(DISPLAY_LENGTH - len(suffix)) + suffix
