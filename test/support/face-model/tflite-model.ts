import { FlatBufferReader } from './flatbuffer-reader';
import { FlatBufferWriter, fb, type FlatNode } from './flatbuffer-writer';

/**
 * Reading and editing a TFLite model flatbuffer (tensorflow `lite/schema/schema.fbs`, file
 * identifier "TFL3"). Field ids, in declaration order:
 *
 *   Model     0 version (uint), 1 operator_codes, 2 subgraphs, 3 description, 4 buffers,
 *             5 metadata_buffer ([int], deprecated), 6 metadata ([Metadata]), 7 signature_defs
 *   SubGraph  0 tensors, 1 inputs ([int]), 2 outputs ([int]), 3 operators, 4 name
 *   Tensor    0 shape ([int]), 1 type (byte enum, 0 = FLOAT32), 2 buffer (uint), 3 name
 *   Buffer    0 data ([ubyte], force_align 16), 1 offset (ulong), 2 size (ulong)
 *   Metadata  0 name, 1 buffer (uint: index into Model.buffers)
 *
 * MediaPipe looks up model metadata as the `Model.metadata` entry named "TFLITE_METADATA" and
 * reads the ModelMetadata flatbuffer stored as that entry's buffer's `data`.
 */
export const TFLITE_IDENTIFIER = 'TFL3';
export const METADATA_ENTRY_NAME = 'TFLITE_METADATA';

const MODEL_FIELDS = 8;

export interface TensorInfo {
  readonly name: string;
  readonly shape: readonly number[];
  /** TFLite TensorType code (0 = FLOAT32, 3 = UINT8, 9 = INT8). */
  readonly type: number;
}

export interface TfliteModelInfo {
  readonly identifier: string;
  readonly version: number;
  /** Field ids present in the root Model table. */
  readonly rootFields: readonly number[];
  readonly operatorCodes: number;
  readonly subgraphs: ReadonlyArray<{ readonly operators: number; readonly inputs: readonly TensorInfo[]; readonly outputs: readonly TensorInfo[] }>;
  readonly description: string | undefined;
  readonly buffers: number;
  readonly metadataBuffer: readonly number[];
  readonly metadata: ReadonlyArray<{ readonly name: string; readonly buffer: number; readonly data: Uint8Array | undefined; readonly dataPosition: number | undefined }>;
  readonly signatureDefs: number;
}

/** Walks the root of a TFLite model with our own reader (bounds-checked, throws on nonsense). */
export function readTfliteModel(bytes: Uint8Array): TfliteModelInfo {
  const reader = new FlatBufferReader(bytes);
  const identifier = reader.identifier();
  if (identifier !== TFLITE_IDENTIFIER) throw new Error(`not a TFLite model: identifier "${identifier}"`);
  const root = reader.root();
  const buffers = reader.tables(root, 4);
  const subgraphs = reader.tables(root, 2).map((subgraph) => {
    const tensors = reader.tables(subgraph, 0);
    const tensor = (index: number): TensorInfo => {
      const at = tensors[index];
      if (at === undefined) throw new Error(`tensor index ${index} out of range`);
      return { name: reader.string(at, 3) ?? '', shape: reader.ints(at, 0), type: reader.scalarU8(at, 1) };
    };
    return {
      operators: reader.tables(subgraph, 3).length,
      inputs: reader.ints(subgraph, 1).map(tensor),
      outputs: reader.ints(subgraph, 2).map(tensor),
    };
  });
  const metadata = reader.tables(root, 6).map((entry) => {
    const buffer = reader.scalarU32(entry, 1);
    const bufferTable = buffers[buffer];
    if (bufferTable === undefined) throw new Error(`metadata entry points at missing buffer ${buffer}`);
    const data = reader.byteVector(bufferTable, 0);
    const dataPosition = data === undefined ? undefined : data.byteOffset - bytes.byteOffset;
    return { name: reader.string(entry, 0) ?? '', buffer, data, dataPosition };
  });
  return {
    identifier,
    version: reader.scalarU32(root, 0),
    rootFields: reader.presentFields(root),
    operatorCodes: reader.tables(root, 1).length,
    subgraphs,
    description: reader.string(root, 3),
    buffers: buffers.length,
    metadataBuffer: reader.ints(root, 5),
    metadata,
    signatureDefs: reader.tables(root, 7).length,
  };
}

