import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import {
  blankScene,
  facePng,
  faceScene,
  faceY4m,
  fakeCameraInitScript,
  noiseScene,
  type FaceLayout,
  type FakeCameraControl,
  type Point,
  type Scene,
} from '../support/draw-face';
import { FACE_DETECTOR_METADATA, npmShortRangeModel, patchFaceDetectorModel, testFaceDetectorModel, writeTestFaceDetectorModel } from '../support/face-model';
import { FlatBufferReader } from '../support/face-model/flatbuffer-reader';
import { FlatBufferWriter, fb } from '../support/face-model/flatbuffer-writer';
import { buildModelMetadata, readModelMetadata, type TensorMetadataSpec } from '../support/face-model/tflite-metadata';
import { addTfliteMetadata, readTfliteModel } from '../support/face-model/tflite-model';
import { openHarnessPage, startMediaPipeServer, watchForeignRequests, type FaceDetection, type HarnessWindow, type MediaPipeServer } from '../support/mediapipe-server';

/** Data positions of every buffer of a model, for comparing the old and the patched file. */
function bufferData(model: Uint8Array): Array<{ at: number; bytes: Uint8Array } | undefined> {
  const reader = new FlatBufferReader(model);
  return reader.tables(reader.root(), 4).map((buffer) => {
    const bytes = reader.byteVector(buffer, 0);
    return bytes && { at: bytes.byteOffset - model.byteOffset, bytes };
  });
}

