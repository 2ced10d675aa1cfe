// SPDX-License-Identifier: MIT
// exports.vbusKernelLoad(path, image) and exports.vbusKernelInfo(path): the control requests
// of the project's kernel module (kernel/, ecat_vbus.ko), which hosts the virtual master
// behind a real /dev/EtherCAT<N>. Loading needs CAP_SYS_ADMIN and no other open file on the
// node; the image is the one buildImage() makes from a topology file (docs/vbus-image.md).
#ifndef ECAT_ADDON_KERNEL_CONTROL_H
#define ECAT_ADDON_KERNEL_CONTROL_H

#include <napi.h>

namespace ecat {

void InitKernelControl(Napi::Env env, Napi::Object exports);

} // namespace ecat

#endif
