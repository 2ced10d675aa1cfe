// SPDX-License-Identifier: MIT
// Run-time ABI detection (DESIGN.md decision 2, igh-abi.md section 7): MODULE first, then
// candidate tables by magic, then the harmless MASTER_STATE and MASTER probes to tell
// colliding lines and build variants apart. Never issues a request that could be a
// different command in some candidate ABI.
#ifndef ECAT_IGH_DETECT_H
#define ECAT_IGH_DETECT_H

#include <string>
#include <vector>

#include "device/device.h"
#include "igh/abi.h"

namespace ecat {

struct Probe {
    std::string abi;      // candidate ABI id
    std::string request;  // "EC_IOCTL_MASTER_STATE"
    uint32_t code;
    long result;          // >= 0 or -errno
};

struct Detection {
    enum Outcome { kOk, kSysError, kUnsupportedMagic, kNoMatchingTable } outcome = kOk;
    uint32_t magic = 0;
    uint32_t master_count = 0;
    const eca_abi *abi = nullptr;
    std::vector<Probe> probes;
    // kSysError: the failing call.
    long error = 0;
    std::string failed_request;
    // Human explanation for kUnsupportedMagic / kNoMatchingTable.
    std::string message;
};

Detection DetectAbi(Device &dev);

// Magic numbers of every ABI the build knows, ascending, without duplicates.
std::vector<uint32_t> SupportedMagics();

} // namespace ecat

#endif
