import { describe, expect, it } from 'vitest';
import type { FaceRuntime } from '../../src/ui/types';
import type { FaceHost, FaceLoader } from '../../src/widget/face-host';
import { Disposables } from '../../src/util/disposables';
import { wireFace } from '../../src/widget/face-wiring';

/** A face module whose loads the test resolves or rejects by hand. */
function controlledLoader() {
  const loads: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const made: { destroyed: number }[] = [];
  const load: FaceLoader = () =>
    new Promise((resolve, reject) => {
      loads.push({
        resolve: () =>
          resolve({
            createFace: (): FaceRuntime => {
              const runtime = { destroyed: 0 };
              made.push(runtime);
              return { mount: () => () => {}, destroy: () => void runtime.destroyed++ };
            },
          }),
        reject,
      });
    });
  return { load, loads, made };
}

const host = {} as FaceHost;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('wireFace: the core side of face analysis', () => {
  it('loads nothing until asked, then once, however many times it is asked', async () => {
    const { load, loads, made } = controlledLoader();
    const subs = new Disposables();
    const face = wireFace(host, load, subs);
    expect(loads).toHaveLength(0);
    const a = face.load();
    const b = face.load();
    expect(loads).toHaveLength(1);
    loads[0]!.resolve();
    expect(await a).toBe(await b);
    expect(await face.load()).toBe(await a);
    expect(made).toHaveLength(1);
    subs.dispose();
    await tick();
    expect(made[0]!.destroyed).toBe(1);
  });

  it('forgets a failed load, so the shopper can try again', async () => {
    const { load, loads, made } = controlledLoader();
    const face = wireFace(host, load, new Disposables());
    const first = face.load();
    loads[0]!.reject(new Error('network'));
    await expect(first).rejects.toThrow('network');
    const second = face.load();
    expect(loads).toHaveLength(2);
    loads[1]!.resolve();
    await second;
    expect(made).toHaveLength(1);
  });

  it('destroys a runtime that arrives after the widget was destroyed, and refuses new loads', async () => {
    const { load, loads, made } = controlledLoader();
    const subs = new Disposables();
    const face = wireFace(host, load, subs);
    const pending = face.load();
    subs.dispose();
    loads[0]!.resolve();
    await pending;
    await tick();
    expect(made[0]!.destroyed).toBe(1);
    await expect(face.load()).rejects.toMatchObject({ code: 'destroyed' });
    expect(loads).toHaveLength(1);
  });
});
