from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register


def _inside(path, folder):
    if not folder:
        return False
    path, folder = Path(path).resolve(), Path(folder).resolve()
    return path == folder or folder in path.parents


@register(Tags.security)
def private_storage_is_not_public(app_configs, **kwargs):
    public_folders = [settings.MEDIA_ROOT, settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    for folder in public_folders:
        if _inside(settings.PRIVATE_STORAGE_ROOT, folder):
            return [
                Error(
                    f"PRIVATE_STORAGE_ROOT ({settings.PRIVATE_STORAGE_ROOT}) is inside the "
                    f"public folder {folder}.",
                    hint="Files sent with submissions must live outside static and media.",
                    id="submissions.E001",
                )
            ]
    return []
