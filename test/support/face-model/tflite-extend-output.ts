import { FlatBufferReader } from './flatbuffer-reader';
import { FlatBufferWriter, fb, type FlatNode } from './flatbuffer-writer';
import { TFLITE_IDENTIFIER } from './tflite-model';

/**
 * Lengthens one output of a TFLite model with constant values: a CONCATENATION operator is
 * appended that joins the old output tensor with a constant tensor along the last axis, and its
 * result takes the old output's place in the subgraph's outputs. The network itself is untouched.
 *
 * Why: MediaPipe Tasks' FaceLandmarker reads 478 landmarks (1434 floats) from its landmark
 * model's first output, and the only landmark model with a plain [landmarks, face flag] output
 * pair on npm (face_mesh's face_landmark.tflite) gives 468 (1404 floats). Tasks decodes whatever
 * it gets as 478 points, so 1404 floats would become 478 points of 2 coordinates: garbage. With
 * 30 constant floats appended, the 468 mesh points come out right and the 10 iris points are
 * placeholders, which the widget never reads.
 *
 * Same technique as addTfliteMetadata (tflite-model.ts): a new region holding a new root, new
 * operator-code, buffer and subgraph tables, placed right after the file identifier; everything
 * old is reused in place through `existing` offsets. Schema field ids (tensorflow schema.fbs):
 *
 *   Model         1 operator_codes, 2 subgraphs, 4 buffers (others copied as they are)
 *   OperatorCode  0 deprecated_builtin_code (byte), 2 version (int), 3 builtin_code (int)
 *   SubGraph      0 tensors, 1 inputs, 2 outputs, 3 operators, 4 name
 *   Operator      0 opcode_index (uint), 1 inputs, 2 outputs, 3 builtin_options_type, 4 builtin_options
 *   ConcatenationOptions 0 axis (int), 1 fused_activation_function (byte)
 *   Tensor        0 shape, 1 type (0 = FLOAT32), 2 buffer, 3 name
 */

const MODEL_FIELDS = 8;
const SUBGRAPH_FIELDS = 5;
const CONCATENATION = 2;
const CONCATENATION_OPTIONS = 10;
const FLOAT32 = 0;

export interface ExtendOutput {
  /** Which output of the (only) subgraph to lengthen. */
  readonly output: number;
  /** The constant floats appended along the last axis. */
  readonly values: readonly number[];
  /** Name of the new output tensor. */
  readonly name: string;
}

export function extendTfliteOutput(model: Uint8Array, spec: ExtendOutput): Uint8Array {
  const reader = new FlatBufferReader(model);
  if (reader.identifier() !== TFLITE_IDENTIFIER) throw new Error(`not a TFLite model: identifier "${reader.identifier()}"`);
  const root = reader.root();
  const unknownRoot = reader.presentFields(root).filter((id) => id >= MODEL_FIELDS);
  if (unknownRoot.length > 0) throw new Error(`Model table has fields this editor does not know: ${unknownRoot.join(', ')}`);
  const subgraphs = reader.tables(root, 2);
  if (subgraphs.length !== 1) throw new Error(`expected one subgraph, found ${subgraphs.length}`);
  const subgraph = subgraphs[0]!;
  const unknownSub = reader.presentFields(subgraph).filter((id) => id >= SUBGRAPH_FIELDS);
  if (unknownSub.length > 0) throw new Error(`SubGraph table has fields this editor does not know: ${unknownSub.join(', ')}`);

  const tensors = reader.tables(subgraph, 0);
  const outputs = reader.ints(subgraph, 2);
  const target = outputs[spec.output];
  if (target === undefined) throw new Error(`the model has no output ${spec.output}`);
  const shape = reader.ints(tensors[target]!, 0);
  if (reader.scalarU8(tensors[target]!, 1) !== FLOAT32) throw new Error('only float32 outputs can be extended');
  const axis = shape.length - 1;
  const constantShape = shape.map((d, i) => (i === axis ? spec.values.length : d));
  if (constantShape.reduce((a, b) => a * b, 1) !== spec.values.length) throw new Error('the output must be one row along its last axis');
  const joinedShape = shape.map((d, i) => (i === axis ? d + spec.values.length : d));

  const codes = reader.tables(root, 1);
  const buffers = reader.tables(root, 4);
  const operators = reader.tables(subgraph, 3);
  const constantIndex = tensors.length;
  const joinedIndex = tensors.length + 1;
  const data = new Uint8Array(new Float32Array(spec.values).buffer);
  const version = reader.field(root, 0) === undefined ? undefined : reader.scalarU32(root, 0);
  const rootRefs = Array.from({ length: MODEL_FIELDS }, (_, id) => reader.ref(root, id));
  const subRefs = Array.from({ length: SUBGRAPH_FIELDS }, (_, id) => reader.ref(subgraph, id));

  const region = (shift: number) => {
    const old = (position: number) => fb.existing(position + shift);
    const moved = (position: number | undefined): FlatNode | undefined => (position === undefined ? undefined : old(position));
    const newSubgraph = fb.table([
      fb.vector([
        ...tensors.map(old),
        fb.table([fb.ints(constantShape), fb.u8(FLOAT32), fb.u32(buffers.length), fb.string(`${spec.name}_padding`)]),
        // Buffer 0 is the empty buffer that every computed tensor refers to.
        fb.table([fb.ints(joinedShape), fb.u8(FLOAT32), fb.u32(0), fb.string(spec.name)]),
      ]),
      moved(subRefs[1]),
      fb.ints(outputs.map((o, i) => (i === spec.output ? joinedIndex : o))),
      fb.vector([
        ...operators.map(old),
        fb.table([
          fb.u32(codes.length),
          fb.ints([target, constantIndex]),
          fb.ints([joinedIndex]),
          fb.u8(CONCATENATION_OPTIONS),
          fb.table([fb.u32(axis), fb.u8(0)]),
        ]),
      ]),
      moved(subRefs[4]),
    ]);
    const rootNode = fb.table([
      version === undefined ? undefined : fb.u32(version),
      fb.vector([...codes.map(old), fb.table([fb.u8(CONCATENATION), undefined, fb.u32(1), fb.u32(CONCATENATION)])]),
      fb.vector([newSubgraph]),
      moved(rootRefs[3]),
      fb.vector([...buffers.map(old), fb.table([fb.bytes(data, 16)])]),
      moved(rootRefs[5]),
      moved(rootRefs[6]),
      moved(rootRefs[7]),
    ]);
    const writer = new FlatBufferWriter(8);
    const at = writer.write(rootNode);
    while ((writer.position() - 8) % 16 !== 0) writer.raw(new Uint8Array(1));
    return { at, bytes: writer.bytes() };
  };
  // As in addTfliteMetadata: the layout does not depend on the shift, so measure, then write.
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
