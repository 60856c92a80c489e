#!/bin/bash -e
LOGFILE=/var/log/blog/blog.log
LOGDIR=/var/log/blog
LOGLEVEL=info
NUM_WORKERS=2
BIND_ADDRESS=127.0.0.1:8100
USER=blog
GROUP="$(id -gn -- "$USER")"
PROJECTDIR=/srv/blog
PROJECTENV=/srv/blog/venv

# shellcheck source=/dev/null
source "$PROJECTENV/bin/activate"
export PYTHONPATH=/srv/blog/lib
export PYTHON_EGG_DIR=/srv/blog/.python-eggs
export PORT=8100
cd "$PROJECTDIR"
test -d "$LOGDIR" || mkdir -p "$LOGDIR"
exec gunicorn blog.wsgi:application --workers="$NUM_WORKERS" --user="$USER" --group="$GROUP" --bind="$BIND_ADDRESS" --log-level="$LOGLEVEL" --log-file="$LOGFILE" 2>>"$LOGFILE"
