#!/usr/bin/env bash
# Serve Tian for the demo: the task worker in the background, the web server in front.
set -euo pipefail
port="${1:-8000}"
bin=.venv/bin
$bin/tian db_worker --queue-name default >var/worker.log 2>&1 &
worker=$!
# Reminders (催办) and the cross-year tracking list (跨年度跟踪): queue both sweeps now and
# every hour; the worker above runs them.
(
  trap 'kill $! 2>/dev/null; exit 0' TERM
  while true; do
    $bin/tian remind || true
    $bin/tian join-tracking || true
    sleep 3600 & wait $!
  done
) >var/remind.log 2>&1 &
reminders=$!
trap 'kill $worker $reminders 2>/dev/null || true' EXIT INT TERM
echo "Tian 正在运行:http://127.0.0.1:${port}/   (按 Ctrl+C 停止;后台任务日志 var/worker.log)"
$bin/tian runserver "127.0.0.1:${port}" --noreload
