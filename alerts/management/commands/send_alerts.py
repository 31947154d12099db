from django.core.management.base import BaseCommand

from alerts import sending
from alerts.models import Frequency


class Command(BaseCommand):
    help = (
        "Does at once what the background worker does on its schedule: sends the instant "
        "or weekly alerts that are due, or forgets unconfirmed subscriptions. For running "
        "by hand or from cron where no worker runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "job",
            choices=[Frequency.INSTANT, Frequency.WEEKLY, "forget-unconfirmed"],
            help="instant or weekly alerts, or forget-unconfirmed.",
        )

    def handle(self, *args, job, **options):
        def progress(line):
            self.stdout.write(line)

        if job == "forget-unconfirmed":
            sending.forget_unconfirmed(progress=progress)
        else:
            sending.send_alerts(job, progress=progress)