describe('the test face detector model, read and patched in Node', () => {
  it('the npm model is BlazeFace short range with no TFLite metadata entry', async () => {
    const raw = new Uint8Array(await npmShortRangeModel());
    expect(raw.byteLength).toBe(229_032);
    const info = readTfliteModel(raw);
    expect(info).toMatchObject({ identifier: 'TFL3', version: 3, rootFields: [0, 1, 2, 3, 4, 5], buffers: 88, metadata: [], signatureDefs: 0 });
    expect(info.subgraphs).toHaveLength(1);
    expect(info.subgraphs[0]!.inputs).toEqual([{ name: 'input', shape: [1, 128, 128, 3], type: 0 }]);
    expect(info.subgraphs[0]!.outputs.map((t) => [t.name, t.shape])).toEqual([
      ['regressors', [1, 896, 16]],
      ['classificators', [1, 896, 1]],
    ]);
  });

  it('patching adds one 16-byte-aligned buffer holding the metadata and a TFLITE_METADATA entry, and keeps the rest', async () => {
    const raw = new Uint8Array(await npmShortRangeModel());
    const patched = patchFaceDetectorModel(raw);
    const before = readTfliteModel(raw);
    const after = readTfliteModel(patched);
    expect(after.rootFields).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect({ ...after, rootFields: [], buffers: 0, metadata: [] }).toEqual({ ...before, rootFields: [], buffers: 0, metadata: [] });
    expect(after.buffers).toBe(before.buffers + 1);
    expect(after.metadata.map(({ name, buffer }) => ({ name, buffer }))).toEqual([{ name: 'TFLITE_METADATA', buffer: 88 }]);
    const entry = after.metadata[0]!;
    expect(entry.dataPosition! % 16).toBe(0);
    expect(Array.from(entry.data!)).toEqual(Array.from(buildModelMetadata(FACE_DETECTOR_METADATA)));
    expect(readModelMetadata(entry.data!)).toEqual({ ...FACE_DETECTOR_METADATA, subgraphCount: 1 });

    // The old file from byte 8 on is carried over byte for byte, shifted by a multiple of 16.
    const shift = patched.byteLength - raw.byteLength;
    expect(shift % 16).toBe(0);
    expect(Buffer.from(patched.subarray(8 + shift)).equals(Buffer.from(raw.subarray(8)))).toBe(true);
    const oldData = bufferData(raw);
    const newData = bufferData(patched).slice(0, oldData.length);
    newData.forEach((data, i) => {
      expect(data?.at, `buffer ${i}`).toBe(oldData[i] && oldData[i]!.at + shift);
      if (data) expect(data.at % 16, `buffer ${i} alignment`).toBe(oldData[i]!.at % 16);
    });
  });

  it('the metadata says RGB input normalised with mean 127.5 and std 127.5, in an "M001" flatbuffer', () => {
    const bytes = buildModelMetadata(FACE_DETECTOR_METADATA);
    expect(new FlatBufferReader(bytes).identifier()).toBe('M001');
    const input = readModelMetadata(bytes).inputs[0]!;
    expect(input.image).toEqual({ colorSpace: 'RGB' });
    expect(input.normalization).toEqual({ mean: [127.5], std: [127.5] });
  });

  it('refuses a second metadata entry, a file that is not a model, and an offset that would point backwards', async () => {
    const patched = await testFaceDetectorModel();
    expect(() => addTfliteMetadata(patched, new Uint8Array(8))).toThrow(/already has a "TFLITE_METADATA"/);
    expect(() => addTfliteMetadata(buildModelMetadata(FACE_DETECTOR_METADATA), new Uint8Array(8))).toThrow(/not a TFLite model/);
    expect(() => new FlatBufferWriter(100).write(fb.table([fb.existing(50)]))).toThrow(/backwards/);
    expect(() => readTfliteModel(patched.subarray(0, 1000))).toThrow(RangeError);
  });

  it('writeTestFaceDetectorModel writes the patched bytes to a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'face-model-'));
    try {
      const path = await writeTestFaceDetectorModel(dir);
      expect(Buffer.compare(await readFile(path), await testFaceDetectorModel())).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the PNG and Y4M encoders produce well-formed files of the drawn face', () => {
    const png = facePng({ width: 64, height: 48 });
    expect(png.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([64, 48, 8, 2]);
    const idatLength = png.readUInt32BE(33);
    expect(png.subarray(37, 41).toString('latin1')).toBe('IDAT');
    expect(inflateSync(png.subarray(41, 41 + idatLength)).byteLength).toBe(48 * (1 + 64 * 3));
    const y4m = faceY4m({ width: 64, height: 48 }, 2);
    const header = 'YUV4MPEG2 W64 H48 F30:1 Ip A1:1 C420jpeg\n';
    expect(y4m.subarray(0, header.length).toString('latin1')).toBe(header);
    expect(y4m.byteLength).toBe(header.length + 2 * (6 + 64 * 48 * 1.5));
  });
});

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** Checks a detection against the drawn layout: box around the head, keypoints on the features. */
function expectFaceAt(detection: FaceDetection, layout: FaceLayout, scene: Scene): void {
  const head = layout.box;
  const centre = { x: detection.box.x + detection.box.width / 2, y: detection.box.y + detection.box.height / 2 };
  expect(centre.x).toBeGreaterThan(head.x);
  expect(centre.x).toBeLessThan(head.x + head.width);
  expect(centre.y).toBeGreaterThan(head.y);
  expect(centre.y).toBeLessThan(head.y + head.height);
  // BlazeFace's box is square, brows to chin: about as wide as the drawn head.
  expect(detection.box.width / head.width).toBeGreaterThan(0.75);
  expect(detection.box.width / head.width).toBeLessThan(1.35);
  const pixels = detection.keypoints.map((k) => ({ x: k.x * scene.width, y: k.y * scene.height }));
  const expected = [layout.rightEye, layout.leftEye, layout.noseTip, layout.mouth, layout.rightEar, layout.leftEar];
  expect(pixels).toHaveLength(6);
  pixels.forEach((point, i) => expect(distance(point, expected[i]!), `keypoint ${i}`).toBeLessThan(0.1 * head.height));
}

describe('the real MediaPipe FaceDetector (tasks-vision 0.10.35) in Chromium, offline', () => {
  let server: MediaPipeServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let detector: number;
  const foreign: string[] = [];
  const paintAndDetect = (scene: Scene) =>
    page.evaluate(
      ({ scene, id }) => {
        const w = window as unknown as HarnessWindow;
        w.paintScene(document.querySelector('#frame')!, scene);
        return w.faceHarness.detect(id, '#frame');
      },
      { scene, id: detector },
    );

  beforeAll(async () => {
    // Two deliberately wrong copies, to show the detector reads the values we wrote.
    const raw = new Uint8Array(await npmShortRangeModel());
    const input = FACE_DETECTOR_METADATA.inputs[0]!;
    const variant = (changes: Partial<TensorMetadataSpec>) => ({
      type: 'application/octet-stream',
      body: patchFaceDetectorModel(raw, { ...FACE_DETECTOR_METADATA, inputs: [{ ...input, ...changes }] }),
    });
    server = await startMediaPipeServer({
      files: {
        '/models/unscaled.tflite': variant({ normalization: { mean: [0], std: [1] } }),
        '/models/grayscale.tflite': variant({ image: { colorSpace: 'GRAYSCALE' } }),
      },
    });
    browser = await launchChromium();
    context = await browser.newContext();
    watchForeignRequests(context, () => server.origin, foreign);
    page = await openHarnessPage(context, server);
    const created = await page.evaluate(() => (window as unknown as HarnessWindow).faceHarness.create('/models/face_detector.tflite'));
    detector = created.id;
    console.info(`[face] FaceDetector init in Chromium (wasm ${created.wasmLoaderPath}, CPU): ${created.ms} ms`);
  });
  afterEach(() => {
    expect(foreign).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loaded the bundle, the wasm and the patched model from the loopback server, and nothing from elsewhere', async () => {
    const paths = server.requests.map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/tasks-vision/vision_bundle.mjs', '/tasks-vision/wasm/vision_wasm_internal.js', '/tasks-vision/wasm/vision_wasm_internal.wasm', '/models/face_detector.tflite']));
    expect(foreign).toEqual([]);
    // The watcher itself works: the same server under another name is another origin.
    const elsewhere = server.origin.replace('127.0.0.1', 'localhost') + '/';
    await page.evaluate((url) => fetch(url, { mode: 'no-cors' }).then(() => undefined), elsewhere);
    expect(foreign).toEqual([elsewhere]);
    foreign.length = 0;
  });

  it('finds the drawn face: one detection, a confident score, the box on the head, keypoints on eyes, nose, mouth and ears', async () => {
    const { scene, layout } = faceScene();
    const first = await paintAndDetect(scene);
    expect(first.detections).toHaveLength(1);
    expect(first.detections[0]!.score).toBeGreaterThan(0.7);
    expectFaceAt(first.detections[0]!, layout, scene);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const again = await paintAndDetect(scene);
      expect(again.detections).toHaveLength(1);
      expect(again.detections[0]!.score).toBeCloseTo(first.detections[0]!.score, 3);
      times.push(again.ms);
    }
    times.sort((a, b) => a - b);
    console.info(`[face] detect 640x480 in Chromium: first ${first.ms} ms, then median ${times[5]} ms (min ${times[0]}, max ${times[9]})`);
  });

  it('finds no face on a blank canvas or on noise', async () => {
    expect((await paintAndDetect(blankScene())).detections).toEqual([]);
    expect((await paintAndDetect(noiseScene(640, 480, 7))).detections).toEqual([]);
  });

  it('reports a small face as small and an off-centre face where it is', async () => {
    const big = await paintAndDetect(faceScene().scene);
    const smallFace = faceScene({ scale: 0.3 });
    const small = await paintAndDetect(smallFace.scene);
    expect(small.detections).toHaveLength(1);
    expectFaceAt(small.detections[0]!, smallFace.layout, smallFace.scene);
    expect(small.detections[0]!.box.width).toBeLessThan(0.7 * big.detections[0]!.box.width);
    for (const centerX of [0.25, 0.75]) {
      const drawn = faceScene({ centerX });
      const found = await paintAndDetect(drawn.scene);
      expect(found.detections, `centerX ${centerX}`).toHaveLength(1);
      expectFaceAt(found.detections[0]!, drawn.layout, drawn.scene);
      const box = found.detections[0]!.box;
      expect((box.x + box.width / 2) / drawn.scene.width).toBeCloseTo(centerX, 1);
    }
  });

  it('finds dim and darker-skinned faces too', async () => {
    for (const options of [{ brightness: 0.3 }, { skin: [96, 60, 42] as const }]) {
      const drawn = faceScene(options);
      const found = await paintAndDetect(drawn.scene);
      expect(found.detections, JSON.stringify(options)).toHaveLength(1);
      expectFaceAt(found.detections[0]!, drawn.layout, drawn.scene);
    }
  });

  it('refuses the npm model as shipped, without metadata: the patch is what makes it load', async () => {
    const failure = await page.evaluate(() =>
      (window as unknown as HarnessWindow).faceHarness.create('/models/face_detection_short_range.tflite').then(
        () => 'created',
        (error: unknown) => String(error),
      ),
    );
    expect(failure).toMatch(/requires specifying NormalizationOptions metadata/);
  });

  it('uses the metadata values we wrote: no scaling finds nothing, a GRAYSCALE input is refused', async () => {
    const outcome = (model: string, scene: Scene) =>
      page.evaluate(
        async ({ model, scene }) => {
          const w = window as unknown as HarnessWindow;
          try {
            const { id } = await w.faceHarness.create(model);
            w.paintScene(document.querySelector('#frame')!, scene);
            const found = w.faceHarness.detect(id, '#frame').detections.length;
            await w.faceHarness.close(id);
            return `found ${found}`;
          } catch (error) {
            return String(error);
          }
        },
        { model, scene },
      );
    const { scene } = faceScene();
    expect(await outcome('/models/unscaled.tflite', scene)).toBe('found 0');
    expect(await outcome('/models/grayscale.tflite', scene)).toMatch(/Only RGB color space is supported/);
  });

  it('rejects a model URL that does not answer', async () => {
    const failure = await page.evaluate(() =>
      (window as unknown as HarnessWindow).faceHarness.create('/models/missing.tflite').then(
        () => 'created',
        (error: unknown) => String(error),
      ),
    );
    expect(failure).not.toBe('created');
    console.info(`[face] missing model: ${failure.slice(0, 160)}`);
  });

  it('close() frees a detector: it no longer detects, and the other detector still does', async () => {
    const second = await page.evaluate(() => (window as unknown as HarnessWindow).faceHarness.create('/models/face_detector.tflite'));
    const { scene } = faceScene();
    const id = second.id;
    const before = await page.evaluate(({ scene, id }) => {
      const w = window as unknown as HarnessWindow;
      w.paintScene(document.querySelector('#frame')!, scene);
      return w.faceHarness.detect(id, '#frame').detections.length;
    }, { scene, id });
    expect(before).toBe(1);
    await page.evaluate((id) => (window as unknown as HarnessWindow).faceHarness.closeAndKeep(id), id);
    const after = await page.evaluate((id) => {
      try {
        return `detected ${(window as unknown as HarnessWindow).faceHarness.detect(id, '#frame').detections.length}`;
      } catch (error) {
        return `threw ${String(error)}`;
      }
    }, id);
    expect(after).toMatch(/^threw /);
    console.info(`[face] detect() after close(): ${after.slice(0, 160)}`);
    expect((await paintAndDetect(scene)).detections).toHaveLength(1);
  });
});

