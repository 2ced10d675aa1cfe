// SPDX-License-Identifier: MIT
// SimDevice: the in-process host of the virtual master (native/vbus). Each SimDevice owns
// one virtual master and one open file on it; ioctls go straight to vbus_ioctl with
// in-process pointers, which the user-space port copies like copy_{from,to}_user would.
#include "device.h"

#include <cerrno>

#include "vbus/vbus.h"

namespace ecat {
namespace {

class SimDevice final : public Device {
public:
    SimDevice(struct vbus *vb, struct vbus_file *file, std::string path, bool writable)
        : vb_(vb), file_(file), path_(std::move(path)), writable_(writable)
    {
    }
    ~SimDevice() override
    {
        vbus_close(file_);
        vbus_destroy(vb_);
    }

    long Ioctl(uint32_t code, unsigned long arg) override { return vbus_ioctl(file_, code, arg); }

    // The process data of the file's last ACTIVATE, by pointer (the in-process equivalent
    // of IgH's mmap of the per-file buffer). It stays valid until the file is closed.
    void *Map(size_t size, int *err) override
    {
        void *addr = nullptr;
        size_t have = 0;
        int r = vbus_process_data(file_, &addr, &have);
        if (r < 0) {
            *err = r;
            return nullptr;
        }
        if (!addr || size > have) {
            *err = -EINVAL; // nothing activated, or more than was allocated
            return nullptr;
        }
        *err = 0;
        return addr;
    }
    void Unmap(void *, size_t) override {} // the master frees it when the file closes

    const std::string &Path() const override { return path_; }
    bool Writable() const override { return writable_; }
    const char *Kind() const override { return "sim"; }

    struct vbus *Sim() override { return vb_; }

    std::vector<uint8_t> SaveState() override
    {
        std::vector<uint8_t> out(vbus_state_size(vb_));
        if (vbus_state_save(vb_, out.data(), out.size()) < 0)
            out.clear();
        return out;
    }

private:
    struct vbus *vb_;
    struct vbus_file *file_;
    std::string path_;
    bool writable_;
};

} // namespace

std::unique_ptr<Device> OpenSimDevice(const uint8_t *image, size_t size, const SimOptions &options,
                                      int *err, std::string *message)
{
    const struct eca_abi *abi = eca_abi_by_id(options.abi_id.c_str());
    if (!abi) {
        *err = -EINVAL;
        *message = "unknown ABI id '" + options.abi_id + "' for the virtual master (see 'ecat abi')";
        return nullptr;
    }
    struct vbus_options vo {};
    vo.abi = abi;
    vo.magic_override = options.magic_override;
    vo.master_index = options.master_index;
    vo.master_count = options.master_index + 1;
    char reason[256] = {0};
    struct vbus *vb = nullptr;
    int r = vbus_create(image, size, &vo, &vb, reason, sizeof reason);
    if (r < 0) {
        *err = r;
        *message = reason[0] ? reason : "the virtual master rejected the topology image";
        return nullptr;
    }
    if (!options.state.empty() && vbus_state_load(vb, options.state.data(), options.state.size()) < 0) {
        // A state blob from another topology or version: start fresh rather than fail.
    }
    struct vbus_file *file = nullptr;
    r = vbus_open(vb, options.writable ? 1 : 0, &file);
    if (r < 0) {
        vbus_destroy(vb);
        *err = r;
        *message = "could not open the virtual master";
        return nullptr;
    }
    *err = 0;
    std::string path = "sim:/dev/EtherCAT" + std::to_string(options.master_index);
    return std::make_unique<SimDevice>(vb, file, path, options.writable);
}

} // namespace ecat
