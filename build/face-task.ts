import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { buildModelMetadata, type ModelMetadataSpec } from '../test/support/face-model/tflite-metadata';
import { extendTfliteOutput } from '../test/support/face-model/tflite-extend-output';
import { addTfliteMetadata } from '../test/support/face-model/tflite-model';

/**
 * The face landmarker model (`face_landmarker.task`) made from npm packages at build time:
 *
 *   face_detector.tflite            the short-range BlazeFace of @mediapipe/face_detection, with
 *                                   our metadata (build/face.ts makes it, for the detector too)
 *   face_landmarks_detector.tflite  face_landmark.tflite (the 468-point face mesh), cut out of
 *                                   @mediapipe/face_mesh's packed data file, its landmark output
 *                                   lengthened to the 478 points Tasks reads (the 10 iris points
 *                                   are constant placeholders: see tflite-extend-output.ts), with
 *                                   the metadata Tasks needs (RGB, 192x192, scaled to [0, 1])
 *
 * Not face_landmark_with_attention.tflite from the same file: it has the iris, but splits its
 * result over seven outputs (mesh, lips, eyes, irises, flag) that only face_mesh's own graph
 * merges; Tasks reads output 1 as the face flag and fails on the lips' 160 values.
 *
 * A `.task` is a zip that MediaPipe opens in memory. Ours stores its entries uncompressed (the
 * networks are floats that barely compress, and a stored entry is read in place) with a fixed
 * timestamp, so the same inputs give the same bytes and the checksum in the manifest is stable.
 * No blendshapes model: the widget never asks for blendshapes, and Tasks only opens that file
 * when asked.
 */

const FACE_MESH_VERSION = '0.4.1657299874';
export const LANDMARK_SOURCE = '/third_party/mediapipe/modules/face_landmark/face_landmark.tflite';
/** Landmarks FaceLandmarker decodes, and those the face mesh model gives. */
const TASKS_LANDMARKS = 478;
const MESH_LANDMARKS = 468;

export const LANDMARK_METADATA: ModelMetadataSpec = {
  name: 'Face mesh landmarks',
  description: `face_landmark.tflite from @mediapipe/face_mesh@${FACE_MESH_VERSION} (Apache-2.0), its 468 landmarks padded to 478 and the TFLite metadata MediaPipe Tasks needs added by ai-discovery-widget (build/face-task.ts)`,
  version: '1',
  inputs: [
    {
      name: 'input_1',
      description: 'RGB image, 192x192, scaled to [0, 1]',
      image: { colorSpace: 'RGB' },
      normalization: { mean: [0], std: [255] },
      stats: { min: [0], max: [1] },
    },
  ],
  outputs: [
    { name: 'landmarks_478', description: '478 landmarks, x y z in input pixels; the last 10 (iris) are constant placeholders' },
    { name: 'conv2d_31', description: 'face presence logit' },
  ],
  minParserVersion: '1.0.0',
};

function faceMeshDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@mediapipe/face_mesh/package.json'));
}

/**
 * Cuts one file out of face_mesh's packed data: its loader script lists each packed file's
 * name and byte range (`{"filename": ..., "start": ..., "end": ...}`).
 */
export function facemeshPackedFile(name: string, dir = faceMeshDir()): Uint8Array {
  const loader = readFileSync(join(dir, 'face_mesh_solution_packed_assets_loader.js'), 'utf8');
  const entry = new RegExp(`"filename":\\s*"${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}",\\s*"start":\\s*(\\d+),\\s*"end":\\s*(\\d+)`).exec(loader);
  if (!entry) throw new Error(`${name} is not listed in @mediapipe/face_mesh's packed assets: check the package version`);
  const data = readFileSync(join(dir, 'face_mesh_solution_packed_assets.data'));
  return data.subarray(Number(entry[1]), Number(entry[2]));
}

/** The face mesh model, lengthened to 478 points, with our metadata added. */
export function landmarkModel(): Uint8Array {
  const padding = new Array<number>((TASKS_LANDMARKS - MESH_LANDMARKS) * 3).fill(0);
  const extended = extendTfliteOutput(facemeshPackedFile(LANDMARK_SOURCE), { output: 0, values: padding, name: 'landmarks_478' });
  return addTfliteMetadata(extended, buildModelMetadata(LANDMARK_METADATA));
}

/** DOS date and time of every entry: 1980-01-01 00:00, so the zip does not depend on the clock. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** A zip of uncompressed entries, in the given order, with fixed timestamps (deterministic). */
export function storedZip(entries: ReadonlyArray<{ readonly name: string; readonly data: Uint8Array }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed: 1.0 (stored)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // method: stored
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** face_landmarker.task from the detector model (already with its metadata) and the landmark model. */
export function faceLandmarkerTask(detectorModel: Uint8Array): Buffer {
  return storedZip([
    { name: 'face_detector.tflite', data: detectorModel },
    { name: 'face_landmarks_detector.tflite', data: landmarkModel() },
  ]);
}
