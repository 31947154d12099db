import logging

from django.core.management.base import BaseCommand, CommandError

from curation.digest import all_new_work, curators, send_digest

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Email each curator one digest of new work (new submissions, drafts sent for review) "
        "they have not been told about, except those who turned it off on their desk. Sends "
        "nothing when nothing is new; run it on a schedule."
    )

    def handle(self, *args, **options):
        work = all_new_work()
        self.stdout.write(f"Work waiting: {len(work)} item(s).")
        sent, failed = 0, []
        for curator in curators():
            name = curator.get_username()
            try:
                count = send_digest(curator, work)
            except OSError:
                # Nothing is recorded as sent, so the next run tries again.
                logger.exception("Could not send the curators' digest to %s", name)
                failed.append(name)
                self.stdout.write(f"  {name}: could not send; the next run tries again.")
                continue
            if count:
                sent += 1
                self.stdout.write(f"  {name}: sent, {count} new item(s).")
            else:
                self.stdout.write(f"  {name}: nothing new, no email.")
        self.stdout.write(self.style.SUCCESS(f"Digests sent: {sent}."))
        if failed:
            raise CommandError(f"Could not send the digest to {', '.join(failed)}.")
