# BEGIN procgen shop
# Starts shop (its run scripts) at boot as shop, in the background.
su -s /bin/sh shop -c 'exec /srv/shop/bin/shop-web.sh' </dev/null &
su -s /bin/sh shop -c 'exec /srv/shop/bin/shop-worker.sh' </dev/null &
# END procgen shop
