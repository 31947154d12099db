import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files that only staff may read: no URL, owner-only permissions on disk.

    The folder is read from settings on every use, so it follows PRIVATE_STORAGE_ROOT
    when tests or deployments change it.
    """

    def __init__(self):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self):
        return Path(settings.PRIVATE_STORAGE_ROOT)

    @property
    def location(self):
        return str(self.base_location.resolve())

    def url(self, name):
        raise ValueError("Private files have no public URL; use the staff download view.")


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


def random_file_name(instance, filename):
    """A name nobody can guess or take from the sender; the extension comes from the content."""
    extension = f".{instance.file_type}" if instance.file_type else ""
    return f"{secrets.token_hex(16)}{extension}"
