#!/bin/sh
# Capture nginx 1.22.1 (master + 2 workers) under strace on 127.0.0.1:18080 with 6 curl requests.
set -e
cd /tmp/strace-cap
timeout 60 strace -f -ttt -T -yy -o nginx.full nginx -c /tmp/strace-cap/nginx.conf -p /tmp/strace-cap/nginx &
for i in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:18080/ && break; sleep 0.1; done
for i in 1 2 3 4 5; do curl -s http://127.0.0.1:18080/ >/dev/null; done
sleep 0.2
kill -QUIT "$(cat /tmp/strace-cap/nginx/nginx.pid)"
wait
