/* SPDX-License-Identifier: MIT */
/* Placeholder until the ABI tables land: no ABI known. */
#include "abi.h"

const struct eca_req_desc eca_requests[ECA_REQ_COUNT] = {{0}};
const struct eca_abi *const eca_abis[] = {NULL};
