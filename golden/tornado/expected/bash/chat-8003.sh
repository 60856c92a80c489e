#!/bin/bash -e
LOGFILE=/home/chat/logs/chat-8003.log
LOGDIR=/home/chat/logs
PROJECTDIR=/home/chat/app

export PORT=8003
cd "$PROJECTDIR"
test -d "$LOGDIR" || mkdir -p "$LOGDIR"
exec python -m chat.chatdemo --port=8003 --log_file_prefix=/home/chat/logs/chat-8003.log >>"$LOGFILE" 2>&1
