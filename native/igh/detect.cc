// SPDX-License-Identifier: MIT
// ABI detection; see detect.h for the scheme.
#include "detect.h"

#include <algorithm>
#include <cerrno>

#include "igh/request.h"

namespace ecat {

std::vector<uint32_t> SupportedMagics()
{
    std::vector<uint32_t> m;
    for (unsigned i = 0; eca_abis[i]; i++)
        m.push_back(eca_abis[i]->magic);
    std::sort(m.begin(), m.end());
    m.erase(std::unique(m.begin(), m.end()), m.end());
    return m;
}

static long RunProbe(Device &dev, const eca_abi *abi, eca_req req, Detection *d, std::vector<uint8_t> *out)
{
    Request r(abi, req);
    long res = r.Call(dev);
    d->probes.push_back(Probe{abi->id, r.FullName(), r.Code(), res});
    if (out && res >= 0)
        out->assign(r.Data(), r.Data() + r.Layout()->size);
    return res;
}

Detection DetectAbi(Device &dev)
{
    Detection d;
    // MODULE is request 0 with an 8-byte result in every ABI ever seen: use any table.
    const eca_abi *any = eca_abis[0];
    if (!any) {
        d.outcome = Detection::kNoMatchingTable;
        d.message = "this build knows no IgH ABI";
        return d;
    }
    Request module(any, ECA_REQ_MODULE);
    long r = module.Call(dev);
    d.probes.push_back(Probe{"any", module.FullName(), module.Code(), r});
    if (r < 0) {
        d.outcome = Detection::kSysError;
        d.error = r;
        d.failed_request = module.FullName();
        return d;
    }
    d.magic = static_cast<uint32_t>(module.Get(ECA_MODULE_F_IOCTL_VERSION_MAGIC));
    d.master_count = static_cast<uint32_t>(module.Get(ECA_MODULE_F_MASTER_COUNT));

    std::vector<const eca_abi *> candidates;
    for (unsigned i = 0; eca_abis[i]; i++)
        if (eca_abis[i]->magic == d.magic)
            candidates.push_back(eca_abis[i]);
    if (candidates.empty()) {
        d.outcome = Detection::kUnsupportedMagic;
        std::string list;
        for (uint32_t m : SupportedMagics())
            list += (list.empty() ? "" : ", ") + std::to_string(m);
        d.message = "unsupported IgH ABI: the module reports ioctl magic " + std::to_string(d.magic) +
                    "; this build supports magic " + list;
        return d;
    }

    // Step 1: MASTER_STATE tells lines with the same magic apart (ENOTTY = not this line).
    // Candidates differing only in the device count share the code, so probe each code once.
    std::vector<uint32_t> tried;
    for (const eca_abi *c : candidates) {
        uint32_t code = eca_code(c, ECA_REQ_MASTER_STATE);
        if (std::find(tried.begin(), tried.end(), code) != tried.end())
            continue;
        tried.push_back(code);
        long s = RunProbe(dev, c, ECA_REQ_MASTER_STATE, &d, nullptr);
        if (s == -ENOTTY)
            continue;
        if (s < 0) {
            d.outcome = Detection::kSysError;
            d.error = s;
            d.failed_request = "EC_IOCTL_MASTER_STATE";
            return d;
        }
        // Step 2: MASTER with each build variant of this line; its size encodes the device count.
        for (const eca_abi *v : candidates) {
            if (eca_code(v, ECA_REQ_MASTER_STATE) != code)
                continue;
            std::vector<uint8_t> info;
            long m = RunProbe(dev, v, ECA_REQ_MASTER, &d, &info);
            if (m == -ENOTTY)
                continue;
            if (m < 0) {
                d.outcome = Detection::kSysError;
                d.error = m;
                d.failed_request = "EC_IOCTL_MASTER";
                return d;
            }
            // Sanity: scan_index (1.6) can never exceed the slave count.
            const eca_layout *ml = v->layouts[ECA_ST_MASTER];
            uint64_t slaves = eca_get(info.data(), ml, ECA_MASTER_F_SLAVE_COUNT, 0, 0);
            if (eca_size(ml, ECA_MASTER_F_SCAN_INDEX) &&
                eca_get(info.data(), ml, ECA_MASTER_F_SCAN_INDEX, 0, 0) > slaves)
                continue;
            d.abi = v;
            return d;
        }
        d.outcome = Detection::kNoMatchingTable;
        d.message = "the module (ioctl magic " + std::to_string(d.magic) + ", line " + c->id +
                    ") rejects every known EC_IOCTL_MASTER layout: it was built with options this build does "
                    "not know (for example --disable-eoe)";
        return d;
    }
    d.outcome = Detection::kNoMatchingTable;
    std::string ids;
    for (const eca_abi *c : candidates)
        ids += (ids.empty() ? "" : ", ") + std::string(c->id);
    d.message = "the module reports ioctl magic " + std::to_string(d.magic) +
                " but answers none of the known tables for it (" + ids +
                "): probably a development snapshot or a fork with a different request numbering";
    return d;
}

} // namespace ecat
