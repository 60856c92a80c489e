package dev.procgen.targets;

import java.util.List;
import java.util.Set;

/**
 * Unit and job names that procgen must never generate, because systemd reserves them
 * (systemd.special(7), systemd 252 as shipped in Debian 12 systemd 252.39-1~deb12u2, merged with
 * the v256-era man/systemd.special.xml at YHNdnzj/systemd@a5fc2562862ad7a452440116daf8ce402c93dbf4)
 * or because a stock Debian 12, Ubuntu 22.04/24.04, RHEL 9 or Ubuntu 14.04/16.04 (Upstart) host
 * already ships them (Debian 12 .deb contents; RHEL 9 spec files from the OpenELA el9 rebuild
 * repositories openela-main/*; Ubuntu sources canonical/ubuntu-pro-client, canonical/snapd,
 * canonical/cloud-init, canonical/apport, canonical/lxd-agent-loader; Upstart jobs from
 * ubports/upstart (conf/Makefile.am, extra/Makefile.am, debian/conf, debian/upstart.install),
 * illumos/illumos-gate usr/src/lib/brand/lx/zone/lx_boot_zone_ubuntu.ksh and
 * canonical/cloud-init upstart/).
 *
 * <p>Every entry carries a trailing comment naming where it was found. Tags:
 * <ul>
 *   <li>{@code v252} - systemd.special(7) from systemd 252 (Debian 12 package systemd 252.39-1~deb12u2,
 *       /usr/share/man/man7/systemd.special.7.gz); {@code v256} - man/systemd.special.xml at
 *       YHNdnzj/systemd@a5fc2562862ad7a452440116daf8ce402c93dbf4 (newest version-info tag in it: v256).</li>
 *   <li>{@code deb12:PKG} - a file (or symlink) in /lib/systemd/system of that Debian 12 (bookworm) binary
 *       package, read with {@code apt-get download PKG; dpkg -c}. Ubuntu 22.04/24.04 build the same
 *       source packages, so these names exist there too when the package is installed.</li>
 *   <li>{@code ubuntu:SRC} - Ubuntu-only units: {@code ubuntu-pro-client}/{@code ubuntu-pro-auto-attach}
 *       (canonical/ubuntu-pro-client systemd/ + debian/rules), {@code snapd} (canonical/snapd data/systemd),
 *       {@code cloud-init} (canonical/cloud-init systemd/, cloud-init &gt;= 24.3), {@code apport}
 *       (canonical/apport data/systemd), {@code lxd-agent-loader} (canonical/lxd-agent-loader debian/install),
 *       {@code observed} (seen in several published systemctl outputs of Ubuntu 20.04-24.04 hosts; the
 *       Ubuntu packaging itself was not available - see docs/reserved-names.md).</li>
 *   <li>{@code el9:PKG} - listed in the RHEL 9 source RPM spec of the OpenELA rebuild
 *       (github.com/openela-main/SRPM, branch el9/el-9.x), binary package PKG.</li>
 * </ul>
 * Names covered by {@link #RESERVED_PREFIXES} ({@code systemd-*}, {@code dbus-org.*}) are left out of
 * {@link #STOCK_SYSTEMD_UNITS}; check both. The sets overlap on purpose (e.g. {@code dbus.service},
 * {@code getty.target} are special and also stock unit files). Template units keep their {@code @}
 * ({@code getty@.service}); instances ({@code getty@tty1.service}) are not listed.
 * Sources and caveats: docs/reserved-names.md.
 */
final class ReservedNames {

  /** Where {@link #SYSTEMD_SPECIAL_UNITS} comes from, for error messages. */
  static final String SYSTEMD_SPECIAL_SOURCE = "systemd.special(7)";
  /** Where {@link #STOCK_SYSTEMD_UNITS} comes from, for error messages. */
  static final String STOCK_SYSTEMD_SOURCE = "the unit files of Debian 12, Ubuntu and RHEL 9 packages";
  /** Where {@link #STOCK_UPSTART_JOBS} comes from, for error messages. */
  static final String UPSTART_SOURCE = "the /etc/init of Ubuntu 14.04 and 16.04 and of Upstart's own package";
  /** Where {@link #RESERVED_PREFIXES} comes from, for error messages. */
  static final String PREFIX_SOURCE = "systemd's NEWS for 186, and systemd.unit(5) for dbus-org. aliases";

  private ReservedNames() {}

