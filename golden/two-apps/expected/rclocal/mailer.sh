# BEGIN procgen mailer
# Starts mailer (its run scripts) at boot as mailer, in the background.
su -s /bin/sh mailer -c 'exec /srv/mailer/bin/mailer.sh' </dev/null &
# END procgen mailer
