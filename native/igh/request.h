// SPDX-License-Identifier: MIT
// Request: one IgH ioctl argument built from the ABI tables. It sizes a zeroed buffer for
// the request's struct in the detected ABI, sets and reads fields by id (no C structs, so
// every ABI variant works), and issues the call on a Device. Used by the addon and by the
// native runtime; it allocates (a small vector) and is therefore not for the cyclic path.
#ifndef ECAT_IGH_REQUEST_H
#define ECAT_IGH_REQUEST_H

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "device/device.h"
#include "igh/abi.h"

namespace ecat {

class Request {
public:
    Request(const eca_abi *abi, eca_req req) : abi_(abi), req_(req)
    {
        uint8_t st = abi->st[req];
        layout_ = (st == ECA_ST_NONE || st >= ECA_ST_U32) ? nullptr : abi->layouts[st];
        size_t size = 8; // scalar arguments are at most 8 bytes
        if (layout_)
            size = layout_->size;
        buf_.assign(size, 0);
    }

    // Whether the ABI has this request at all.
    bool Supported() const { return eca_code(abi_, req_) != 0; }
    uint32_t Code() const { return eca_code(abi_, req_); }
    const char *Name() const { return eca_requests[req_].name; }
    std::string FullName() const { return std::string("EC_IOCTL_") + Name(); }

    Request &Set(unsigned field, uint64_t v, unsigned pi = 0, unsigned ei = 0)
    {
        eca_put(buf_.data(), layout_, field, pi, ei, v);
        return *this;
    }
    Request &SetPtr(unsigned field, const void *p)
    {
        return Set(field, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p)));
    }
    uint64_t Get(unsigned field, unsigned pi = 0, unsigned ei = 0) const
    {
        return eca_get(buf_.data(), layout_, field, pi, ei);
    }
    int64_t GetSigned(unsigned field, unsigned pi = 0, unsigned ei = 0) const
    {
        return static_cast<int64_t>(Get(field, pi, ei));
    }
    bool Has(unsigned field) const { return eca_size(layout_, field) != 0 || IsBitField(field); }
    // A NUL-terminated string field (IgH fills them with strncpy-like semantics).
    std::string Str(unsigned field, unsigned pi = 0) const
    {
        const char *p = static_cast<const char *>(eca_cptr(buf_.data(), layout_, field, pi));
        if (!p)
            return {};
        size_t n = eca_size(layout_, field);
        return std::string(p, strnlen(p, n));
    }
    const uint8_t *Bytes(unsigned field, unsigned pi = 0) const
    {
        return static_cast<const uint8_t *>(eca_cptr(buf_.data(), layout_, field, pi));
    }

    // Issue the request with a pointer to the argument buffer. Returns >= 0 or -errno.
    long Call(Device &dev) { return dev.Ioctl(Code(), reinterpret_cast<unsigned long>(buf_.data())); }
    // Issue a by-value or argument-less request.
    long CallValue(Device &dev, unsigned long value) { return dev.Ioctl(Code(), value); }

    uint8_t *Data() { return buf_.data(); }
    const eca_layout *Layout() const { return layout_; }

private:
    bool IsBitField(unsigned field) const
    {
        return layout_ && field < layout_->field_count && (layout_->fields[field].flags & ECA_FIELD_PRESENT) &&
               layout_->fields[field].bit_width;
    }

    const eca_abi *abi_;
    eca_req req_;
    const eca_layout *layout_;
    std::vector<uint8_t> buf_;
};

} // namespace ecat

#endif
