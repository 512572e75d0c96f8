"""Background tasks of the newsletter, run by the database-backed worker (``manage.py db_worker``)."""

from __future__ import annotations

from django.tasks import task

from newsletter import sending


@task
def send_edition(edition_id: int) -> dict:
    """Send the pending ledger rows of an edition (see ``newsletter.sending``); returns the counts."""
    result = sending.run(edition_id=edition_id)
    return {
        "sent": result.sent,
        "failed": result.failed,
        "skipped": result.skipped,
        "uncertain": result.recovered.uncertain,
    }
