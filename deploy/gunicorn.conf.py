"""gunicorn settings for forcegen (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Tunable from the environment so the same file serves `make serve`, the systemd unit and the load
benchmark. Defaults suit a small server: pre-forked single-threaded processes, cores + 1. A
process takes a connection only when it is free, so the kernel spreads requests over idle
processes; threaded workers instead accept greedily and queue requests behind a busy one (on the
load benchmark: 1.2 requests/s and p95 over 25 s with 5 x 2 threads on a loaded machine).
A request waits little on the database (boards and dashboards are kept between writes), so more
processes than cores only share the CPU and each process's kept results: on 2 cores, 50 clients,
3 processes answered 74.7 requests/s (p95 about 1.0 s) where 5 (2 x cores + 1) answered 63.1.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("FORCEGEN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("FORCEGEN_WEB_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("FORCEGEN_WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# Loaded once before forking: workers share the code pages and start at once.
preload_app = True
timeout = 60
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so slow memory growth never builds up. Not
# much sooner: a new worker starts without the results its predecessor kept (`core.kept`).
max_requests = 10000
max_requests_jitter = 1000
accesslog = os.environ.get("FORCEGEN_ACCESS_LOG", "-")
errorlog = "-"
# Reloads and restarts go through systemd (HUP); no control socket in the service user's home.
control_socket_disable = True


def on_starting(server: object) -> None:
    """The application is loaded (`preload_app`): prepare what every worker needs, once."""
    from forcegen.core.warmup import warm_up

    warm_up()


def pre_fork(server: object, worker: object) -> None:
    """What the master loaded (Django, the apps, the URL and template machinery) is frozen out
    of the garbage collector: workers never scan it again in their full collections, and do not
    copy its shared memory pages by writing to its collector headers."""
    gc.freeze()
