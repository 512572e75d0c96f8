"""``manage.py resume_newsletters``: after a worker stopped, settle what it left behind and send the rest.

``make worker`` runs this before ``db_worker``, so restarting the worker resumes an interrupted edition.
Mails that were in flight when a worker died are marked ‘uncertain’ for an editor; they are not sent again.
"""

from django.core.management.base import BaseCommand

from newsletter.services import editions_resume


class Command(BaseCommand):
    help = "Hervat de verzending van edities die nog niet af zijn."

    def handle(self, *args, **options) -> None:
        count = editions_resume()
        self.stdout.write(f"{count} editie(s) hervat." if count else "Geen onderbroken verzending.")