/**
 * Returns a copy of `model` with `metadata` stored in a new buffer and listed as a
 * `Model.metadata` entry named `name`. Nothing in the old bytes is rewritten:
 *
 *   [0..4)   root uoffset -> the new root table
 *   [4..8)   "TFL3"
 *   [8..8+L) new region: new root Model table, new buffers vector (old Buffer tables + one new
 *            Buffer whose 16-aligned data is the metadata), new metadata vector (old entries +
 *            one new Metadata table)
 *   [8+L..)  the old bytes from position 8 on, unchanged
 *
 * Every old uoffset and soffset is relative to its own position, and the old data moves as one
 * block, so they all stay valid; L is a multiple of 16, so every old alignment (up to the 16
 * bytes of `Buffer.data`) is kept. The new root's other fields point forward into the old block
 * (the old root table stays there, unreferenced).
 */
export function addTfliteMetadata(model: Uint8Array, metadata: Uint8Array, name = METADATA_ENTRY_NAME): Uint8Array {
  const reader = new FlatBufferReader(model);
  if (reader.identifier() !== TFLITE_IDENTIFIER) throw new Error(`not a TFLite model: identifier "${reader.identifier()}"`);
  const root = reader.root();
  const unknown = reader.presentFields(root).filter((id) => id >= MODEL_FIELDS);
  if (unknown.length > 0) throw new Error(`Model table has fields this editor does not know: ${unknown.join(', ')}`);
  const oldMetadata = reader.tables(root, 6);
  if (oldMetadata.some((entry) => reader.string(entry, 0) === name)) throw new Error(`the model already has a "${name}" metadata entry`);
  const oldBuffers = reader.tables(root, 4);
  const version = reader.field(root, 0) === undefined ? undefined : reader.scalarU32(root, 0);
  const refs = Array.from({ length: MODEL_FIELDS }, (_, id) => reader.ref(root, id));

  const region = (shift: number) => {
    const moved = (position: number | undefined): FlatNode | undefined => (position === undefined ? undefined : fb.existing(position + shift));
    const rootNode = fb.table([
      version === undefined ? undefined : fb.u32(version),
      moved(refs[1]),
      moved(refs[2]),
      moved(refs[3]),
      fb.vector([...oldBuffers.map((b) => fb.existing(b + shift)), fb.table([fb.bytes(metadata, 16)])]),
      moved(refs[5]),
      fb.vector([...oldMetadata.map((m) => fb.existing(m + shift)), fb.table([fb.string(name), fb.u32(oldBuffers.length)])]),
      moved(refs[7]),
    ]);
    const writer = new FlatBufferWriter(8);
    const at = writer.write(rootNode);
    while ((writer.position() - 8) % 16 !== 0) writer.raw(new Uint8Array(1));
    return { at, bytes: writer.bytes() };
  };
  // The region's layout does not depend on the shift (only the patched offset values do), so a
  // first pass with a shift far past the region measures it and a second pass uses the real one.
  const measured = region(1 << 30).bytes.byteLength;
  const { at, bytes } = region(measured);
  if (bytes.byteLength !== measured) throw new Error('region size changed between passes');

  const out = new Uint8Array(8 + measured + (model.byteLength - 8));
  new DataView(out.buffer).setUint32(0, at, true);
  out.set(model.subarray(4, 8), 4);
  out.set(bytes, 8);
  out.set(model.subarray(8), 8 + measured);
  return out;
}
