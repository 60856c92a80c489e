# BEGIN procgen chat
# Starts chat (its run scripts) at boot as root, in the background.
/srv/chat/bin/chat-8000.sh </dev/null &
/srv/chat/bin/chat-8001.sh </dev/null &
/srv/chat/bin/chat-8002.sh </dev/null &
# END procgen chat