  /**
   * Every unit named in systemd.special(7) (synopsis and body) of systemd 252 and of the v256-era page,
   * full names with suffix. Templates: {@code blockdev@.target}, {@code capsule@.target}. Includes the
   * user-manager specials and the SysV aliases runlevel0/1/6.target named in the text.
   */
  static final Set<String> SYSTEMD_SPECIAL_UNITS = Set.of(
      "-.mount", // v252 v256
      "-.slice", // v252 v256
      "app.slice", // v252 v256 [user manager]
      "background.slice", // v252 v256 [user manager]
      "basic.target", // v252 v256
      "blockdev@.target", // v252 v256 [template]
      "bluetooth.target", // v252 v256
      "boot-complete.target", // v252 v256
      "capsule.slice", // v256
      "capsule@.target", // v256 [template; user manager, capsules]
      "cryptsetup-pre.target", // v252 v256
      "cryptsetup.target", // v252 v256
      "ctrl-alt-del.target", // v252 v256
      "dbus.service", // v252 v256
      "dbus.socket", // v252 v256
      "default.target", // v252 v256
      "display-manager.service", // v252 v256
      "emergency.target", // v252 v256
      "exit.target", // v252 v256
      "factory-reset.target", // v252 v256
      "final.target", // v252 v256
      "first-boot-complete.target", // v252 v256
      "getty-pre.target", // v252 v256
      "getty.target", // v252 v256
      "graphical-session-pre.target", // v252 v256 [user manager]
      "graphical-session.target", // v252 v256 [user manager]
      "graphical.target", // v252 v256
      "halt.target", // v252 v256
      "hibernate.target", // v252 v256
      "hybrid-sleep.target", // v252 v256
      "init.scope", // v252 v256
      "initrd-fs.target", // v252 v256
      "initrd-root-device.target", // v252 v256
      "initrd-root-fs.target", // v252 v256
      "initrd-usr-fs.target", // v252 v256
      "initrd.target", // v252 v256
      "integritysetup-pre.target", // v252 v256
      "integritysetup.target", // v252 v256
      "kbrequest.target", // v252 v256
      "kexec.target", // v252 v256
      "local-fs-pre.target", // v252 v256
      "local-fs.target", // v252 v256
      "machine.slice", // v252 v256
      "machines.target", // v252 v256
      "multi-user.target", // v252 v256
      "network-online.target", // v252 v256
      "network-pre.target", // v252 v256
      "network.target", // v252 v256
      "nss-lookup.target", // v252 v256
      "nss-user-lookup.target", // v252 v256
      "paths.target", // v252 v256
      "poweroff.target", // v252 v256
      "printer.target", // v252 v256
      "reboot.target", // v252 v256
      "remote-cryptsetup.target", // v252 v256
      "remote-fs-pre.target", // v252 v256
      "remote-fs.target", // v252 v256
      "remote-veritysetup.target", // v252 v256
      "rescue.target", // v252 v256
      "rpcbind.target", // v252 v256
      "runlevel0.target", // v252 v256 (named in text as SysV alias of poweroff/rescue/reboot.target)
      "runlevel1.target", // v252 v256 (named in text as SysV alias of poweroff/rescue/reboot.target)
      "runlevel2.target", // v252 v256
      "runlevel3.target", // v252 v256
      "runlevel4.target", // v252 v256
      "runlevel5.target", // v252 v256
      "runlevel6.target", // v252 v256 (named in text as SysV alias of poweroff/rescue/reboot.target)
      "session.slice", // v252 v256 [user manager]
      "shutdown.target", // v252 v256
      "sigpwr.target", // v252 v256
      "sleep.target", // v252 v256
      "slices.target", // v252 v256
      "smartcard.target", // v252 v256
      "sockets.target", // v252 v256
      "soft-reboot.target", // v256
      "sound.target", // v252 v256
      "ssh-access.target", // v256
      "storage-target-mode.target", // v256
      "suspend-then-hibernate.target", // v252 v256
      "suspend.target", // v252 v256
      "swap.target", // v252 v256
      "sysinit.target", // v252 v256
      "syslog.socket", // v252 v256
      "system-update-cleanup.service", // v252 v256
      "system-update-pre.target", // v252 v256
      "system-update.target", // v252 v256
      "system.slice", // v252 v256
      "time-set.target", // v252 v256
      "time-sync.target", // v252 v256
      "timers.target", // v252 v256
      "tpm2.target", // v256
      "umount.target", // v252 v256
      "usb-gadget.target", // v252 v256
      "user.slice", // v252 v256
      "veritysetup-pre.target", // v252 v256
      "veritysetup.target", // v252 v256
      "xdg-desktop-autostart.target" // v252 v256 [user manager]
  );

