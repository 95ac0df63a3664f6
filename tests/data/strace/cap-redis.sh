#!/bin/sh
# Capture redis-server 7.0.15 under strace on 127.0.0.1:16379 with a bounded load.
set -e
cd /tmp/strace-cap
timeout 60 strace -f -ttt -T -yy -s 32 -e trace='!mmap,mprotect,munmap,madvise,brk,newfstatat,pread64' -o redis.full \
  redis-server --bind 127.0.0.1 --port 16379 --save '' --appendonly no --dir /tmp/strace-cap --daemonize no --loglevel warning &
for i in $(seq 50); do redis-cli -h 127.0.0.1 -p 16379 ping >/dev/null 2>&1 && break; sleep 0.1; done
sleep 0.35
redis-benchmark -h 127.0.0.1 -p 16379 -n 30 -c 3 -q -t set,get
redis-cli -h 127.0.0.1 -p 16379 shutdown nosave || true
wait
