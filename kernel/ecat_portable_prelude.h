/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included (Kbuild: -include) before every file of the portable core (native/igh,
 * native/vbus) when it is compiled into ecat_vbus.ko. The core is compiled unchanged; this
 * only adjusts what the kernel's build environment puts around it. Each item is a gap
 * between the core and the kernel's headers that the freestanding check
 * (npm run check:portable) cannot see, since it compiles without kernel headers:
 *
 *  1. kbuild defines MODULE=1 for module objects, and the core's ABI tables use MODULE as a
 *     request name in X-macros, which would then expand to 1. The core includes no kernel
 *     header that looks at MODULE, so it is undefined for these files only.
 *  2. ecat_port.h takes the errno numbers from the kernel inside it but includes no header
 *     for them: <linux/errno.h> is included here.
 *  3. The kernel's <linux/types.h> declares the types u8 .. u64 and s8 .. s64, and the core
 *     uses some of those names for functions of its own (field readers). The kernel headers
 *     the core gets through ecat_port.h are included here first, with those eight names
 *     renamed while they are read; the core then sees only the fixed-width names
 *     (uint8_t ...) it uses, and its own u8(), s32() etc. do not collide.
 */
#undef MODULE

#define u8 ecat_kernel_u8
#define u16 ecat_kernel_u16
#define u32 ecat_kernel_u32
#define u64 ecat_kernel_u64
#define s8 ecat_kernel_s8
#define s16 ecat_kernel_s16
#define s32 ecat_kernel_s32
#define s64 ecat_kernel_s64
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/errno.h>
#undef u8
#undef u16
#undef u32
#undef u64
#undef s8
#undef s16
#undef s32
#undef s64
