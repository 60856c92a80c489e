#!/bin/bash -e
LOGFILE=/home/deploy/var/log/site-worker.log
LOGDIR=/home/deploy/var/log
PROJECTDIR=/home/deploy/site
PROJECTENV=/home/deploy/venv

# shellcheck source=/dev/null
source "$PROJECTENV/bin/activate"
cd "$PROJECTDIR"
test -d "$LOGDIR" || mkdir -p "$LOGDIR"
exec python -m site.worker >>"$LOGFILE" 2>&1
