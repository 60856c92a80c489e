# BEGIN procgen django-project
# Starts django-project (its run scripts) at boot as www, in the background.
su -s /bin/sh www -c 'exec /home/user/django-project/bin/django-project.sh' </dev/null &
# END procgen django-project
