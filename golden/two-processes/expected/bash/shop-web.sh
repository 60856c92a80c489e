#!/bin/bash -e
LOGFILE=/var/log/shop/shop-web.log
LOGDIR=/var/log/shop
LOGLEVEL=warning
NUM_WORKERS=4
BIND_ADDRESS=unix:/run/shop/web.sock
USER=shop
GROUP="$(id -gn -- "$USER")"
PROJECTDIR=/srv/shop
PROJECTENV=/srv/shop/venv

# shellcheck source=/dev/null
source "$PROJECTENV/bin/activate"
export DJANGO_SETTINGS_MODULE=shop.settings
export CELERY_BROKER_URL=redis://127.0.0.1:6379/0
cd "$PROJECTDIR"
test -d "$LOGDIR" || mkdir -p "$LOGDIR"
exec gunicorn shop.wsgi:application --workers="$NUM_WORKERS" --user="$USER" --group="$GROUP" --bind="$BIND_ADDRESS" --log-level="$LOGLEVEL" --log-file="$LOGFILE" 2>>"$LOGFILE"
