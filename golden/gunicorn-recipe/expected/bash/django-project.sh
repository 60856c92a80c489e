#!/bin/bash -e
LOGFILE=/home/user/logs/django-project.log
LOGDIR=/home/user/logs
LOGLEVEL=debug
NUM_WORKERS=3
BIND_ADDRESS=127.0.0.1:8000
USER=www
GROUP=www
PROJECTDIR=/home/user/django-project
PROJECTENV=/home/user/.virtualenvs/django-project

# shellcheck source=/dev/null
source "$PROJECTENV/bin/activate"
export DJANGO_SETTINGS_MODULE=project.settings
cd "$PROJECTDIR"
test -d "$LOGDIR" || mkdir -p "$LOGDIR"
exec python manage.py run_gunicorn --workers="$NUM_WORKERS" --user="$USER" --group="$GROUP" --bind="$BIND_ADDRESS" --log-level="$LOGLEVEL" --log-file="$LOGFILE" 2>>"$LOGFILE"
