"""Create or update the Editor and Curator groups from interventions/roles.py, idempotently."""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from interventions.roles import ROLES, permission_names


def find_permissions(names):
    """Permission rows for 'app_label.codename' names; every name must exist."""
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _, codename in wanted}
        )
    }
    missing = sorted(f"{app}.{codename}" for app, codename in wanted - found.keys())
    if missing:
        raise CommandError(
            "These permissions do not exist; run `python manage.py migrate` first: "
            + ", ".join(missing)
        )
    return {f"{app}.{codename}": found[(app, codename)] for app, codename in wanted}


class Command(BaseCommand):
    help = "Create or update the Editor and Curator groups. Safe to run repeatedly."

    @transaction.atomic
    def handle(self, *args, **options):
        changed = False
        for role in ROLES:
            wanted = find_permissions(permission_names(role))
            group, created = Group.objects.get_or_create(name=role)
            held = {
                f"{permission.content_type.app_label}.{permission.codename}": permission
                for permission in group.permissions.select_related("content_type")
            }
            to_add = sorted(wanted.keys() - held.keys())
            to_remove = sorted(held.keys() - wanted.keys())
            group.permissions.add(*(wanted[name] for name in to_add))
            group.permissions.remove(*(held[name] for name in to_remove))

            if created:
                self.stdout.write(f"Created group {role} with {len(wanted)} permissions.")
            elif to_add or to_remove:
                self.stdout.write(f"Updated group {role}:")
            else:
                self.stdout.write(f"Group {role} already has its {len(wanted)} permissions.")
            if not created:
                for name in to_add:
                    self.stdout.write(f"  + {name}")
                for name in to_remove:
                    self.stdout.write(f"  - {name}")
            changed = changed or created or bool(to_add or to_remove)

        if changed:
            self.stdout.write(self.style.SUCCESS("Roles are set up."))
        else:
            self.stdout.write(self.style.SUCCESS("No changes: every role was already set up."))
