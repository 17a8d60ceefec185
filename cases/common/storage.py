"""Private file storage: uploads and letters, never under the static or public URL."""

import secrets
from pathlib import Path

from django.core.files.storage import FileSystemStorage


def private_storage():
    """Files under MEDIA_ROOT, which no URL serves: a file is only reached through a view
    that checks permission. FileSystemStorage reads MEDIA_ROOT when it is used, so a
    deployment (or a test) can move it."""
    return FileSystemStorage()


class RandomNameStorage(FileSystemStorage):
    """Private storage that keeps every file under a random name of our own (with the
    uploader's extension), never the uploader's name: no clash, no overlong or odd name
    reaches the file system. The uploader's name is kept elsewhere, for showing."""

    def get_available_name(self, name, max_length=None):
        directory, _, base = name.replace("\\", "/").rpartition("/")
        suffix = Path(base).suffix.lower()
        suffix = suffix if len(suffix) <= 10 and suffix[1:].isalnum() else ""
        random_name = f"{secrets.token_hex(16)}{suffix}"
        return f"{directory}/{random_name}" if directory else random_name
