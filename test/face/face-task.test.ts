import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { faceLandmarkerTask, landmarkModel, storedZip } from '../../build/face-task';
import { testFaceDetectorModel } from '../support/face-model';
import { readModelMetadata } from '../support/face-model/tflite-metadata';
import { readTfliteModel } from '../support/face-model/tflite-model';

/** The entries of a zip, read from its central directory (stored or deflated). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + size);
    files.set(name, method === 0 ? raw : inflateRawSync(raw));
    at += 46 + nameLength + extra;
  }
  return files;
}

describe('the shipped face landmarker model (build/face-task.ts)', () => {
  it('is a zip of the detector and a landmark model whose first output holds the 478 points FaceLandmarker decodes', async () => {
    const detector = await testFaceDetectorModel();
    const files = unzip(faceLandmarkerTask(detector));
    expect([...files.keys()]).toEqual(['face_detector.tflite', 'face_landmarks_detector.tflite']);
    expect(files.get('face_detector.tflite')!.equals(detector)).toBe(true);

    const landmarks = readTfliteModel(files.get('face_landmarks_detector.tflite')!);
    const [graph] = landmarks.subgraphs;
    expect(graph!.inputs.map((t) => t.shape)).toEqual([[1, 192, 192, 3]]);
    // 478 x (x, y, z), then the face flag: the order and sizes Tasks reads.
    expect(graph!.outputs.map((t) => t.shape)).toEqual([[1, 1, 1, 1434], [1, 1, 1, 1]]);
    const metadata = readModelMetadata(landmarks.metadata.find((m) => m.name === 'TFLITE_METADATA')!.data!);
    expect(metadata.inputs[0]).toMatchObject({ image: { colorSpace: 'RGB' }, normalization: { mean: [0], std: [255] } });
  });

  it('is the same bytes every build', async () => {
    const detector = await testFaceDetectorModel();
    expect(faceLandmarkerTask(detector).equals(faceLandmarkerTask(detector))).toBe(true);
    expect(Buffer.from(landmarkModel()).equals(Buffer.from(landmarkModel()))).toBe(true);
  });

  it('storedZip writes entries a zip reader gets back unchanged', () => {
    const entries = [{ name: 'a.txt', data: Buffer.from('hello') }, { name: 'dir/b.bin', data: new Uint8Array([0, 1, 2, 255]) }];
    const files = unzip(storedZip(entries));
    expect([...files].map(([name, data]) => [name, [...data]])).toEqual(entries.map((e) => [e.name, [...e.data]]));
  });
});
