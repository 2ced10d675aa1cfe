// SPDX-License-Identifier: MIT
// The device boundary (DESIGN.md decision 1): everything above talks to a Device that offers
// exactly what the IgH character device offers, ioctl and mmap. KernelDevice forwards them
// to a real /dev/EtherCAT<N>; SimDevice hands them to the in-process virtual master. Only
// the syscall differs, so the ABI encoding, lifecycle and cyclic code run the same on both.
#ifndef ECAT_DEVICE_H
#define ECAT_DEVICE_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct vbus; // native/vbus: the virtual master a SimDevice hosts

namespace ecat {

class Device {
public:
    virtual ~Device() = default;

    // One ioctl as the IgH module receives it. Returns the non-negative result or -errno.
    // `arg` is a pointer cast to an integer, or a plain value for by-value requests.
    virtual long Ioctl(uint32_t code, unsigned long arg) = 0;

    // Map the process data after ACTIVATE. Returns nullptr and sets *err (-errno) on failure.
    virtual void *Map(size_t size, int *err) = 0;
    virtual void Unmap(void *addr, size_t size) = 0;

    virtual const std::string &Path() const = 0;
    virtual bool Writable() const = 0;
    virtual const char *Kind() const = 0; // "kernel" or "sim"

    // Virtual master only: its mutable state, to restore on a later open. Empty otherwise.
    virtual std::vector<uint8_t> SaveState() { return {}; }

    // Virtual master only: the hosted master, for fault injection (NativeSimControl).
    // nullptr on a kernel device.
    virtual struct vbus *Sim() { return nullptr; }
};

// Open /dev/EtherCAT<N> (or any path). `writable` selects O_RDWR or O_RDONLY.
// Returns nullptr and sets *err to -errno on failure.
std::unique_ptr<Device> OpenKernelDevice(const std::string &path, bool writable, int *err);

struct SimOptions {
    std::string abi_id = "1.6";
    uint32_t magic_override = 0;
    uint32_t master_index = 0;
    bool writable = true;
    std::vector<uint8_t> state; // from a previous SaveState(), may be empty
};

// Create an in-process virtual master from a topology image (docs/vbus-image.md) and open it.
// Returns nullptr and fills *err (-errno) and *message on failure.
std::unique_ptr<Device> OpenSimDevice(const uint8_t *image, size_t size, const SimOptions &options,
                                      int *err, std::string *message);

} // namespace ecat

#endif
