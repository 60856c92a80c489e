#!/bin/bash -e
LOGFILE=/home/chat/logs/chat-8000.log
LOGDIR=/home/chat/logs
PROJECTDIR=/home/chat/app

export PORT=8000
cd "$PROJECTDIR"
test -d "$LOGDIR" || mkdir -p "$LOGDIR"
exec python -m chat.chatdemo --port=8000 --log_file_prefix=/home/chat/logs/chat-8000.log >>"$LOGFILE" 2>&1
