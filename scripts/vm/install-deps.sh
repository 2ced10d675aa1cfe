#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian packages the VM test suite (npm run test:vm) needs: qemu, dkms, the
# Debian kernel image and its headers, busybox and cpio for the guest's initramfs, kmod.
# Idempotent: when every package is already installed it returns at once without touching
# apt. INITRD=No keeps the host from building an initrd for the installed kernel (minutes,
# and nobody boots it: the harness builds its own initramfs).
set -eu

PACKAGES="qemu-system-x86 dkms linux-headers-amd64 linux-image-amd64 busybox-static cpio kmod"

missing=""
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
    case "$status" in
    ii*) ;;
    *) missing="$missing $p" ;;
    esac
done

if [ -z "$missing" ]; then
    echo "vm deps: all installed ($PACKAGES)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "vm deps: missing:$missing; run this script as root (it calls apt-get)" >&2
    exit 1
fi

echo "vm deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
export INITRD=No
apt-get update
# shellcheck disable=SC2086 # the list is fixed above, word splitting is intended
apt-get install -y --no-install-recommends $PACKAGES
echo "vm deps: done"
