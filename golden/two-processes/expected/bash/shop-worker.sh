#!/bin/bash -e
LOGFILE=/var/log/shop/shop-worker.log
LOGDIR=/var/log/shop
PROJECTDIR=/srv/shop
PROJECTENV=/srv/shop/venv

# shellcheck source=/dev/null
source "$PROJECTENV/bin/activate"
export DJANGO_SETTINGS_MODULE=shop.settings
export CELERY_BROKER_URL=redis://127.0.0.1:6379/0
cd "$PROJECTDIR"
test -d "$LOGDIR" || mkdir -p "$LOGDIR"
exec celery -A shop worker --loglevel=INFO --queues default,mail >>"$LOGFILE" 2>&1
