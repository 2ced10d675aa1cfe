// SPDX-License-Identifier: MIT
// Converts the const ABI tables (native/igh/abi.h) into the NativeAbiTable objects of
// src/binding/native.ts. Read-only and allocation-only; nothing here touches a device.
#include "addon/abi_export.h"

#include <algorithm>
#include <string>
#include <vector>

#include "igh/abi.h"

namespace ecat {

namespace {

const char *DirName(uint8_t dir)
{
    switch (dir) {
    case ECA_DIR_READ: return "read";
    case ECA_DIR_WRITE: return "write";
    case ECA_DIR_RW: return "readwrite";
    default: return "none";
    }
}

const char *ArgName(uint8_t arg)
{
    switch (arg) {
    case ECA_ARG_POINTER: return "pointer";
    case ECA_ARG_VALUE: return "value";
    default: return "none";
    }
}

// C type name of a request's encoded argument, or nullptr for _IO requests.
const char *StructName(const eca_abi *abi, uint8_t st)
{
    switch (st) {
    case ECA_ST_NONE: return nullptr;
    case ECA_ST_U32: return "uint32_t";
    case ECA_ST_U64: return "uint64_t";
    case ECA_ST_SIZE: return "size_t";
    default: return st < ECA_ST_COUNT && abi->layouts[st] ? abi->layouts[st]->name : nullptr;
    }
}

Napi::Object RequestObject(Napi::Env env, const eca_abi *abi, unsigned r)
{
    uint32_t code = eca_code(abi, static_cast<eca_req>(r));
    const char *st = StructName(abi, abi->st[r]);
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", std::string("EC_IOCTL_") + eca_requests[r].name);
    o.Set("nr", Napi::Number::New(env, abi->nr[r]));
    o.Set("code", Napi::Number::New(env, code));
    o.Set("dir", DirName(eca_requests[r].dir));
    o.Set("arg", ArgName(abi->arg[r]));
    o.Set("struct", st ? Napi::Value(Napi::String::New(env, st)) : env.Null());
    o.Set("size", Napi::Number::New(env, (code >> 16) & 0x3fffu)); // as encoded in the code
    o.Set("needsWrite", Napi::Boolean::New(env, (abi->access[r] & ECA_NEED_WRITE) != 0));
    o.Set("needsRequested", Napi::Boolean::New(env, (abi->access[r] & ECA_NEED_REQUESTED) != 0));
    return o;
}

Napi::Object StructObject(Napi::Env env, const eca_layout *l)
{
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", l->name);
    o.Set("size", Napi::Number::New(env, l->size));
    Napi::Array fields = Napi::Array::New(env);
    uint32_t n = 0;
    for (unsigned i = 0; i < l->field_count; i++) {
        const eca_field &f = l->fields[i];
        if (!(f.flags & ECA_FIELD_PRESENT)) // absent in this variant: not part of the layout
            continue;
        Napi::Object fo = Napi::Object::New(env);
        fo.Set("name", f.name);
        fo.Set("offset", Napi::Number::New(env, f.offset));
        fo.Set("size", Napi::Number::New(env, f.size));
        fo.Set("count", Napi::Number::New(env, f.count));
        fo.Set("elemSize", Napi::Number::New(env, f.elem_size));
        if (f.parent != ECA_NO_PARENT && f.parent < l->field_count)
            fo.Set("parent", l->fields[f.parent].name);
        else
            fo.Set("parent", env.Null());
        if (f.bit_width) {
            fo.Set("bitOffset", Napi::Number::New(env, f.bit_offset));
            fo.Set("bitWidth", Napi::Number::New(env, f.bit_width));
        }
        if (f.flags & ECA_FIELD_POINTER)
            fo.Set("pointer", Napi::Boolean::New(env, true));
        fields.Set(n++, fo);
    }
    o.Set("fields", fields);
    return o;
}

Napi::Object AbiObject(Napi::Env env, const eca_abi *abi)
{
    Napi::Object o = Napi::Object::New(env);
    o.Set("id", abi->id);
    o.Set("description", abi->description);
    o.Set("magic", Napi::Number::New(env, abi->magic));
    o.Set("devices", Napi::Number::New(env, abi->devices));

    // Requests the ABI has, in request-number order (the order of the kernel's table).
    std::vector<unsigned> present;
    for (unsigned r = 0; r < ECA_REQ_COUNT; r++)
        if (abi->nr[r] >= 0)
            present.push_back(r);
    std::sort(present.begin(), present.end(), [abi](unsigned a, unsigned b) { return abi->nr[a] < abi->nr[b]; });
    Napi::Array requests = Napi::Array::New(env, present.size());
    for (size_t i = 0; i < present.size(); i++)
        requests.Set(static_cast<uint32_t>(i), RequestObject(env, abi, present[i]));
    o.Set("requests", requests);

    Napi::Array structs = Napi::Array::New(env);
    uint32_t n = 0;
    for (unsigned s = 0; s < ECA_ST_COUNT; s++)
        if (abi->layouts[s])
            structs.Set(n++, StructObject(env, abi->layouts[s]));
    o.Set("structs", structs);
    return o;
}

Napi::Value AbiTables(const Napi::CallbackInfo &info)
{
    Napi::Env env = info.Env();
    Napi::Array list = Napi::Array::New(env);
    for (uint32_t i = 0; eca_abis[i]; i++)
        list.Set(i, AbiObject(env, eca_abis[i]));
    return list;
}

} // namespace

void InitAbiExport(Napi::Env env, Napi::Object exports)
{
    exports.Set("abiTables", Napi::Function::New<AbiTables>(env, "abiTables"));
}

} // namespace ecat