  /**
   * Unit files (and Alias=/symlink names) that stock Debian 12, Ubuntu 22.04/24.04 and RHEL 9 server
   * installs ship, from the commonly installed packages; a union, so no single host has all of them.
   * Names starting with a {@link #RESERVED_PREFIXES} entry are omitted.
   */
  static final Set<String> STOCK_SYSTEMD_UNITS = Set.of(
      "ModemManager.service", // deb12:modemmanager
      "NetworkManager-dispatcher.service", // deb12:network-manager; el9:NetworkManager
      "NetworkManager-wait-online.service", // deb12:network-manager; el9:NetworkManager
      "NetworkManager.service", // deb12:network-manager; el9:NetworkManager
      "acpid.path", // deb12:acpid
      "acpid.service", // deb12:acpid
      "acpid.socket", // deb12:acpid
      "anacron.service", // deb12:anacron
      "anacron.timer", // deb12:anacron
      "apparmor.service", // deb12:apparmor
      "apport-autoreport.path", // ubuntu:observed
      "apport-autoreport.service", // ubuntu:observed
      "apport-autoreport.timer", // ubuntu:observed
      "apport-forward.socket", // ubuntu:apport
      "apport-forward@.service", // ubuntu:apport
      "apport.service", // ubuntu:apport
      "apt-daily-upgrade.service", // deb12:apt
      "apt-daily-upgrade.timer", // deb12:apt
      "apt-daily.service", // deb12:apt
      "apt-daily.timer", // deb12:apt
      "apt-news.service", // ubuntu:ubuntu-pro-client
      "atd.service", // deb12:at; el9:at
      "auditd.service", // deb12:auditd; el9:audit
      "auth-rpcgss-module.service", // deb12:nfs-common
      "autovt@.service", // deb12:systemd (symlink to getty@.service)
      "basic.target", // deb12:systemd
      "blk-availability.service", // deb12:lvm2; el9:lvm2
      "blockdev@.target", // deb12:systemd
      "bluetooth.target", // deb12:systemd
      "boot-complete.target", // deb12:systemd
      "chrony-dnssrv@.service", // deb12:chrony
      "chrony-dnssrv@.timer", // deb12:chrony
      "chrony-wait.service", // deb12:chrony; el9:chrony
      "chrony.service", // deb12:chrony
      "chronyd.service", // deb12:chrony; el9:chrony (Alias= of chrony.service)
      "cloud-config.service", // deb12:cloud-init; el9:cloud-init
      "cloud-config.target", // deb12:cloud-init; el9:cloud-init
      "cloud-final.service", // deb12:cloud-init; el9:cloud-init
      "cloud-init-hotplugd.service", // deb12:cloud-init; el9:cloud-init
      "cloud-init-hotplugd.socket", // deb12:cloud-init; el9:cloud-init
      "cloud-init-local.service", // deb12:cloud-init; el9:cloud-init
      "cloud-init-main.service", // ubuntu:cloud-init
      "cloud-init-network.service", // ubuntu:cloud-init
      "cloud-init.service", // deb12:cloud-init; el9:cloud-init
      "cloud-init.target", // deb12:cloud-init; el9:cloud-init
      "cockpit-motd.service", // el9:cockpit
      "cockpit-session.socket", // el9:cockpit-ws
      "cockpit-session@.service", // el9:cockpit-ws
      "cockpit-wsinstance-http.service", // el9:cockpit
      "cockpit-wsinstance-http.socket", // el9:cockpit
      "cockpit-wsinstance-https-factory.socket", // el9:cockpit
      "cockpit-wsinstance-https-factory@.service", // el9:cockpit
      "cockpit-wsinstance-https@.service", // el9:cockpit
      "cockpit-wsinstance-https@.socket", // el9:cockpit
      "cockpit.service", // el9:cockpit
      "cockpit.socket", // el9:cockpit
      "console-getty.service", // deb12:systemd
      "console-setup.service", // deb12:console-setup-linux
      "container-getty@.service", // deb12:systemd
      "cron.service", // deb12:cron
      "crond.service", // el9:cronie
      "cryptdisks-early.service", // deb12:systemd (masked -> /dev/null on deb12)
      "cryptdisks.service", // deb12:systemd (masked -> /dev/null on deb12)
      "cryptsetup-pre.target", // deb12:systemd
      "cryptsetup.target", // deb12:systemd
      "ctrl-alt-del.target", // deb12:systemd
      "dbus-broker.service", // el9:dbus-broker
      "dbus.service", // deb12:dbus
      "dbus.socket", // deb12:dbus-system-bus-common
      "debug-shell.service", // deb12:systemd
      "default.target", // deb12:systemd
      "dev-hugepages.mount", // deb12:systemd
      "dev-mqueue.mount", // deb12:systemd
      "dm-event.service", // el9:device-mapper-event
      "dm-event.socket", // el9:device-mapper-event
      "dmesg.service", // ubuntu:observed
      "dnf-automatic-download.service", // el9:dnf-automatic
      "dnf-automatic-download.timer", // el9:dnf-automatic
      "dnf-automatic-install.service", // el9:dnf-automatic
      "dnf-automatic-install.timer", // el9:dnf-automatic
      "dnf-automatic-notifyonly.service", // el9:dnf-automatic
      "dnf-automatic-notifyonly.timer", // el9:dnf-automatic
      "dnf-automatic.service", // el9:dnf-automatic
      "dnf-automatic.timer", // el9:dnf-automatic
      "dnf-makecache.service", // el9:dnf
      "dnf-makecache.timer", // el9:dnf
      "dpkg-db-backup.service", // deb12:dpkg
      "dpkg-db-backup.timer", // deb12:dpkg
      "dracut-cmdline.service", // el9:dracut
      "dracut-initqueue.service", // el9:dracut
      "dracut-mount.service", // el9:dracut
      "dracut-pre-mount.service", // el9:dracut
      "dracut-pre-pivot.service", // el9:dracut
      "dracut-pre-trigger.service", // el9:dracut
      "dracut-pre-udev.service", // el9:dracut
      "dracut-shutdown-onfailure.service", // el9:dracut
      "dracut-shutdown.service", // el9:dracut
      "e2scrub@.service", // deb12:e2fsprogs
      "e2scrub_all.service", // deb12:e2fsprogs
      "e2scrub_all.timer", // deb12:e2fsprogs
      "e2scrub_fail@.service", // deb12:e2fsprogs
      "e2scrub_reap.service", // deb12:e2fsprogs
      "emergency.service", // deb12:systemd
      "emergency.target", // deb12:systemd
      "esm-cache.service", // ubuntu:ubuntu-pro-client
      "exim4-base.service", // deb12:exim4-base
      "exim4-base.timer", // deb12:exim4-base
      "exit.target", // deb12:systemd
      "factory-reset.target", // deb12:systemd
      "final.target", // deb12:systemd
      "firewalld.service", // deb12:firewalld; el9:firewalld
      "first-boot-complete.target", // deb12:systemd
      "fstrim.service", // deb12:util-linux
      "fstrim.timer", // deb12:util-linux
      "fwupd-refresh.service", // deb12:fwupd
      "fwupd-refresh.timer", // deb12:fwupd
      "fwupd.service", // deb12:fwupd
      "getty-pre.target", // deb12:systemd
      "getty-static.service", // deb12:systemd
      "getty.target", // deb12:systemd
      "getty@.service", // deb12:systemd
      "graphical.target", // deb12:systemd
      "grub-common.service", // ubuntu:observed
      "grub-initrd-fallback.service", // ubuntu:observed
      "gssproxy.service", // el9:gssproxy
      "halt.target", // deb12:systemd
      "hibernate.target", // deb12:systemd
      "hwclock.service", // deb12:systemd (masked -> /dev/null on deb12)
      "hybrid-sleep.target", // deb12:systemd
      "ifup@.service", // deb12:ifupdown
      "ifupdown-pre.service", // deb12:ifupdown
      "ifupdown-wait-online.service", // deb12:ifupdown
      "import-state.service", // el9:initscripts-service
      "initrd-cleanup.service", // deb12:systemd
      "initrd-fs.target", // deb12:systemd
      "initrd-parse-etc.service", // deb12:systemd
      "initrd-root-device.target", // deb12:systemd
      "initrd-root-fs.target", // deb12:systemd
      "initrd-switch-root.service", // deb12:systemd
      "initrd-switch-root.target", // deb12:systemd
      "initrd-udevadm-cleanup-db.service", // deb12:systemd
      "initrd-usr-fs.target", // deb12:systemd
      "initrd.target", // deb12:systemd
      "insights-client-boot.service", // el9:insights-client
      "insights-client.service", // el9:insights-client
      "insights-client.timer", // el9:insights-client
      "integritysetup-pre.target", // deb12:systemd
      "integritysetup.target", // deb12:systemd
      "irqbalance.service", // deb12:irqbalance; el9:irqbalance
      "iscsi-init.service", // el9:iscsi-initiator-utils
      "iscsi-onboot.service", // el9:iscsi-initiator-utils
      "iscsi-shutdown.service", // el9:iscsi-initiator-utils
      "iscsi.service", // deb12:open-iscsi; el9:iscsi-initiator-utils (Alias= of open-iscsi.service (deb12); real unit on el9)
      "iscsid.service", // deb12:open-iscsi; el9:iscsi-initiator-utils
      "iscsid.socket", // deb12:open-iscsi; el9:iscsi-initiator-utils
      "iscsiuio.service", // el9:iscsi-initiator-utils
      "iscsiuio.socket", // el9:iscsi-initiator-utils
      "kdump.service", // el9:kexec-tools
      "kexec.target", // deb12:systemd
      "keyboard-setup.service", // deb12:console-setup-linux
      "kmod-static-nodes.service", // deb12:systemd
      "kmod.service", // deb12:systemd (symlink to systemd-modules-load.service)
      "loadmodules.service", // el9:initscripts-service
      "local-fs-pre.target", // deb12:systemd
      "local-fs.target", // deb12:systemd
      "logrotate.service", // deb12:logrotate; el9:logrotate
      "logrotate.timer", // deb12:logrotate; el9:logrotate
      "lvm2-lvmpolld.service", // deb12:lvm2; el9:lvm2
      "lvm2-lvmpolld.socket", // deb12:lvm2; el9:lvm2
      "lvm2-monitor.service", // deb12:lvm2; el9:lvm2
      "lxd-agent.service", // ubuntu:lxd-agent-loader
      "machine.slice", // deb12:systemd
      "man-db-cache-update.service", // el9:man-db
      "man-db-restart-cache-update.service", // el9:man-db
      "man-db.service", // deb12:man-db
      "man-db.timer", // deb12:man-db
      "mcelog.service", // el9:mcelog
      "mdadm-grow-continue@.service", // deb12:mdadm
      "mdadm-last-resort@.service", // deb12:mdadm
      "mdadm-last-resort@.timer", // deb12:mdadm
      "mdadm-shutdown.service", // deb12:mdadm
      "mdadm-waitidle.service", // deb12:mdadm (masked -> /dev/null on deb12)
      "mdadm.service", // deb12:mdadm (masked -> /dev/null on deb12)
      "mdcheck_continue.service", // deb12:mdadm
      "mdcheck_continue.timer", // deb12:mdadm
      "mdcheck_start.service", // deb12:mdadm
      "mdcheck_start.timer", // deb12:mdadm
      "mdmon@.service", // deb12:mdadm
      "mdmonitor-oneshot.service", // deb12:mdadm
      "mdmonitor-oneshot.timer", // deb12:mdadm
      "mdmonitor.service", // deb12:mdadm; el9:mdadm
      "microcode.service", // el9:microcode_ctl
      "modprobe@.service", // deb12:systemd
      "motd-news.service", // ubuntu:observed
      "motd-news.timer", // ubuntu:observed
      "multi-user.target", // deb12:systemd
      "multipath-tools-boot.service", // deb12:multipath-tools (masked -> /dev/null on deb12)
      "multipath-tools.service", // deb12:multipath-tools (symlink to multipathd.service)
      "multipathd.service", // deb12:multipath-tools; el9:device-mapper-multipath
      "multipathd.socket", // deb12:multipath-tools; el9:device-mapper-multipath
      "netconsole.service", // el9:netconsole-service
      "netfilter-persistent.service", // deb12:netfilter-persistent
      "network-online.target", // deb12:systemd
      "network-pre.target", // deb12:systemd
      "network.service", // el9:network-scripts
      "network.target", // deb12:systemd
      "networkd-dispatcher.service", // deb12:networkd-dispatcher
      "networking.service", // deb12:ifupdown
      "nfs-client.target", // deb12:nfs-common
      "nfs-common.service", // deb12:nfs-common (masked -> /dev/null on deb12)
      "nfs-idmapd.service", // deb12:nfs-common
      "nfs-utils.service", // deb12:nfs-common
      "nftables.service", // deb12:nftables; el9:nftables
      "nm-cloud-setup.service", // el9:NetworkManager-cloud-setup
      "nm-cloud-setup.timer", // el9:NetworkManager-cloud-setup
      "nm-priv-helper.service", // deb12:network-manager; el9:NetworkManager
      "nss-lookup.target", // deb12:systemd
      "nss-user-lookup.target", // deb12:systemd
      "ntp.service", // deb12:ntpsec (Alias= of ntpsec.service)
      "ntpd.service", // deb12:ntpsec (Alias= of ntpsec.service)
      "ntpsec-rotate-stats.service", // deb12:ntpsec
      "ntpsec-rotate-stats.timer", // deb12:ntpsec
      "ntpsec-systemd-netif.path", // deb12:ntpsec
      "ntpsec-systemd-netif.service", // deb12:ntpsec
      "ntpsec-wait.service", // deb12:ntpsec
      "ntpsec.service", // deb12:ntpsec
      "open-iscsi.service", // deb12:open-iscsi
      "open-vm-tools.service", // deb12:open-vm-tools
      "packagekit-offline-update.service", // deb12:packagekit
      "packagekit.service", // deb12:packagekit
      "pam_namespace.service", // deb12:libpam-modules-bin
      "paths.target", // deb12:systemd
      "plymouth-halt.service", // deb12:plymouth
      "plymouth-kexec.service", // deb12:plymouth
      "plymouth-log.service", // deb12:plymouth (symlink to plymouth-read-write.service)
      "plymouth-poweroff.service", // deb12:plymouth
      "plymouth-quit-wait.service", // deb12:plymouth
      "plymouth-quit.service", // deb12:plymouth
      "plymouth-read-write.service", // deb12:plymouth
      "plymouth-reboot.service", // deb12:plymouth
      "plymouth-start.service", // deb12:plymouth
      "plymouth-switch-root-initramfs.service", // deb12:plymouth
      "plymouth-switch-root.service", // deb12:plymouth
      "plymouth.service", // deb12:plymouth (symlink to plymouth-quit.service)
      "polkit.service", // deb12:polkitd; el9:polkit
      "pollinate.service", // ubuntu:observed
      "portmap.service", // deb12:rpcbind (symlink to rpcbind.service)
      "poweroff.target", // deb12:systemd
      "printer.target", // deb12:systemd
      "proc-fs-nfsd.mount", // deb12:nfs-common
      "proc-sys-fs-binfmt_misc.automount", // deb12:systemd
      "proc-sys-fs-binfmt_misc.mount", // deb12:systemd
      "procps.service", // deb12:systemd (symlink to systemd-sysctl.service)
      "qemu-guest-agent.service", // deb12:qemu-guest-agent; el9:qemu-guest-agent
      "quotaon.service", // deb12:systemd
      "raid-check.service", // el9:mdadm
      "raid-check.timer", // el9:mdadm
      "rc-local.service", // deb12:systemd; el9:systemd
      "rc.service", // deb12:systemd (masked -> /dev/null on deb12)
      "rcS.service", // deb12:systemd (masked -> /dev/null on deb12)
      "readonly-root.service", // el9:readonly-root
      "reboot.target", // deb12:systemd
      "remote-cryptsetup.target", // deb12:systemd
      "remote-fs-pre.target", // deb12:systemd
      "remote-fs.target", // deb12:systemd
      "remote-veritysetup.target", // deb12:systemd
      "rescue-ssh.target", // deb12:openssh-server
      "rescue.service", // deb12:systemd
      "rescue.target", // deb12:systemd
      "rhsm-facts.service", // el9:subscription-manager
      "rhsm.service", // el9:subscription-manager
      "rhsmcertd.service", // el9:subscription-manager
      "rngd.service", // el9:rng-tools
      "rpc-gssd.service", // deb12:nfs-common
      "rpc-statd-notify.service", // deb12:nfs-common
      "rpc-statd.service", // deb12:nfs-common
      "rpc-svcgssd.service", // deb12:nfs-common
      "rpc_pipefs.target", // deb12:nfs-common
      "rpcbind.service", // deb12:rpcbind
      "rpcbind.socket", // deb12:rpcbind
      "rpcbind.target", // deb12:systemd
      "rsyslog.service", // deb12:rsyslog; el9:rsyslog
      "runlevel0.target", // deb12:systemd
      "runlevel1.target", // deb12:systemd
      "runlevel2.target", // deb12:systemd
      "runlevel3.target", // deb12:systemd
      "runlevel4.target", // deb12:systemd
      "runlevel5.target", // deb12:systemd
      "runlevel6.target", // deb12:systemd
      "secureboot-db.service", // ubuntu:observed
      "selinux-autorelabel-mark.service", // el9:policycoreutils
      "selinux-autorelabel.service", // el9:policycoreutils
      "selinux-autorelabel.target", // el9:policycoreutils
      "serial-getty@.service", // deb12:systemd
      "setvtrgb.service", // ubuntu:observed
      "shutdown.target", // deb12:systemd
      "sigpwr.target", // deb12:systemd
      "sleep.target", // deb12:systemd
      "slices.target", // deb12:systemd
      "smartcard.target", // deb12:systemd
      "smartd.service", // deb12:smartmontools; el9:smartmontools (Alias= of smartmontools.service (deb12); real unit on el9)
      "smartmontools.service", // deb12:smartmontools
      "snapd.aa-prompt-listener.service", // deb12:snapd
      "snapd.apparmor.service", // deb12:snapd; ubuntu:snapd
      "snapd.autoimport.service", // ubuntu:snapd
      "snapd.core-fixup.service", // ubuntu:snapd
      "snapd.failure.service", // ubuntu:snapd
      "snapd.mounts-pre.target", // ubuntu:snapd
      "snapd.mounts.target", // ubuntu:snapd
      "snapd.recovery-chooser-trigger.service", // deb12:snapd; ubuntu:snapd
      "snapd.seeded.service", // deb12:snapd; ubuntu:snapd
      "snapd.service", // deb12:snapd; ubuntu:snapd
      "snapd.snap-repair.service", // ubuntu:snapd
      "snapd.snap-repair.timer", // ubuntu:snapd
      "snapd.socket", // deb12:snapd; ubuntu:snapd
      "snapd.system-shutdown.service", // ubuntu:snapd
      "sockets.target", // deb12:systemd
      "sound.target", // deb12:systemd
      "ssh.service", // deb12:openssh-server
      "ssh.socket", // deb12:openssh-server
      "sshd-keygen.target", // el9:openssh-server
      "sshd-keygen@.service", // el9:openssh-server
      "sshd.service", // deb12:openssh-server; el9:openssh-server (Alias= of ssh.service)
      "sshd.socket", // el9:openssh-server
      "sshd@.service", // el9:openssh-server
      "sssd-autofs.service", // el9:sssd
      "sssd-autofs.socket", // el9:sssd
      "sssd-ifp.service", // el9:sssd
      "sssd-kcm.service", // el9:sssd
      "sssd-kcm.socket", // el9:sssd
      "sssd-nss.service", // el9:sssd
      "sssd-nss.socket", // el9:sssd
      "sssd-pac.service", // el9:sssd
      "sssd-pac.socket", // el9:sssd
      "sssd-pam-priv.socket", // el9:sssd
      "sssd-pam.service", // el9:sssd
      "sssd-pam.socket", // el9:sssd
      "sssd-ssh.service", // el9:sssd
      "sssd-ssh.socket", // el9:sssd
      "sssd-sudo.service", // el9:sssd
      "sssd-sudo.socket", // el9:sssd
      "sssd.service", // el9:sssd
      "sudo.service", // deb12:sudo (masked -> /dev/null on deb12)
      "suspend-then-hibernate.target", // deb12:systemd
      "suspend.target", // deb12:systemd
      "swap.target", // deb12:systemd
      "sys-fs-fuse-connections.mount", // deb12:systemd
      "sys-kernel-config.mount", // deb12:systemd
      "sys-kernel-debug.mount", // deb12:systemd
      "sys-kernel-tracing.mount", // deb12:systemd
      "sysinit.target", // deb12:systemd
      "syslog.service", // deb12:rsyslog (Alias= of rsyslog.service)
      "syslog.socket", // deb12:systemd
      "sysstat-collect.service", // deb12:sysstat
      "sysstat-collect.timer", // deb12:sysstat
      "sysstat-summary.service", // deb12:sysstat
      "sysstat-summary.timer", // deb12:sysstat
      "sysstat.service", // deb12:sysstat; el9:sysstat
      "system-update-cleanup.service", // deb12:systemd
      "system-update-pre.target", // deb12:systemd
      "system-update.target", // deb12:systemd
      "time-set.target", // deb12:systemd
      "time-sync.target", // deb12:systemd
      "timers.target", // deb12:systemd
      "tmp.mount", // el9:systemd
      "tuned.service", // deb12:tuned; el9:tuned
      "ua-auto-attach.service", // ubuntu:ubuntu-pro-auto-attach
      "ua-reboot-cmds.service", // ubuntu:ubuntu-pro-client
      "ua-timer.service", // ubuntu:ubuntu-pro-client
      "ua-timer.timer", // ubuntu:ubuntu-pro-client
      "ubuntu-advantage.service", // ubuntu:ubuntu-pro-client
      "udev.service", // deb12:udev (symlink to systemd-udevd.service)
      "udisks2.service", // deb12:udisks2
      "ufw.service", // deb12:ufw
      "umount.target", // deb12:systemd
      "unattended-upgrades.service", // deb12:unattended-upgrades
      "unbound-anchor.service", // el9:unbound-libs
      "unbound-anchor.timer", // el9:unbound-libs
      "update-notifier-download.service", // ubuntu:observed
      "update-notifier-download.timer", // ubuntu:observed
      "update-notifier-motd.service", // ubuntu:observed
      "update-notifier-motd.timer", // ubuntu:observed
      "usb-gadget.target", // deb12:systemd
      "user-runtime-dir@.service", // deb12:systemd
      "user.slice", // deb12:systemd
      "user@.service", // deb12:systemd
      "uuidd.service", // deb12:uuid-runtime
      "uuidd.socket", // deb12:uuid-runtime
      "var-lib-nfs-rpc_pipefs.mount", // deb12:nfs-common
      "veritysetup-pre.target", // deb12:systemd
      "veritysetup.target", // deb12:systemd
      "vgauth.service", // deb12:open-vm-tools
      "vgauthd.service", // el9:open-vm-tools
      "vmtoolsd-init.service", // el9:open-vm-tools
      "vmtoolsd.service", // deb12:open-vm-tools; el9:open-vm-tools (Alias= of open-vm-tools.service (deb12); real unit on el9)
      "wpa_supplicant-nl80211@.service", // deb12:wpasupplicant
      "wpa_supplicant-wired@.service", // deb12:wpasupplicant
      "wpa_supplicant.service", // deb12:wpasupplicant
      "wpa_supplicant@.service", // deb12:wpasupplicant
      "x11-common.service" // deb12:systemd (masked -> /dev/null on deb12)
  );

