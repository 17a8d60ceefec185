"""Private file storage: uploads and letters, never under the static or public URL."""

from django.core.files.storage import FileSystemStorage


def private_storage():
    """Files under MEDIA_ROOT, which no URL serves: a file is only reached through a view
    that checks permission. FileSystemStorage reads MEDIA_ROOT when it is used, so a
    deployment (or a test) can move it."""
    return FileSystemStorage()
