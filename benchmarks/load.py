"""Load: N logged-in clients against the production stack and against the development server.

    .venv/bin/python benchmarks/load.py [--clients 50] [--seconds 120] [--database URL]

Creates its own PostgreSQL database (default forcegen_load on 127.0.0.1:5432; dropped first),
migrates it and loads the demo data, then, one after the other, starts on loopback
  - production: gunicorn (deploy/gunicorn.conf.py), collected static files, the task worker;
  - development: `manage.py runserver` (Django's threaded development server);
and runs the same mix against each for a bounded time: every client logs in as a demo user
(non-administrators: the load skips the second factor), finds the pages its lists link to, and
then, timed, loops over lists, detail pages,
the readiness board, rotations, plan runs, /readyz, API calls with a bearer token and a CSV
export. It prints requests/s, p50/p95/p99 per page and errors, and where the CPU went (server
processes, PostgreSQL backends of this database, this load generator) and how often a database
session waited on a lock. The generator shares the machine with the server: on a small machine
the figures are a floor.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

REPO = Path(__file__).resolve().parent.parent
USERS = [
    f"{org}-{role}"
    for org in ("vn", "la")
    for role in ("planner", "personnel", "training", "logistics", "viewer", "cooperation")
]
# (page name, weight): a planner's and a personnel officer's day, roughly.
MIX = [
    ("personnel list", 14),
    ("personnel search", 6),
    ("person page", 16),
    ("unit board", 10),
    ("unit page", 12),
    ("rotations", 8),
    ("rotation page", 6),
    ("plan runs", 4),
    ("deployments", 6),
    ("home", 6),
    ("readyz", 4),
    ("api personnel", 6),
    ("api person", 4),
    ("export csv", 2),
]


@dataclass
class Results:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock = threading.Lock()

    def add(self, page: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.timings[page].append(seconds)
            if not ok:
                self.errors[page] += 1


class Client:
    """One browser-like user: a keep-alive connection, a session cookie, a bearer token."""

    def __init__(self, port: int, username: str, password: str, token: str) -> None:
        self.port = port
        self.username = username
        self.password = password
        self.token = token
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        sent |= headers or {}
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, payload.decode("utf-8", "replace")

    def log_in(self) -> None:
        _status, page = self.request("GET", "/accounts/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = urlencode(
            {
                "csrfmiddlewaretoken": csrf.group(1) if csrf else "",
                "username": self.username,
                "password": self.password,
            }
        )
        status, _page = self.request(
            "POST",
            "/accounts/login/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1/"},
        )
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in (HTTP {status})")


def discover(client: Client, path: str, pattern: str) -> list[str]:
    _status, page = client.request("GET", path)
    return sorted(set(re.findall(pattern, page))) or [path]


def discover_api(client: Client, path: str) -> list[str]:
    """The API addresses of the records an API list gives (the token's first use is recorded
    here, before the clock starts)."""
    _status, body = client.request("GET", path, headers={"Authorization": f"Bearer {client.token}"})
    return [f"{path}{item['id']}/" for item in json.loads(body)["items"]] or [path]


def following(client: Client, path: str, pages: int) -> list[str]:
    """`path` and the pages its "next" links lead to (the personnel list pages by cursor)."""
    found = [path]
    while len(found) < pages:
        _status, page = client.request("GET", found[-1])
        after = re.search(r'href="\?([^"]*)" rel="next"', page)
        if after is None:
            break
        found.append(path.split("?")[0] + "?" + after.group(1).replace("&amp;", "&"))
    return found


def targets(client: Client) -> dict[str, list[str]]:
    """The pages each kind of request picks from, as this user sees them."""
    people = discover(client, "/personnel/", r'href="(/personnel/\d+/)"')
    return {
        "personnel list": following(client, "/personnel/", 3),
        "personnel search": ["/personnel/?q=Nguyen", "/personnel/?q=an", "/personnel/?q=Souk"],
        "person page": people,
        "unit board": ["/units/"],
        "unit page": discover(client, "/units/", r'href="(/units/\d+/)"'),
        "rotations": ["/deployments/rotations/"],
        "rotation page": discover(
            client, "/deployments/rotations/", r'href="(/deployments/rotations/\d+/)"'
        ),
        "plan runs": ["/planning/"],
        "deployments": ["/deployments/"],
        "home": ["/"],
        "readyz": ["/readyz"],
        "api personnel": ["/api/v1/personnel/", "/api/v1/personnel/?page=2"],
        "api person": discover_api(client, "/api/v1/personnel/"),
        "export csv": ["/personnel/export.csv"],
    }


def run_client(
    client: Client, pages: dict[str, list[str]], stop_at: float, results: Results, seed: int
) -> None:
    rng = random.Random(seed)
    names = [name for name, _weight in MIX]
    weights = [weight for _name, weight in MIX]
    while time.monotonic() < stop_at:
        name = rng.choices(names, weights)[0]
        path = rng.choice(pages[name])
        headers = {"Authorization": f"Bearer {client.token}"} if name.startswith("api") else None
        started = time.perf_counter()
        try:
            status, _body = client.request("GET", path, headers=headers)
            ok = status == 200
        except (OSError, http.client.HTTPException):
            ok = False
        results.add(name, time.perf_counter() - started, ok)


# --- Where the time goes -----------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / ticks
        except (OSError, IndexError):
            continue
    return total


def process_tree(root: int) -> list[int]:
    """The process and its descendants (gunicorn's workers), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
    tree = [root]
    for pid in tree:
        tree.extend(child for child, parent in parents.items() if parent == pid)
    return tree


class DatabaseSampler(threading.Thread):
    """Once a second: this database's backends, how many run and how many wait on a lock."""

    def __init__(self, url: str, name: str) -> None:
        super().__init__(daemon=True)
        import psycopg

        self.connection = psycopg.connect(url, autocommit=True)
        self.name = name
        self.samples = 0
        self.active = 0
        self.lock_waits = 0
        self.backends: set[int] = set()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(1.0):
            rows = self.connection.execute(
                "SELECT pid, state, wait_event_type FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.name],
            ).fetchall()
            self.samples += 1
            self.backends.update(pid for pid, _state, _wait in rows)
            self.active += sum(1 for _pid, state, _wait in rows if state == "active")
            self.lock_waits += sum(1 for _pid, _state, wait in rows if wait == "Lock")


# --- The stacks --------------------------------------------------------------------------------


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def wait_until_ready(port: int, process: subprocess.Popen[bytes]) -> None:
    for _ in range(120):
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped (exit {process.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the server on port {port} never became ready")


def start(stack: str, env: dict[str, str], port: int) -> list[subprocess.Popen[bytes]]:
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": REPO}
    if stack == "development":
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            **quiet,  # type: ignore[call-overload]
        )
        return [server]
    prod_env = env | {"FORCEGEN_BIND": f"127.0.0.1:{port}", "FORCEGEN_ACCESS_LOG": "/dev/null"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [gunicorn, "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
        env=prod_env,
        **quiet,  # type: ignore[call-overload]
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker"],
        env=prod_env,
        **quiet,  # type: ignore[call-overload]
    )
    return [server, worker]


def measure(
    stack: str, env: dict[str, str], port: int, args: argparse.Namespace, tokens: dict[str, str]
) -> None:
    processes = start(stack, env, port)
    try:
        wait_until_ready(port, processes[0])
        password = env.get("FORCEGEN_DEMO_PASSWORD", "peacekeeping")
        clients = [
            Client(port, USERS[i % len(USERS)], password, tokens[USERS[i % len(USERS)]])
            for i in range(args.clients)
        ]
        for client in clients:
            client.log_in()
        # Before the clock starts: what each user's pages link to (not part of the mix).
        pages = [targets(client) for client in clients]
        results = Results()
        sampler = DatabaseSampler(args.database, urlparse(args.database).path.lstrip("/"))
        server_pids = process_tree(processes[0].pid)
        cpu_before = cpu_seconds(server_pids), os.times()
        sampler.start()
        started = time.monotonic()
        stop_at = started + args.seconds
        threads = [
            threading.Thread(target=run_client, args=(c, pages[i], stop_at, results, i))
            for i, c in enumerate(clients)
        ]
        for thread in threads:
            thread.start()
        pg_before = None
        while any(t.is_alive() for t in threads):
            if pg_before is None and sampler.backends:
                pg_before = cpu_seconds(sorted(sampler.backends))
            time.sleep(1)
        elapsed = time.monotonic() - started
        sampler.done.set()
        server_cpu = cpu_seconds(server_pids) - cpu_before[0]
        after = os.times()
        generator_cpu = (after.user + after.system) - (cpu_before[1].user + cpu_before[1].system)
        database_cpu = cpu_seconds(sorted(sampler.backends)) - (pg_before or 0.0)
        report(stack, args, results, elapsed)
        cores = os.cpu_count() or 1
        samples = max(sampler.samples, 1)
        print(
            f"  CPU over {elapsed:.0f} s on {cores} cores: "
            f"server {server_cpu / elapsed:.2f} cores, PostgreSQL {database_cpu / elapsed:.2f}, "
            f"load generator {generator_cpu / elapsed:.2f}; database sessions active on average "
            f"{sampler.active / samples:.1f}, waiting on a lock {sampler.lock_waits / samples:.2f}"
        )
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def report(stack: str, args: argparse.Namespace, results: Results, elapsed: float) -> None:
    total = sum(len(v) for v in results.timings.values())
    errors = sum(results.errors.values())
    print(
        f"\n{stack}: {args.clients} clients, {elapsed:.0f} s: {total / elapsed:.1f} requests/s, "
        f"{errors} errors"
    )
    print(f"  {'page':<18}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, _weight in MIX:
        values = results.timings.get(name, [])
        if values:
            print(
                f"  {name:<18}{len(values):>9}{percentile(values, 0.5):>9.0f}"
                f"{percentile(values, 0.95):>9.0f}{percentile(values, 0.99):>9.0f}"
                f"{results.errors.get(name, 0):>8}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/forcegen_load")
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument(
        "--stacks", default="production,development", help="Which stacks to run, in order."
    )
    parser.add_argument(
        "--reuse", action="store_true", help="Keep the database of a previous run (skip setup)."
    )
    args = parser.parse_args()

    static_root = tempfile.mkdtemp(prefix="forcegen-load-static-")
    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "FORCEGEN_DEMO": "1",
        "FORCEGEN_STATIC_ROOT": static_root,
        "FORCEGEN_DATA_DIR": tempfile.mkdtemp(prefix="forcegen-load-"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if not args.reuse:
        print(f"database {args.database}: migrate and load the demo data …", flush=True)
        recreate_database(args.database)
        manage(env, "migrate", "--noinput")
        manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput")
    tokens = {user: manage(env, "api_token", user, "--name", "load") for user in USERS}
    for offset, stack in enumerate(args.stacks.split(",")):
        stack_env = env if stack == "production" else env | {"FORCEGEN_STATIC_ROOT": ""}
        measure(stack, stack_env, args.port + offset, args, tokens)


if __name__ == "__main__":
    main()
