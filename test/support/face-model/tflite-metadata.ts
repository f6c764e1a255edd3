import { FlatBufferReader } from './flatbuffer-reader';
import { fb, finishFlatBuffer, type FlatNode } from './flatbuffer-writer';

/**
 * TFLite model metadata (tflite-support `metadata_schema.fbs`, file identifier "M001"): the
 * table MediaPipe Tasks reads to learn how to feed an image to a model. Field ids are the
 * declaration order in that schema; a union occupies two ids (`_type` then value):
 *
 *   ModelMetadata     0 name, 1 description, 2 version, 3 subgraph_metadata, 4 author,
 *                     5 license, 6 associated_files, 7 min_parser_version
 *   SubGraphMetadata  0 name, 1 description, 2 input_tensor_metadata, 3 output_tensor_metadata
 *   TensorMetadata    0 name, 1 description, 2 dimension_names, 3 content, 4 process_units, 5 stats
 *   Content           0 content_properties_type (u8), 1 content_properties, 2 range
 *   ContentProperties union: 1 FeatureProperties, 2 ImageProperties, 3 BoundingBoxProperties
 *   ImageProperties   0 color_space (byte enum: 0 UNKNOWN, 1 RGB, 2 GRAYSCALE)
 *   ProcessUnit       0 options_type (u8), 1 options
 *   ProcessUnitOptions union: 1 NormalizationOptions, 2 ScoreCalibrationOptions, 3 ScoreThresholdingOptions
 *   NormalizationOptions 0 mean [float], 1 std [float]   ((x - mean) / std, one value = all channels)
 *   Stats             0 max [float], 1 min [float]
 */
export const METADATA_IDENTIFIER = 'M001';

const CONTENT_FEATURE = 1;
const CONTENT_IMAGE = 2;
const OPTIONS_NORMALIZATION = 1;
const COLOR_SPACES = ['UNKNOWN', 'RGB', 'GRAYSCALE'] as const;

export type ColorSpace = (typeof COLOR_SPACES)[number];

export interface TensorMetadataSpec {
  readonly name: string;
  readonly description?: string;
  /** An image tensor and its colour space; otherwise the tensor holds plain features. */
  readonly image?: { readonly colorSpace: ColorSpace };
  readonly normalization?: { readonly mean: readonly number[]; readonly std: readonly number[] };
  readonly stats?: { readonly min: readonly number[]; readonly max: readonly number[] };
}

export interface ModelMetadataSpec {
  readonly name: string;
  readonly description?: string;
  readonly version?: string;
  readonly inputs: readonly TensorMetadataSpec[];
  readonly outputs: readonly TensorMetadataSpec[];
  /** Oldest metadata parser that understands every field written; 1.0.0 covers the ones above. */
  readonly minParserVersion: string;
}

function tensorNode(spec: TensorMetadataSpec): FlatNode {
  const content = spec.image
    ? fb.table([fb.u8(CONTENT_IMAGE), fb.table([fb.u8(COLOR_SPACES.indexOf(spec.image.colorSpace))])])
    : fb.table([fb.u8(CONTENT_FEATURE), fb.table([])]);
  const units = spec.normalization
    ? fb.vector([
        fb.table([fb.u8(OPTIONS_NORMALIZATION), fb.table([fb.floats(spec.normalization.mean), fb.floats(spec.normalization.std)])]),
      ])
    : undefined;
  const stats = spec.stats ? fb.table([fb.floats(spec.stats.max), fb.floats(spec.stats.min)]) : undefined;
  return fb.table([
    fb.string(spec.name),
    spec.description === undefined ? undefined : fb.string(spec.description),
    undefined,
    content,
    units,
    stats,
  ]);
}

/** Serialises a ModelMetadata flatbuffer ("M001") for a model with one subgraph. */
export function buildModelMetadata(spec: ModelMetadataSpec): Uint8Array {
  const subgraph = fb.table([
    undefined,
    undefined,
    fb.vector(spec.inputs.map(tensorNode)),
    fb.vector(spec.outputs.map(tensorNode)),
  ]);
  return finishFlatBuffer(
    fb.table([
      fb.string(spec.name),
      spec.description === undefined ? undefined : fb.string(spec.description),
      spec.version === undefined ? undefined : fb.string(spec.version),
      fb.vector([subgraph]),
      undefined,
      undefined,
      undefined,
      fb.string(spec.minParserVersion),
    ]),
    METADATA_IDENTIFIER,
  );
}

function readTensor(reader: FlatBufferReader, table: number): TensorMetadataSpec {
  const name = reader.string(table, 0) ?? '';
  const description = reader.string(table, 1);
  const content = reader.ref(table, 3);
  let image: TensorMetadataSpec['image'];
  if (content !== undefined && reader.scalarU8(content, 0) === CONTENT_IMAGE) {
    const properties = reader.ref(content, 1);
    if (properties === undefined) throw new Error(`tensor ${name}: ImageProperties type without a value`);
    const colorSpace = COLOR_SPACES[reader.scalarU8(properties, 0)];
    if (!colorSpace) throw new Error(`tensor ${name}: unknown colour space`);
    image = { colorSpace };
  }
  let normalization: TensorMetadataSpec['normalization'];
  for (const unit of reader.tables(table, 4)) {
    if (reader.scalarU8(unit, 0) !== OPTIONS_NORMALIZATION) continue;
    const options = reader.ref(unit, 1);
    if (options === undefined) throw new Error(`tensor ${name}: NormalizationOptions type without a value`);
    normalization = { mean: reader.floats(options, 0), std: reader.floats(options, 1) };
  }
  const statsAt = reader.ref(table, 5);
  const stats = statsAt === undefined ? undefined : { max: reader.floats(statsAt, 0), min: reader.floats(statsAt, 1) };
  return {
    name,
    ...(description === undefined ? {} : { description }),
    ...(image ? { image } : {}),
    ...(normalization ? { normalization } : {}),
    ...(stats ? { stats } : {}),
  };
}

/** Parses a ModelMetadata flatbuffer back (first subgraph), checking its identifier. */
export function readModelMetadata(bytes: Uint8Array): ModelMetadataSpec & { readonly subgraphCount: number } {
  const reader = new FlatBufferReader(bytes);
  if (reader.identifier() !== METADATA_IDENTIFIER) throw new Error(`metadata identifier is "${reader.identifier()}", expected M001`);
  const root = reader.root();
  const subgraphs = reader.tables(root, 3);
  const first = subgraphs[0];
  const description = reader.string(root, 1);
  const version = reader.string(root, 2);
  return {
    name: reader.string(root, 0) ?? '',
    ...(description === undefined ? {} : { description }),
    ...(version === undefined ? {} : { version }),
    inputs: first === undefined ? [] : reader.tables(first, 2).map((t) => readTensor(reader, t)),
    outputs: first === undefined ? [] : reader.tables(first, 3).map((t) => readTensor(reader, t)),
    minParserVersion: reader.string(root, 7) ?? '',
    subgraphCount: subgraphs.length,
  };
}
