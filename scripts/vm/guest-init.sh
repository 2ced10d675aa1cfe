#!/bin/busybox sh
# SPDX-License-Identifier: MIT
# /init of the VM suite's initramfs (busybox). Runs as PID 1 in the guest:
#   1. mounts proc, sys, devtmpfs; loads virtio/9p and mounts the host's root read-only;
#   2. makes the host root usable as the guest's system: /etc writable (an overlay with a
#      tmpfs upper layer, a copy where overlayfs fails), a tmpfs /run and /tmp, the guest's
#      /dev, /proc, /sys; adds the unprivileged test user;
#   3. chroots into it and runs scripts/vm/guest-run.mjs, which provisions the node with
#      `ecat provision --virtual` (loads the DKMS-installed ecat_vbus.ko, sets the group and
#      mode of /dev/EtherCAT0 as the udev rule would, loads the topology) and runs the vitest
#      subset;
#   4. reports on the second serial port (ttyS1) and powers off.
# Markers on ttyS1, one per line: "STEP <name>", "FAIL <reason>", whatever guest-run.mjs
# writes, and last "GUEST_DONE rc=<n>". The console (ttyS0) gets the human-readable log.
# Settings come from the kernel command line: ecat_repo=<checkout path in the host root>,
# ecat_node=<the host's node binary>, ecat_uid (the unprivileged test user's id),
# ecat_addon=<the host's private copy of the addon for this run> (ECAT_NATIVE_PATH).

/bin/busybox mkdir -p /bin /sbin /proc /sys /dev /mnt/host /run
/bin/busybox --install -s /bin
export PATH=/bin:/sbin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

OUT=/dev/ttyS1
mark() { echo "$*" > "$OUT"; }
done_rc() {
    mark "GUEST_DONE rc=$1"
    sync
    poweroff -f
    sleep 5
}
fail() {
    echo "guest: FAIL: $*"
    mark "FAIL $*"
    done_rc 1
}

repo=/work/main
node=/usr/bin/node
uid=4243
addon=
for arg in $(cat /proc/cmdline); do
    case "$arg" in
    ecat_repo=*) repo=${arg#ecat_repo=} ;;
    ecat_node=*) node=${arg#ecat_node=} ;;
    ecat_uid=*) uid=${arg#ecat_uid=} ;;
    ecat_addon=*) addon=${arg#ecat_addon=} ;;
    esac
done

mark "STEP boot $(cut -d' ' -f1 /proc/uptime)"
for m in virtio_pci 9pnet_virtio 9p; do
    modprobe "$m" || fail "modprobe $m"
done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose hostroot /mnt/host || fail "mount the host root (9p)"
mark "STEP hostroot $(cut -d' ' -f1 /proc/uptime)"

# A writable /etc for provisioning (groupadd, the udev rule, /etc/ecat/provision.json) and
# the test user: the host's /etc as the lower layer of an overlay, changes in a tmpfs.
mkdir -p /run/etc-rw
mount -t tmpfs -o mode=0755 tmpfs /run/etc-rw || fail "tmpfs for /etc"
mkdir -p /run/etc-rw/upper /run/etc-rw/work
if modprobe overlay && mount -t overlay overlay -o lowerdir=/mnt/host/etc,upperdir=/run/etc-rw/upper,workdir=/run/etc-rw/work /mnt/host/etc; then
    etc=overlay
else
    echo "guest: overlayfs failed; copying /etc instead"
    cp -a /mnt/host/etc /run/etc-rw/copy && mount --bind /run/etc-rw/copy /mnt/host/etc || fail "writable /etc"
    etc=copy
fi
echo "ecatvm:x:${uid}:${uid}::/tmp:/bin/sh" >> /mnt/host/etc/passwd || fail "add the test user"
echo "ecatvm:x:${uid}:" >> /mnt/host/etc/group || fail "add the test user's group"
mark "STEP etc $(cut -d' ' -f1 /proc/uptime) $etc"

mount --bind /dev /mnt/host/dev || fail "bind /dev"
mount --bind /proc /mnt/host/proc || fail "bind /proc"
mount --bind /sys /mnt/host/sys || fail "bind /sys"
# A checkout under /tmp or /run (a CI clone, say) would be hidden by the guest's tmpfs there:
# keep a bind of it aside and put it back on top of the tmpfs.
keep=
case "$repo" in
/tmp/*|/run/*)
    mkdir -p /run/repo-keep
    mount --bind "/mnt/host$repo" /run/repo-keep || fail "bind the checkout $repo"
    keep=1 ;;
esac
mount -t tmpfs -o mode=1777 tmpfs /mnt/host/tmp || fail "tmpfs /tmp"
mount -t tmpfs -o mode=0755 tmpfs /mnt/host/run || fail "tmpfs /run"
if [ -n "$keep" ]; then
    mkdir -p "/mnt/host$repo" && mount --bind /run/repo-keep "/mnt/host$repo" || fail "put the checkout $repo back"
fi
mark "STEP chroot $(cut -d' ' -f1 /proc/uptime)"

chroot /mnt/host /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp TMPDIR=/tmp \
    ECAT_VM_GUEST=1 ECAT_VM_UID="$uid" ECAT_VM_RESULTS=/dev/ttyS1 ECAT_NATIVE_PATH="${addon:-$repo/build/Release/ecat.node}" \
    "$node" "$repo/scripts/vm/guest-run.mjs"
rc=$?
mark "STEP end $(cut -d' ' -f1 /proc/uptime) $(grep -E '^MemAvailable' /proc/meminfo | tr -s ' ')"
if [ "$rc" -ne 0 ]; then
    echo "guest: kernel log (last 60 lines):"
    dmesg | tail -n 60
fi
done_rc "$rc"
