// SPDX-License-Identifier: MIT
// SDO, register and SII Promises while cycling: slaves by name or position, CoE type encoding and
// decoding, range errors before anything is sent, abort codes with their meaning, and the phase
// rule (mailbox work belongs to a cycling master).
import { describe, expect, it } from 'vitest';
import type { EtherCATError } from '../../src/binding/errors.js';
import { cyclingFake } from './runtime-setup.js';

describe('sdo', () => {
  it('uploads by slave name and by position, raw and typed', async () => {
    const { cycling } = await cyclingFake();
    expect(await cycling.sdo.upload('axis', 0x6081, 0, 'uint32')).toBe(100000);
    expect([...(await cycling.sdo.upload(2, 0x6081, 0))]).toEqual([0xa0, 0x86, 0x01, 0x00]);
    expect(await cycling.sdo.upload('axis', 0x1008, 0, 'string')).toBe('servo');
    expect(await cycling.sdo.upload('axis', 0x6081, 0, 'int32')).toBe(100000);
    cycling.close();
  });

  it('downloads typed values and reads them back', async () => {
    const { cycling } = await cyclingFake();
    await cycling.sdo.download('axis', 0x6081, 0, 250000, 'uint32');
    expect(await cycling.sdo.upload('axis', 0x6081, 0, 'uint32')).toBe(250000);
    await cycling.sdo.download('axis', 0x6081, 0, -2, 'int32');
    expect(await cycling.sdo.upload('axis', 0x6081, 0, 'uint32')).toBe(0xfffffffe);
    await cycling.sdo.download('axis', 0x6081, 0, 1n << 40n, 'uint64');
    expect(await cycling.sdo.upload('axis', 0x6081, 0, 'uint64')).toBe(1n << 40n);
    await cycling.sdo.download('axis', 0x6081, 0, 0.5, 'real32');
    expect(await cycling.sdo.upload('axis', 0x6081, 0, 'real32')).toBe(0.5);
    await cycling.sdo.download('axis', 0x6081, 0, true, 'bool');
    expect(await cycling.sdo.upload('axis', 0x6081, 0, 'bool')).toBe(true);
    await cycling.sdo.download('axis', 0x6081, 0, Uint8Array.of(1, 2));
    expect([...(await cycling.sdo.upload('axis', 0x6081, 0))]).toEqual([1, 2]);
    cycling.close();
  });

  it('rejects values out of range for their type before sending anything', async () => {
    const { cycling, fake } = await cyclingFake();
    await expect(cycling.sdo.download('axis', 0x6081, 0, 70000, 'uint16')).rejects.toThrow(RangeError);
    await expect(cycling.sdo.download('axis', 0x6081, 0, 70000, 'uint16')).rejects.toThrow(/SDO download 0x6081:00 to axis \(position 2\): Value 70000 is out of range for type 'uint16' \(0\.\.65535\)/);
    await expect(cycling.sdo.download('axis', 0x6081, 0, 1.5, 'int32')).rejects.toThrow(/1.5 is not an integer/);
    await expect(cycling.sdo.download('axis', 0x6081, 0, 5)).rejects.toThrow(/give the value's type/);
    await expect(cycling.sdo.upload('axis', 0x10000, 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(cycling.sdo.upload('axes', 0x6081, 0)).rejects.toMatchObject({ code: 'NO_SUCH_SLAVE', message: expect.stringMatching(/did you mean "axis"/) });
    expect(fake.pendingMailbox).toBe(0);
    cycling.close();
  });

  it('turns an SDO abort into SDO_ABORT with the code, its meaning, the slave and the object', async () => {
    const { cycling } = await cyclingFake();
    const err = (await cycling.sdo.upload('axis', 0x2000, 1, 'uint8').catch((e: unknown) => e)) as EtherCATError;
    expect(err.code).toBe('SDO_ABORT');
    expect(err.abortCode).toBe(0x06020000);
    expect(err.slave).toBe(2);
    expect(err.message).toBe('SDO upload 0x2000:01 from axis (position 2): SDO transfer aborted with 0x06020000: Object does not exist in the object dictionary');
    cycling.sim?.fault({ kind: 'sdo-abort', slave: 'axis', index: 0x6081, subindex: 0, code: 0x06010002 });
    await expect(cycling.sdo.download('axis', 0x6081, 0, 1, 'uint32')).rejects.toMatchObject({ abortCode: 0x06010002, message: expect.stringMatching(/read-only/) });
    cycling.close();
  });

  it('reports an upload whose size does not fit the type', async () => {
    const { cycling } = await cyclingFake();
    await expect(cycling.sdo.upload('axis', 0x6081, 0, 'uint16', { maxSize: 4 })).rejects.toMatchObject({ code: 'SDO_TYPE', message: expect.stringMatching(/the slave sent 4 bytes, uint16 is 2/) });
    cycling.close();
  });

  it('is only available while this cycling run is active', async () => {
    const { cycling, active } = await cyclingFake();
    cycling.stop();
    await expect(cycling.sdo.upload('axis', 0x6081, 0)).rejects.toMatchObject({ code: 'WRONG_PHASE' });
    const again = await active.start({ loop: false });
    await expect(cycling.sdo.upload('axis', 0x6081, 0)).rejects.toMatchObject({ code: 'WRONG_PHASE', message: expect.stringMatching(/run has ended/) });
    expect(await again.sdo.upload('axis', 0x6081, 0, 'uint32')).toBe(100000);
    again.close();
  });
});

describe('registers and SII', () => {
  it('reads and writes registers and reads SII words', async () => {
    const { cycling } = await cyclingFake();
    expect([...(await cycling.registers.read('axis', 0x130, 2))]).toEqual([8, 8]);
    await cycling.registers.write('axis', 0x120, Uint8Array.of(8, 0));
    expect((await cycling.sii.read(0, 8, 4)).length).toBe(8);
    await expect(cycling.registers.read('axis', 0xffff, 4)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(cycling.sii.read('axis', 0, 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    cycling.close();
  });
});
