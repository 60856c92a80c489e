# BEGIN procgen blog
# Starts blog (its run scripts) at boot as blog, in the background.
su -s /bin/sh blog -c 'exec /srv/blog/bin/blog.sh' </dev/null &
# END procgen blog
