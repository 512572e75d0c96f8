"""What the benchmarks that run in-process share: a database of their own and production settings."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))


def interpreter() -> str:
    """Which Python runs the benchmark: its build decides much of a page's CPU time (``bench/optimized_python.sh``).

    Configure's PGO and LTO options are named when present; a distribution may build with them through its own
    build rules, which this cannot see."""
    import platform
    import sysconfig

    arguments = sysconfig.get_config_var("CONFIG_ARGS") or ""
    optimised = "--enable-optimizations" in arguments and "--with-lto" in arguments
    return f"Python {platform.python_version()} from {sys.base_prefix}" + (" (PGO + LTO)" if optimised else "")


def configure(database: str) -> None:
    """Set up Django with production settings (``DEBUG=0``, plain HTTP) on a benchmark database.

    The database is ``BENCH_DATABASE_URL`` when set, else ``database`` on the embedded PostgreSQL server, so that
    a benchmark never touches the development data.
    """
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        from wijkwijzer.database import embedded_database_url

        data_dir = Path(os.environ.get("EMBEDDED_PG_DIR", BASE_DIR / "var" / "postgres"))
        os.environ["DATABASE_URL"] = embedded_database_url(data_dir, database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwijzer.settings")
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: static files are not collected
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["HTTPS"] = "0"
    import django

    django.setup()


def configure_pages(database: str) -> None:
    """``configure(database)`` for benchmarks that request pages in-process: every request renders its page (the
    page cache off), and static files are not collected (plain storage, no manifest)."""
    os.environ["PAGE_CACHE_ENABLED"] = "0"
    configure(database)
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
