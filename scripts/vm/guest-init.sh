#!/bin/busybox sh
# SPDX-License-Identifier: MIT
# /init of the VM suite's initramfs (busybox). Runs as PID 1 in the guest:
#   1. mounts proc, sys, devtmpfs; loads virtio/9p and mounts the host's root read-only;
#   2. loads ecat_vbus.ko (the DKMS-built copy packed into the initramfs) and sets up the
#      device node as the project's udev rule would: group "ethercat", mode 0660;
#   3. chroots into the host root (with the guest's /dev, /proc, /sys and a tmpfs /tmp)
#      and runs scripts/vm/guest-run.mjs, which loads a topology and runs the vitest subset;
#   4. reports on the second serial port (ttyS1) and powers off.
# Markers on ttyS1, one per line: "STEP <name>", "FAIL <reason>", whatever guest-run.mjs
# writes, and last "GUEST_DONE rc=<n>". The console (ttyS0) gets the human-readable log.
# Settings come from the kernel command line: ecat_repo=<checkout path in the host root>,
# ecat_node=<the host's node binary>, ecat_uid/ecat_gid (the unprivileged test user and the
# ethercat group's ids).

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
gid=4242
for arg in $(cat /proc/cmdline); do
    case "$arg" in
    ecat_repo=*) repo=${arg#ecat_repo=} ;;
    ecat_node=*) node=${arg#ecat_node=} ;;
    ecat_uid=*) uid=${arg#ecat_uid=} ;;
    ecat_gid=*) gid=${arg#ecat_gid=} ;;
    esac
done

mark "STEP boot $(cut -d' ' -f1 /proc/uptime)"
for m in virtio_pci 9pnet_virtio 9p; do
    modprobe "$m" || fail "modprobe $m"
done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose hostroot /mnt/host || fail "mount the host root (9p)"
mark "STEP hostroot $(cut -d' ' -f1 /proc/uptime)"

modprobe ecat_vbus || fail "modprobe ecat_vbus"
i=0
while [ ! -c /dev/EtherCAT0 ] && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
[ -c /dev/EtherCAT0 ] || fail "/dev/EtherCAT0 did not appear after loading ecat_vbus"
mark "STEP module $(cut -d' ' -f1 /proc/uptime) $(cat /sys/class/EtherCAT/EtherCAT0/vbus_abi)"

# What the project's udev rule does (dkms/udev.rules.in): GROUP="ethercat", MODE="0660".
# The host's /etc is read-only here, so the group and an unprivileged test user are added
# to copies of /etc/group and /etc/passwd that are bind-mounted over the originals.
cp /mnt/host/etc/group /run/group && cp /mnt/host/etc/passwd /run/passwd || fail "copy /etc/group and /etc/passwd"
echo "ethercat:x:${gid}:" >> /run/group
echo "ecatvm:x:${uid}:${uid}::/tmp:/bin/sh" >> /run/passwd
echo "ecatvm:x:${uid}:" >> /run/group
mount --bind /run/group /mnt/host/etc/group || fail "bind /etc/group"
mount --bind /run/passwd /mnt/host/etc/passwd || fail "bind /etc/passwd"
for dev in /dev/EtherCAT*; do
    chown "0:${gid}" "$dev" && chmod 0660 "$dev" || fail "permissions of $dev"
done

mount --bind /dev /mnt/host/dev || fail "bind /dev"
mount --bind /proc /mnt/host/proc || fail "bind /proc"
mount --bind /sys /mnt/host/sys || fail "bind /sys"
mount -t tmpfs -o mode=1777 tmpfs /mnt/host/tmp || fail "tmpfs /tmp"
mark "STEP chroot $(cut -d' ' -f1 /proc/uptime)"

chroot /mnt/host /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp TMPDIR=/tmp \
    ECAT_VM_GUEST=1 ECAT_VM_UID="$uid" ECAT_VM_GID="$gid" ECAT_VM_RESULTS=/dev/ttyS1 \
    "$node" "$repo/scripts/vm/guest-run.mjs"
rc=$?
mark "STEP end $(cut -d' ' -f1 /proc/uptime) $(grep -E '^MemAvailable' /proc/meminfo | tr -s ' ')"
if [ "$rc" -ne 0 ]; then
    echo "guest: kernel log (last 60 lines):"
    dmesg | tail -n 60
fi
done_rc "$rc"
