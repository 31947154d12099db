"""Create or update the Editor and Curator groups from interventions/roles.py, idempotently.

Each group ends up with exactly the permissions listed. A permission someone granted to a group
by hand is taken away, but never silently: each is named with the members who lose it, and
`--keep-extra` keeps them, `--check` only reports. Permissions given to a user directly are
never touched.
"""

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


def held_permissions(group):
    return {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in group.permissions.select_related("content_type")
    }


class Command(BaseCommand):
    help = (
        "Create or update the Editor and Curator groups with exactly the permissions listed in "
        "interventions/roles.py. Safe to run repeatedly. Reports every permission it removes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report what would change; change nothing. Fails if anything would.",
        )
        parser.add_argument(
            "--keep-extra",
            action="store_true",
            help="Add what is missing but keep permissions given to the groups by hand.",
        )

    @transaction.atomic
    def handle(self, *args, check=False, keep_extra=False, **options):
        changed = False
        for role in ROLES:
            changed |= self.set_up(role, check=check, keep_extra=keep_extra)

        if check:
            if changed:
                raise CommandError(
                    "The groups differ from interventions/roles.py; run `python manage.py "
                    "setup_roles` to set them up."
                )
            self.stdout.write(self.style.SUCCESS("No changes needed: every role is set up."))
        elif changed:
            self.stdout.write(self.style.SUCCESS("Roles are set up."))
        else:
            self.stdout.write(self.style.SUCCESS("No changes: every role was already set up."))

    def set_up(self, role, *, check, keep_extra):
        """Bring one group into line (or only report, with check); True if anything differs."""
        wanted = find_permissions(permission_names(role))
        group = Group.objects.filter(name=role).first()
        if group is None:
            if check:
                self.stdout.write(f"Group {role} does not exist; it would get {len(wanted)}.")
                return True
            group = Group.objects.create(name=role)
            group.permissions.add(*wanted.values())
            self.stdout.write(f"Created group {role} with {len(wanted)} permissions.")
            return True

        held = held_permissions(group)
        to_add = sorted(wanted.keys() - held.keys())
        extra = sorted(held.keys() - wanted.keys())
        to_remove = [] if keep_extra else extra
        if not check:
            group.permissions.add(*(wanted[name] for name in to_add))
            group.permissions.remove(*(held[name] for name in to_remove))

        if to_add or to_remove:
            self.stdout.write(f"{'Would update' if check else 'Updated'} group {role}:")
        elif not extra:
            self.stdout.write(f"Group {role} already has its {len(wanted)} permissions.")
        for name in to_add:
            self.stdout.write(f"  + {name}")
        for name in to_remove:
            self.stdout.write(f"  - {name}")
        if to_remove:
            self.warn_removed(group, [held[name] for name in to_remove], check=check)
        if keep_extra and extra:
            self.stdout.write(
                f"Group {role} keeps {len(extra)} permission(s) not listed in "
                f"interventions/roles.py (--keep-extra): {', '.join(extra)}"
            )
        return bool(to_add or to_remove)

    def warn_removed(self, group, permissions, *, check):
        """Say loudly what members lose, why, and how to keep it next time."""
        members = sorted(group.user_set.values_list("username", flat=True))
        who = ", ".join(members) if members else "no members yet"
        verb = "would lose" if check else "lost"
        for permission in permissions:
            label = f"{permission.content_type.app_label}.{permission.codename}"
            self.stderr.write(
                self.style.WARNING(
                    f"WARNING: group {group.name} {verb} {label} (“{permission.name}”): it is "
                    f"not listed for {group.name} in interventions/roles.py, probably granted by "
                    f"hand. Members affected: {who}."
                )
            )
        self.stderr.write(
            self.style.WARNING(
                "To keep such a permission: list it in interventions/roles.py, give it to the "
                "people who need it as a user permission (setup_roles never touches those), or "
                "run setup_roles with --keep-extra."
            )
        )