  /**
   * Upstart job names (file name in /etc/init without ".conf") on stock Ubuntu 14.04/16.04 hosts
   * (Upstart 1.12/1.13), server and desktop. Tags: {@code upstart-pkg} (ubports/upstart: conf/Makefile.am,
   * extra/Makefile.am, debian/conf/*.conf, debian/upstart.install), {@code illumos-lx}
   * (illumos/illumos-gate@0b996886459a05ae44dc6d35d32125d838876a20
   * usr/src/lib/brand/lx/zone/lx_boot_zone_ubuntu.ksh, jobs it disables or rewrites in an Ubuntu zone),
   * {@code u1404-listing} (a published /etc/init listing of an Ubuntu 14.04 server, kernel
   * 4.4.0-142~14.04.1), {@code cloud-init} (canonical/cloud-init upstart/ job files).
   */
  static final Set<String> STOCK_UPSTART_JOBS = Set.of(
      "acpid", // illumos-lx; u1404-listing
      "alsa-restore", // illumos-lx
      "alsa-state", // illumos-lx
      "alsa-store", // illumos-lx
      "apport", // u1404-listing
      "atd", // u1404-listing
      "avahi-cups-reload", // illumos-lx
      "avahi-daemon", // illumos-lx
      "bluetooth", // illumos-lx
      "bootmisc.sh", // illumos-lx; u1404-listing
      "checkfs.sh", // u1404-listing
      "checkroot-bootclean.sh", // u1404-listing
      "checkroot.sh", // illumos-lx; u1404-listing
      "cloud-config", // cloud-init
      "cloud-final", // cloud-init
      "cloud-init", // cloud-init
      "cloud-init-blocknet", // cloud-init
      "cloud-init-container", // cloud-init
      "cloud-init-local", // cloud-init
      "cloud-init-nonet", // cloud-init
      "cloud-log-shutdown", // cloud-init
      "console", // illumos-lx; u1404-listing
      "console-font", // u1404-listing
      "console-setup", // illumos-lx; u1404-listing
      "container-detect", // illumos-lx; u1404-listing
      "control-alt-delete", // upstart-pkg; illumos-lx; u1404-listing
      "cron", // u1404-listing
      "dbus", // u1404-listing
      "dmesg", // illumos-lx; u1404-listing
      "failsafe", // upstart-pkg; u1404-listing
      "flush-early-job-log", // upstart-pkg; u1404-listing
      "friendly-recovery", // u1404-listing
      "hostname", // u1404-listing
      "hwclock", // illumos-lx; u1404-listing
      "hwclock-save", // illumos-lx; u1404-listing
      "irqbalance", // illumos-lx; u1404-listing
      "kmod", // u1404-listing
      "lightdm", // illumos-lx
      "modemmanager", // illumos-lx
      "module-init-tools", // illumos-lx
      "mountall", // illumos-lx; u1404-listing
      "mountall-bootclean.sh", // u1404-listing
      "mountall-net", // u1404-listing
      "mountall-reboot", // u1404-listing
      "mountall-shell", // u1404-listing
      "mountall.sh", // u1404-listing
      "mountdevsubfs.sh", // illumos-lx; u1404-listing
      "mounted-debugfs", // illumos-lx; u1404-listing
      "mounted-dev", // illumos-lx; u1404-listing
      "mounted-proc", // u1404-listing
      "mounted-run", // u1404-listing
      "mounted-tmp", // u1404-listing
      "mounted-var", // u1404-listing
      "mountkernfs.sh", // illumos-lx; u1404-listing
      "mountnfs-bootclean.sh", // u1404-listing
      "mountnfs.sh", // u1404-listing
      "mtab.sh", // illumos-lx; u1404-listing
      "network-interface", // u1404-listing
      "network-interface-container", // u1404-listing
      "network-interface-security", // illumos-lx; u1404-listing
      "network-manager", // illumos-lx
      "networking", // illumos-lx; u1404-listing
      "passwd", // u1404-listing
      "plymouth", // illumos-lx; u1404-listing
      "plymouth-log", // illumos-lx; u1404-listing
      "plymouth-ready", // illumos-lx; u1404-listing
      "plymouth-shutdown", // u1404-listing
      "plymouth-splash", // illumos-lx; u1404-listing
      "plymouth-stop", // illumos-lx; u1404-listing
      "plymouth-upstart-bridge", // illumos-lx; u1404-listing
      "procps", // u1404-listing
      "pulseaudio", // illumos-lx
      "rc", // upstart-pkg; u1404-listing
      "rc-sysinit", // upstart-pkg; u1404-listing
      "rcS", // upstart-pkg; u1404-listing
      "resolvconf", // u1404-listing
      "rsyslog", // u1404-listing
      "setvtrgb", // illumos-lx; u1404-listing
      "shutdown", // u1404-listing
      "ssh", // illumos-lx; u1404-listing
      "startpar-bridge", // u1404-listing
      "systemd-logind", // illumos-lx; u1404-listing
      "tty1", // upstart-pkg; illumos-lx; u1404-listing
      "tty2", // upstart-pkg; illumos-lx; u1404-listing
      "tty3", // upstart-pkg; illumos-lx; u1404-listing
      "tty4", // upstart-pkg; illumos-lx; u1404-listing
      "tty5", // upstart-pkg; illumos-lx; u1404-listing
      "tty6", // upstart-pkg; illumos-lx; u1404-listing
      "udev", // illumos-lx; u1404-listing
      "udev-fallback-graphics", // illumos-lx; u1404-listing
      "udev-finish", // illumos-lx; u1404-listing
      "udevmonitor", // illumos-lx; u1404-listing
      "udevtrigger", // illumos-lx; u1404-listing
      "ufw", // u1404-listing
      "upstart-dbus-bridge", // upstart-pkg
      "upstart-file-bridge", // upstart-pkg; u1404-listing
      "upstart-socket-bridge", // upstart-pkg; u1404-listing
      "upstart-udev-bridge", // upstart-pkg; illumos-lx; u1404-listing
      "ureadahead", // illumos-lx; u1404-listing
      "ureadahead-other", // illumos-lx; u1404-listing
      "wait-for-state", // upstart-pkg; u1404-listing
      "whoopsie" // illumos-lx
  );

