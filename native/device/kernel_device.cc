// SPDX-License-Identifier: MIT
// KernelDevice: a real IgH character device. Owns the file descriptor; closing it releases
// the master in the kernel (IgH deactivates and frees the process data on close).
#include "device.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace ecat {
namespace {

class KernelDevice final : public Device {
public:
    KernelDevice(int fd, std::string path, bool writable) : fd_(fd), path_(std::move(path)), writable_(writable) {}
    ~KernelDevice() override
    {
        if (fd_ >= 0)
            ::close(fd_);
    }

    long Ioctl(uint32_t code, unsigned long arg) override
    {
        long r;
        do {
            r = ::ioctl(fd_, code, arg);
        } while (r < 0 && errno == EINTR);
        return r < 0 ? -errno : r;
    }

    void *Map(size_t size, int *err) override
    {
        void *p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, 0);
        if (p == MAP_FAILED) {
            *err = -errno;
            return nullptr;
        }
        *err = 0;
        return p;
    }

    void Unmap(void *addr, size_t size) override
    {
        if (addr)
            ::munmap(addr, size);
    }

    const std::string &Path() const override { return path_; }
    bool Writable() const override { return writable_; }
    const char *Kind() const override { return "kernel"; }

private:
    int fd_;
    std::string path_;
    bool writable_;
};

} // namespace

std::unique_ptr<Device> OpenKernelDevice(const std::string &path, bool writable, int *err)
{
    int fd;
    do {
        fd = ::open(path.c_str(), (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        *err = -errno;
        return nullptr;
    }
    *err = 0;
    return std::make_unique<KernelDevice>(fd, path, writable);
}

} // namespace ecat
