# BEGIN procgen site
# Starts site (its supervisord) at boot as deploy, in the background.
su -s /bin/sh deploy -c 'exec supervisord -c /home/deploy/supervisor/supervisord.conf' </dev/null &
# END procgen site
