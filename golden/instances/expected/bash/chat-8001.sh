#!/bin/bash -e
LOGFILE=/srv/chat/logs/chat-8001.log
LOGDIR=/srv/chat/logs
PROJECTDIR=/srv/chat

export PORT=8001
cd "$PROJECTDIR"
test -d "$LOGDIR" || mkdir -p "$LOGDIR"
exec python -m chat.chatdemo --port=8001 --log_file_prefix=/srv/chat/logs/chat-8001.log >>"$LOGFILE" 2>&1
