"""gunicorn settings for forcegen (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Tunable from the environment so the same file serves `make serve`, the systemd unit and the load
benchmark. Defaults suit a small server: a few pre-forked processes of a few threads each, so a
request waiting on the database does not hold a whole process.
"""

import multiprocessing
import os

bind = os.environ.get("FORCEGEN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("FORCEGEN_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("FORCEGEN_WEB_THREADS", "2"))
worker_class = "gthread"
# Loaded once before forking: workers share the code pages and start at once.
preload_app = True
timeout = 60
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so slow memory growth never builds up.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("FORCEGEN_ACCESS_LOG", "-")
errorlog = "-"
# Reloads and restarts go through systemd (HUP); no control socket in the service user's home.
control_socket_disable = True