describe('stand-in cameras and photos of the drawn face', () => {
  let server: MediaPipeServer;
  let browser: Browser;
  let context: BrowserContext;
  const foreign: string[] = [];

  beforeAll(async () => {
    server = await startMediaPipeServer();
    browser = await launchChromium();
    context = await browser.newContext();
    watchForeignRequests(context, () => server.origin, foreign);
  });
  afterEach(() => {
    expect(foreign).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the canvas camera: getUserMedia gives a stream a <video> plays, the detector finds the face in it, the scene can change, tracks stop', async () => {
    const drawn = faceScene({ centerX: 0.3 });
    const page = await openHarnessPage(context, server, [fakeCameraInitScript({ scene: drawn.scene })]);
    const { id } = await page.evaluate(() => (window as unknown as HarnessWindow).faceHarness.create('/models/face_detector.tflite'));
    const seen = await page.evaluate(async (id) => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' } });
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      document.body.append(video);
      await video.play();
      await new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
      return { size: [video.videoWidth, video.videoHeight], detected: (window as unknown as HarnessWindow).faceHarness.detect(id, video) };
    }, id);
    expect(seen.size).toEqual([640, 480]);
    expect(seen.detected.detections).toHaveLength(1);
    expectFaceAt(seen.detected.detections[0]!, drawn.layout, drawn.scene);

    await page.evaluate((scene) => (window as unknown as { __fakeCamera: FakeCameraControl }).__fakeCamera.setScene(scene), blankScene());
    await expect
      .poll(() => page.evaluate((id) => (window as unknown as HarnessWindow).faceHarness.detect(id, 'video').detections.length, id), { timeout: 5000 })
      .toBe(0);

    const camera = await page.evaluate(async () => {
      const control = (window as unknown as { __fakeCamera: FakeCameraControl }).__fakeCamera;
      const video = document.querySelector('video')!;
      const live = control.liveTracks();
      (video.srcObject as MediaStream).getTracks().forEach((track) => track.stop());
      control.setDeny('NotAllowedError');
      const denied = await navigator.mediaDevices.getUserMedia({ video: true }).then(
        () => 'granted',
        (error: DOMException) => error.name,
      );
      return { live, afterStop: control.liveTracks(), calls: control.calls(), constraints: control.constraints()[0], denied };
    });
    expect(camera).toEqual({ live: 1, afterStop: 0, calls: 2, constraints: { video: { facingMode: 'user' } }, denied: 'NotAllowedError' });
    await page.close();
  });

  it('the PNG from Node shows the same face as the canvas painting, and the detector finds it', async () => {
    const drawn = faceScene({ centerX: 0.6 });
    const page = await openHarnessPage(context, server);
    const { id } = await page.evaluate(() => (window as unknown as HarnessWindow).faceHarness.create('/models/face_detector.tflite'));
    const result = await page.evaluate(
      async ({ png, scene, id }) => {
        const w = window as unknown as HarnessWindow;
        const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], { type: 'image/png' }));
        const photo = document.createElement('canvas');
        photo.width = bitmap.width;
        photo.height = bitmap.height;
        const photoContext = photo.getContext('2d')!;
        photoContext.drawImage(bitmap, 0, 0);
        const painted = document.querySelector<HTMLCanvasElement>('#frame')!;
        w.paintScene(painted, scene);
        const a = photoContext.getImageData(0, 0, photo.width, photo.height).data;
        const b = painted.getContext('2d')!.getImageData(0, 0, painted.width, painted.height).data;
        let sum = 0;
        for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
        return { size: [bitmap.width, bitmap.height], meanDifference: sum / a.length, detected: w.faceHarness.detect(id, photo) };
      },
      { png: facePng({ centerX: 0.6 }).toString('base64'), scene: drawn.scene, id },
    );
    expect(result.size).toEqual([640, 480]);
    expect(result.meanDifference).toBeLessThan(1);
    expect(result.detected.detections).toHaveLength(1);
    expectFaceAt(result.detected.detections[0]!, drawn.layout, drawn.scene);
    await page.close();
  });

  it("Chromium's own fake camera plays the Y4M file from Node, and the detector finds the face", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'face-y4m-'));
    const file = join(dir, 'face.y4m');
    const drawn = faceScene({ centerX: 0.4 });
    await writeFile(file, faceY4m({ centerX: 0.4 }));
    // Chromium flags are fixed at launch, so this test starts its own browser, with the fake
    // capture device reading our file and an auto-accepted permission prompt.
    const fakeDevice = await launchChromium([
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${file}`,
    ]);
    try {
      const ownContext = await fakeDevice.newContext();
      watchForeignRequests(ownContext, () => server.origin, foreign);
      const page = await openHarnessPage(ownContext, server);
      const { id } = await page.evaluate(() => (window as unknown as HarnessWindow).faceHarness.create('/models/face_detector.tflite'));
      const seen = await page.evaluate(async (id) => {
        const stream = await navigator.mediaDevices.getUserMedia({ video: true });
        const video = document.createElement('video');
        video.muted = true;
        video.srcObject = stream;
        document.body.append(video);
        await video.play();
        await new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
        const detected = (window as unknown as HarnessWindow).faceHarness.detect(id, video);
        stream.getTracks().forEach((track) => track.stop());
        return { size: [video.videoWidth, video.videoHeight], label: stream.getVideoTracks()[0]!.label, detected };
      }, id);
      expect(seen.size).toEqual([640, 480]);
      expect(seen.detected.detections).toHaveLength(1);
      expectFaceAt(seen.detected.detections[0]!, drawn.layout, drawn.scene);
    } finally {
      await fakeDevice.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
