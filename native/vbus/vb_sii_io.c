/* SPDX-License-Identifier: MIT */
/*
 * The master's SII (EEPROM) access through a slave's SII interface registers: a command
 * write (control, address, and for writes the data) followed by a status read, two words
 * per read command as IgH does it. The virtual ESC never reports busy.
 */
#include "vb_master.h"
#include "vb_dgram.h"
#include "vb_esc.h"

int vb_sii_read_words(struct vbus *vb, struct vb_slave *s, unsigned word, unsigned n, uint8_t *dst)
{
    for (unsigned i = 0; i < n; i += 2) {
        uint8_t cmd[6] = {(uint8_t)SII_TWO_ADDRESS_BYTES, (uint8_t)(SII_CMD_READ >> 8)};
        vb_put32(cmd + 2, word + i);
        uint8_t st[10];
        if (!vb_dg_write(vb, s, ESC_SII_CONTROL, cmd, sizeof cmd) ||
            !vb_dg_read(vb, s, ESC_SII_CONTROL, st, sizeof st))
            return -EIO;
        if (vb_le16(st) & (SII_ERROR_ACK | SII_BUSY))
            return -EIO;
        ecat_memcpy(dst + 2u * i, st + 6, n - i >= 2 ? 4 : 2);
    }
    return 0;
}

int vb_sii_write_word(struct vbus *vb, struct vb_slave *s, unsigned word, uint16_t value)
{
    uint8_t cmd[8] = {(uint8_t)(SII_TWO_ADDRESS_BYTES | SII_WRITE_ENABLE), (uint8_t)(SII_CMD_WRITE >> 8)};
    vb_put32(cmd + 2, word);
    vb_put16(cmd + 6, value);
    uint8_t st[2];
    if (!vb_dg_write(vb, s, ESC_SII_CONTROL, cmd, sizeof cmd) || !vb_dg_read(vb, s, ESC_SII_CONTROL, st, 2))
        return -EIO;
    return (vb_le16(st) & (SII_ERROR_ACK | SII_ERROR_WRITE_ENABLE | SII_BUSY)) ? -EIO : 0;
}
