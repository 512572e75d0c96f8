import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwijzer.settings")
application = get_wsgi_application()


def _settle() -> None:
    """Load what every request needs and keep it out of the garbage collector's way.

    The URL configuration is imported and its lookup tables built (else the first request would), start-up's
    garbage is collected, and everything left (modules, settings, the apps' registry, URL patterns) is moved out of
    the collector's generations: it lives as long as the process, and a full collection during a request no longer
    walks it. Measured with bench/load.py: uncached pages 4–11 % more per second.
    """
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 (a property that builds the tables)
    gc.collect()
    gc.freeze()


_settle()
