// SPDX-License-Identifier: MIT
// The control requests of ecat_vbus.ko (kernel/uapi/ecat_vbus.h, ioctl type 0xEC):
//
//   vbusKernelLoad(path: string, image: Uint8Array)
//     -> { slaveCount, imageSize, loads }
//     Replaces the bus of the virtual master behind `path`. A refused image throws an
//     Error with ecatCode BAD_TOPOLOGY and the module's reason (which slave, which field);
//     any other failure (EPERM without CAP_SYS_ADMIN, EBUSY while the node is open
//     elsewhere, ENOTTY when the node is not ecat_vbus's) throws a system error.
//   vbusKernelInfo(path: string)
//     -> { version, masterIndex, abi, loaded, slaveCount, imageSize, loads, lastResult, lastError,
//          features: string[] }   ('processData': the activated process data can be mmap'ed)
//
// Both open the node themselves (read-only is enough: the module checks the capability,
// not the open mode) and close it before returning.
#include "addon/kernel_control.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../../kernel/uapi/ecat_vbus.h"
#include "addon/errors.h"

namespace ecat {

namespace {

// An open node that closes itself.
class Fd {
public:
    explicit Fd(const std::string &path)
    {
        do {
            fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        } while (fd_ < 0 && errno == EINTR);
        err_ = fd_ < 0 ? -errno : 0;
    }
    ~Fd()
    {
        if (fd_ >= 0)
            ::close(fd_);
    }
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;

    int get() const { return fd_; }
    int error() const { return err_; }

    long Ioctl(unsigned long request, void *arg) const
    {
        long r;
        do {
            r = ::ioctl(fd_, request, arg);
        } while (r < 0 && errno == EINTR);
        return r < 0 ? -errno : r;
    }

private:
    int fd_ = -1;
    int err_ = 0;
};

std::string Text(const char *s, size_t cap)
{
    return std::string(s, strnlen(s, cap));
}

Napi::Value Load(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    if (info.Length() < 2 || !info[0].IsString() || !info[1].IsTypedArray())
        throw EcatError(env, "INVALID_ARGUMENT", "vbusKernelLoad(path, image): path must be a string and image a Uint8Array", "");
    std::string path = info[0].As<Napi::String>();
    Napi::TypedArray ta = info[1].As<Napi::TypedArray>();
    if (ta.TypedArrayType() != napi_uint8_array)
        throw EcatError(env, "INVALID_ARGUMENT", "vbusKernelLoad: image must be a Uint8Array", path);
    Napi::Uint8Array image = info[1].As<Napi::Uint8Array>();

    Fd fd(path);
    if (fd.get() < 0)
        throw SysError(env, fd.error(), "open", "", path);

    struct ecat_vbus_load req;
    std::memset(&req, 0, sizeof req);
    req.image = reinterpret_cast<uintptr_t>(image.Data());
    req.size = image.ByteLength();
    long r = fd.Ioctl(ECAT_VBUS_IOCTL_LOAD, &req);
    if (r < 0) {
        std::string reason = Text(req.error, sizeof req.error);
        if (r == -ENOTTY) {
            Napi::Error e = SysError(env, r, "ioctl", "ECAT_VBUS_IOCTL_LOAD", path);
            e.Set("message", Napi::String::New(env, path + " is not a device of the ecat_vbus kernel module (ioctl ECAT_VBUS_IOCTL_LOAD: " + std::strerror(ENOTTY) + ")"));
            throw e;
        }
        if ((r == -EINVAL || r == -EOPNOTSUPP || r == -E2BIG) && !reason.empty()) {
            Napi::Error e = EcatError(env, "BAD_TOPOLOGY", path + ": the kernel module refused the topology image: " + reason, path);
            e.Set("errno", Napi::Number::New(env, -r));
            e.Set("syscall", Napi::String::New(env, "ioctl"));
            e.Set("request", Napi::String::New(env, "ECAT_VBUS_IOCTL_LOAD"));
            throw e;
        }
        Napi::Error e = SysError(env, r, "ioctl", "ECAT_VBUS_IOCTL_LOAD", path);
        if (!reason.empty())
            e.Set("message", Napi::String::New(env, e.Message() + " (" + reason + ")"));
        throw e;
    }

    struct ecat_vbus_info st;
    std::memset(&st, 0, sizeof st);
    Napi::Object out = Napi::Object::New(env);
    if (fd.Ioctl(ECAT_VBUS_IOCTL_INFO, &st) == 0) {
        out.Set("slaveCount", Napi::Number::New(env, st.slave_count));
        out.Set("imageSize", Napi::Number::New(env, st.image_size));
        out.Set("loads", Napi::Number::New(env, static_cast<double>(st.loads)));
    }
    return out;
}

Napi::Value Info(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    if (info.Length() < 1 || !info[0].IsString())
        throw EcatError(env, "INVALID_ARGUMENT", "vbusKernelInfo(path): path must be a string", "");
    std::string path = info[0].As<Napi::String>();
    Fd fd(path);
    if (fd.get() < 0)
        throw SysError(env, fd.error(), "open", "", path);
    struct ecat_vbus_info st;
    std::memset(&st, 0, sizeof st);
    long r = fd.Ioctl(ECAT_VBUS_IOCTL_INFO, &st);
    if (r < 0)
        throw SysError(env, r, "ioctl", "ECAT_VBUS_IOCTL_INFO", path);
    Napi::Object out = Napi::Object::New(env);
    out.Set("version", Napi::Number::New(env, st.version));
    out.Set("masterIndex", Napi::Number::New(env, st.master_index));
    out.Set("abi", Napi::String::New(env, Text(st.abi, sizeof st.abi)));
    out.Set("loaded", Napi::Boolean::New(env, st.loaded != 0));
    out.Set("slaveCount", Napi::Number::New(env, st.slave_count));
    out.Set("imageSize", Napi::Number::New(env, st.image_size));
    out.Set("loads", Napi::Number::New(env, static_cast<double>(st.loads)));
    out.Set("lastResult", Napi::Number::New(env, st.last_result));
    out.Set("lastError", Napi::String::New(env, Text(st.last_error, sizeof st.last_error)));
    Napi::Array features = Napi::Array::New(env);
    if (st.features & ECAT_VBUS_FEATURE_PROCESS_DATA)
        features.Set(features.Length(), Napi::String::New(env, "processData"));
    out.Set("features", features);
    return out;
}

} // namespace

void InitKernelControl(Napi::Env env, Napi::Object exports)
{
    exports.Set("vbusKernelLoad", Napi::Function::New<Load>(env, "vbusKernelLoad"));
    exports.Set("vbusKernelInfo", Napi::Function::New<Info>(env, "vbusKernelInfo"));
}

} // namespace ecat
