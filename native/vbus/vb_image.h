/* SPDX-License-Identifier: MIT */
/*
 * Reads and validates a topology image (docs/vbus-image.md) as untrusted input and builds
 * the physical slaves from it: port table, EEPROM, ESC register file, mailbox buffers,
 * object dictionary and model parameters. Every error names the slave and the field.
 */
#ifndef ECAT_VBUS_IMAGE_H
#define ECAT_VBUS_IMAGE_H

#include "vb_types.h"

#define VB_IMAGE_MAGIC 0x31494256u /* "VBI1" */
#define VB_IMAGE_VERSION 1
#define VB_IMAGE_MAX_SIZE (64u * 1024u * 1024u)

/*
 * Fill vb->mac, vb->link_up, vb->slave_count, vb->slaves and vb->image_hash from the image.
 * Returns 0, -EINVAL (message in err), -ENOTSUP (version) or -ENOMEM. On failure nothing
 * stays allocated.
 */
int vb_image_load(struct vbus *vb, const uint8_t *image, size_t size, char *err, size_t err_size);

/* Free what vb_image_load allocated for the slaves. */
void vb_image_free(struct vbus *vb);

#endif /* ECAT_VBUS_IMAGE_H */
