"""Gunicorn's settings for Tian (`gunicorn -c python:tian.ops.gunicorn_conf`).

The same file serves `make demo`, `tian serve` and the systemd unit in deploy/; the
environment tunes it (README, 部署).
"""

import os

wsgi_app = "tian.wsgi:application"
bind = os.environ.get("TIAN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or 2)
threads = int(os.environ.get("TIAN_WEB_THREADS") or 1)
# Long work (PDF reports, imports of big ledgers' previews) runs in the task worker; a request
# still busy after a minute is stuck, and its worker is replaced.
timeout = int(os.environ.get("TIAN_WEB_TIMEOUT") or 60)
graceful_timeout = 30
# Replace each worker now and then, so a slow leak in a library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("TIAN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
# Only the local reverse proxy may say the request came over HTTPS (Django reads the header
# itself through SECURE_PROXY_SSL_HEADER; gunicorn's own view must agree).
forwarded_allow_ips = os.environ.get("TIAN_GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "tian-web"
