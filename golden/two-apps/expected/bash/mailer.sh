#!/bin/bash -e
LOGFILE=/var/log/mailer/mailer.log
LOGDIR=/var/log/mailer
PROJECTDIR=/srv/mailer

export PYTHONPATH=/srv/mailer/lib
export SMTP_PASSWORD="a\"b\$c%d"
export GREETING='x ;y #z'
cd "$PROJECTDIR"
test -d "$LOGDIR" || mkdir -p "$LOGDIR"
exec python -m mailer.send --from 'Mail Bot <bot@example.org>' >>"$LOGFILE" 2>&1
