/* SPDX-License-Identifier: MIT */
/*
 * The ESC's SII (EEPROM) interface, registers 0x0500-0x050f: a master writes a command
 * (read, write, reload) with a word address, and the ESC executes it. The virtual EEPROM
 * answers at once, so the busy bit is never seen set. Words beyond the EEPROM read as
 * 0xffff (erased); writing beyond it fails with the acknowledge error bit, as an EEPROM
 * that does not answer its address would make a real ESC report.
 */
#include "vb_esc.h"

static uint16_t eeprom_word(const struct vb_slave *s, uint32_t w)
{
    return w < s->eeprom_words ? vb_le16(s->eeprom + 2 * w) : 0xffff;
}

void vb_esc_sii_command(struct vb_slave *s)
{
    uint8_t *r = s->regs;
    uint16_t ctl = vb_le16(r + ESC_SII_CONTROL);
    uint16_t cmd = ctl & SII_CMD_MASK;
    uint32_t addr = vb_le32(r + ESC_SII_ADDRESS);

    ctl &= (uint16_t)~(SII_ERROR_ACK | SII_ERROR_WRITE_ENABLE | SII_BUSY | SII_CMD_MASK);
    switch (cmd) {
    case 0:
        break;
    case SII_CMD_READ: {
        unsigned words = (ctl & SII_READ_8_BYTES) ? 4 : 2;
        for (unsigned i = 0; i < words; i++)
            vb_put16(r + ESC_SII_DATA + 2 * i, eeprom_word(s, addr + i));
        break;
    }
    case SII_CMD_WRITE:
        if (!(ctl & SII_WRITE_ENABLE))
            ctl |= SII_ERROR_WRITE_ENABLE;
        else if (addr >= s->eeprom_words)
            ctl |= SII_ERROR_ACK;
        else
            vb_put16(s->eeprom + 2 * addr, vb_le16(r + ESC_SII_DATA));
        break;
    case SII_CMD_RELOAD:
        vb_esc_load_eeprom_config(s);
        ctl = (uint16_t)((ctl & ~SII_CHECKSUM_ERROR) | (vb_le16(r + ESC_SII_CONTROL) & SII_CHECKSUM_ERROR));
        break;
    default:
        ctl |= SII_ERROR_ACK; /* not a valid command */
    }
    ctl &= (uint16_t)~SII_WRITE_ENABLE; /* write enable holds for one command only */
    vb_put16(r + ESC_SII_CONTROL, ctl);
}
