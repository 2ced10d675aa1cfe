// SPDX-License-Identifier: MIT
// image.inputs / image.outputs: the plain-object face of the process image for hot loops.
// Inputs are rewritten by sync() only, outputs staged by publish() only when they changed,
// with the same range checks as set(), and without clobbering values staged through the
// accessors.
import { describe, expect, it } from 'vitest';
import { EtherCATError } from '../../src/binding/errors.js';
import { cyclingFake, imageVars as vars } from './runtime-setup.js';



describe('image.inputs / image.outputs', () => {
  it('moves values like the accessors: outputs at publish(), inputs at sync()', async () => {
    const { fake, cycling } = await cyclingFake({}, vars);
    fake.pause();
    const img = cycling.image;
    const { inputs, outputs } = img;
    // Every input of the configuration in one, every output in the other, nothing in both.
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['axis_mode_display', 'axis_position', 'axis_statusword', 'di1', 'di2', 'di8']));
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['axis_controlword', 'axis_mode', 'axis_target_position', 'do1', 'do2', 'do8']));
    expect(Object.keys(inputs).filter((k) => k in outputs)).toEqual([]);
    expect(Object.keys(inputs).length + Object.keys(outputs).length).toBe(img.layout.variables.length);
    outputs.do1 = true;
    outputs.do8 = true;
    outputs.axis_controlword = 0x0f;
    outputs.axis_target_position = -123456;
    outputs.axis_mode = 8;
    // Not staged before publish(): the accessors still see the old values.
    expect(img.get('axis.target_position')).toBe(0);
    img.publish();
    expect(img.get('axis.target_position')).toBe(-123456);
    fake.step(1);
    expect(inputs.axis_position).toBe(0); // not before sync()
    expect(img.sync()).toBe(true);
    expect([inputs.di1, inputs.di2, inputs.di8]).toEqual([true, false, true]);
    expect(inputs.axis_statusword).toBe(0x0f);
    expect(inputs.axis_position).toBe(-123456);
    expect(inputs.axis_mode_display).toBe(8);
    expect(fake.processData[0]).toBe(0x81);
    cycling.close();
  });

  it('checks ranges at publish(), naming the variable, and hands nothing over on failure', async () => {
    const { fake, cycling } = await cyclingFake({}, vars);
    fake.pause();
    const img = cycling.image;
    const hb = cycling.stats().heartbeat;
    img.outputs.axis_mode = 300;
    let err: unknown;
    try {
      img.publish();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RangeError);
    expect(String((err as Error).message)).toMatch(/axis\.mode/);
    expect(String((err as Error).message)).toMatch(/int8/);
    expect(cycling.stats().heartbeat).toBe(hb); // nothing was published
    img.outputs.axis_mode = 7;
    img.publish();
    expect(img.get('axis.mode')).toBe(7);
    cycling.close();
  });

  it('leaves alone what the accessors staged when the plain property did not change', async () => {
    const { cycling } = await cyclingFake({}, vars);
    const img = cycling.image;
    void img.outputs; // build the snapshot
    img.vars.axis_controlword = 6;
    img.publish();
    expect(img.get('axis.controlword')).toBe(6);
    img.outputs.axis_controlword = 15;
    img.publish();
    expect(img.get('axis.controlword')).toBe(15);
    cycling.close();
  });

  it('is closed with the image', async () => {
    const { cycling } = await cyclingFake({}, vars);
    const img = cycling.image;
    cycling.close();
    expect(() => img.publish()).toThrow(EtherCATError);
  });
});
