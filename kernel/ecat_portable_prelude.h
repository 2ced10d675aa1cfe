/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included (Kbuild: -include) before every file of the portable core (native/igh,
 * native/vbus) when it is compiled into ecat_vbus.ko. The core is compiled unchanged; this
 * only adjusts what the kernel's build environment puts around it. kbuild defines MODULE=1
 * for module objects, and the core's ABI tables use MODULE as a request name in X-macros
 * (abi_tables.c also undefines it itself; this keeps every core file safe from it). The
 * core's other contacts with kernel headers (errno numbers, the kernel's u8..s64 type names)
 * are handled in the core: ecat_port.h includes <linux/errno.h> and the core names no
 * function u8..s64.
 */
#undef MODULE
