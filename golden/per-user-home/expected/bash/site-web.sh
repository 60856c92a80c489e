#!/bin/bash -e
LOGFILE=/home/deploy/var/log/site-web.log
LOGDIR=/home/deploy/var/log
LOGLEVEL=info
NUM_WORKERS=1
BIND_ADDRESS=127.0.0.1:9000
USER=deploy
GROUP="$(id -gn -- "$USER")"
PROJECTDIR=/home/deploy/site
PROJECTENV=/home/deploy/venv

# shellcheck source=/dev/null
source "$PROJECTENV/bin/activate"
cd "$PROJECTDIR"
test -d "$LOGDIR" || mkdir -p "$LOGDIR"
exec gunicorn site.wsgi --workers="$NUM_WORKERS" --user="$USER" --group="$GROUP" --bind="$BIND_ADDRESS" --log-level="$LOGLEVEL" --log-file="$LOGFILE" 2>>"$LOGFILE"
