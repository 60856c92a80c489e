# BEGIN procgen chat
# Starts chat (its supervisord) at boot as chat, in the background.
su -s /bin/sh chat -c 'exec supervisord -c /home/chat/supervisor/supervisord.conf' </dev/null &
# END procgen chat