  /** Where {@link #STOCK_LOGROTATE_FILES} comes from. */
  static final String STOCK_LOGROTATE_SOURCE = "the /etc/logrotate.d files of the packages of a stock Debian 12, "
      + "Ubuntu 22.04 or 24.04, or RHEL 9 host";

  /**
   * Files in {@code /etc/logrotate.d} that a stock host's packages install, which an app's logrotate
   * file of the same name would replace: Debian 12's {@code alternatives} and {@code dpkg} (dpkg),
   * {@code apt} (apt), {@code btmp} and {@code wtmp} (logrotate, util-linux on RHEL), {@code rsyslog}
   * (rsyslog), {@code unattended-upgrades}, {@code aptitude}, {@code exim4-base} and {@code
   * exim4-paniclog} (exim4), {@code chrony}, {@code ppp}, {@code samba}, {@code cups-daemon}, {@code
   * postgresql-common}; Ubuntu's {@code apport}, {@code ufw}, {@code ubuntu-advantage-tools}, {@code
   * ubuntu-pro-client}, {@code cloud-init}, {@code speech-dispatcher}; RHEL 9's {@code bootlog},
   * {@code dnf}, {@code firewalld}, {@code sssd}, {@code syslog}, {@code wpa_supplicant}, {@code
   * numad}, {@code psacct}, {@code subscription-manager}, {@code kvm_stat}, {@code iscsiuiolog},
   * {@code insights-client}, {@code yum}.
   */
  static final Set<String> STOCK_LOGROTATE_FILES = Set.of(
      "alternatives", "apport", "apt", "aptitude", "bootlog", "btmp", "chrony", "cloud-init", "cups-daemon", "dnf",
      "dpkg", "exim4-base", "exim4-paniclog", "firewalld", "insights-client", "iscsiuiolog", "kvm_stat", "numad",
      "postgresql-common", "ppp", "psacct", "rsyslog", "samba", "speech-dispatcher", "sssd", "subscription-manager",
      "syslog", "ubuntu-advantage-tools", "ubuntu-pro-client", "ufw", "unattended-upgrades", "wpa_supplicant", "wtmp",
      "yum");

  /**
   * Unit-name prefixes to refuse outright.
   * <ul>
   *   <li>{@code systemd-}: systemd's naming rule, NEWS for systemd 186: "A couple of services gained
   *       \"systemd-\" prefixes in their name if they wrap systemd code"; Debian 12 ships 100+ such units
   *       (systemd, udev, systemd-resolved, systemd-timesyncd packages).</li>
   *   <li>{@code dbus-org.}: D-Bus activation aliases, systemd.unit(5) (systemd 252): "systemd-networkd.service
   *       has the alias dbus-org.freedesktop.network1.service ... so when systemd is asked through D-Bus to load
   *       dbus-org.freedesktop.network1.service, it'll load systemd-networkd.service".</li>
   * </ul>
   */
  static final List<String> RESERVED_PREFIXES = List.of(
      "dbus-org.",
      "systemd-"
  );
}
