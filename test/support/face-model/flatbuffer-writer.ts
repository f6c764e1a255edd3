/**
 * A small FlatBuffers writer that lays objects out front to back: a table, then (after it) the
 * objects its offset fields point at, each field patched once its target is placed. Because a
 * `uoffset` is unsigned and relative to its own position, targets must lie after the field;
 * laying parents before children gives that for free, and an `existing` node (an object already
 * present later in the final buffer) is accepted only when it lies after the field too.
 *
 * Alignment rules kept (FlatBuffers "Internals"): every scalar at a multiple of its size, tables
 * at a multiple of 4 (they start with an i32 soffset), vtables at a multiple of 2, vectors and
 * strings at a multiple of 4 (their u32 length), and `bytes` data (TFLite `Buffer.data` is
 * declared `force_align: 16`) at a multiple of its requested alignment. Positions are absolute:
 * the writer is told the position (`base`) its first byte will have in the final buffer.
 */
export type FlatScalar = { readonly kind: 'u8' | 'u32' | 'f32'; readonly value: number };

export type FlatNode =
  | { readonly kind: 'table'; readonly fields: ReadonlyArray<FlatField | undefined> }
  | { readonly kind: 'string'; readonly text: string }
  | { readonly kind: 'floats'; readonly values: readonly number[] }
  | { readonly kind: 'ints'; readonly values: readonly number[] }
  | { readonly kind: 'bytes'; readonly data: Uint8Array; readonly align: number }
  | { readonly kind: 'vector'; readonly items: readonly FlatNode[] }
  | { readonly kind: 'existing'; readonly position: number };

/** A table field: a scalar stored inline, or a node stored as a uoffset to it. */
export type FlatField = FlatScalar | FlatNode;

/** Field list indexed by field id (a union takes two ids: its u8 type, then its value). */
export const fb = {
  table: (fields: ReadonlyArray<FlatField | undefined>): FlatNode => ({ kind: 'table', fields }),
  string: (text: string): FlatNode => ({ kind: 'string', text }),
  floats: (values: readonly number[]): FlatNode => ({ kind: 'floats', values }),
  /** A vector of int32 (TFLite's `[int]`: shapes, tensor indices). */
  ints: (values: readonly number[]): FlatNode => ({ kind: 'ints', values }),
  bytes: (data: Uint8Array, align = 16): FlatNode => ({ kind: 'bytes', data, align }),
  vector: (items: readonly FlatNode[]): FlatNode => ({ kind: 'vector', items }),
  existing: (position: number): FlatNode => ({ kind: 'existing', position }),
  u8: (value: number): FlatScalar => ({ kind: 'u8', value }),
  u32: (value: number): FlatScalar => ({ kind: 'u32', value }),
  f32: (value: number): FlatScalar => ({ kind: 'f32', value }),
};

function isScalar(field: FlatField): field is FlatScalar {
  return field.kind === 'u8' || field.kind === 'u32' || field.kind === 'f32';
}

export class FlatBufferWriter {
  private out = new Uint8Array(1024);
  private length = 0;

  /** `base`: the absolute position the first written byte will have in the final buffer. */
  constructor(private readonly base = 0) {}

  /** Absolute position of the next byte. */
  position(): number {
    return this.base + this.length;
  }

  /** The bytes written so far. */
  bytes(): Uint8Array {
    return this.out.slice(0, this.length);
  }

  /** Zero bytes until the next position is a multiple of `n`. */
  pad(n: number): void {
    while (this.position() % n !== 0) this.raw(new Uint8Array(1));
  }

  raw(data: Uint8Array): void {
    this.reserve(data.byteLength);
    this.out.set(data, this.length);
    this.length += data.byteLength;
  }

  u16(value: number): void {
    this.scalar(2, (view) => view.setUint16(0, value, true));
  }

  u32(value: number): void {
    this.scalar(4, (view) => view.setUint32(0, value, true));
  }

  /** Overwrites a u32 already written at absolute `position`. */
  patchU32(position: number, value: number): void {
    new DataView(this.out.buffer).setUint32(position - this.base, value, true);
  }

  /** Writes `node` (and everything it points at) and returns its absolute position. */
  write(node: FlatNode): number {
    switch (node.kind) {
      case 'existing':
        return node.position;
      case 'string': {
        this.pad(4);
        const at = this.position();
        const utf8 = new TextEncoder().encode(node.text);
        this.u32(utf8.byteLength);
        this.raw(utf8);
        this.raw(new Uint8Array(1));
        return at;
      }
      case 'floats':
      case 'ints': {
        this.pad(4);
        const at = this.position();
        this.u32(node.values.length);
        const float = node.kind === 'floats';
        for (const value of node.values) this.scalar(4, (view) => (float ? view.setFloat32(0, value, true) : view.setInt32(0, value, true)));
        return at;
      }
      case 'bytes': {
        this.pad(4);
        while ((this.position() + 4) % node.align !== 0) this.raw(new Uint8Array(4));
        const at = this.position();
        this.u32(node.data.byteLength);
        this.raw(node.data);
        return at;
      }
      case 'vector': {
        this.pad(4);
        const at = this.position();
        this.u32(node.items.length);
        const slots = node.items.map(() => {
          const slot = this.position();
          this.u32(0);
          return slot;
        });
        node.items.forEach((item, i) => this.link(slots[i]!, item));
        return at;
      }
      case 'table':
        return this.table(node.fields);
    }
  }

  private table(given: ReadonlyArray<FlatField | undefined>): number {
    let count = given.length;
    while (count > 0 && given[count - 1] === undefined) count--;
    const fields = given.slice(0, count);
    const vtableSize = 4 + 2 * count;
    this.pad(2);
    const vtable = this.position();
    // Lay the table out before writing the vtable, which records the field offsets.
    const start = vtable + vtableSize + ((4 - ((vtable + vtableSize) % 4)) % 4);
    let cursor = start + 4;
    const offsets = fields.map((field) => {
      if (!field) return 0;
      const size = isScalar(field) && field.kind === 'u8' ? 1 : 4;
      cursor += (size - (cursor % size)) % size;
      const offset = cursor - start;
      cursor += size;
      return offset;
    });
    const end = cursor + ((4 - (cursor % 4)) % 4);
    this.u16(vtableSize);
    this.u16(end - start);
    offsets.forEach((offset) => this.u16(offset));
    this.pad(4);
    this.scalar(4, (view) => view.setInt32(0, start - vtable, true));
    const links: Array<[number, FlatNode]> = [];
    fields.forEach((field, id) => {
      if (!field) return;
      while (this.position() < start + offsets[id]!) this.raw(new Uint8Array(1));
      if (!isScalar(field)) {
        links.push([this.position(), field]);
        this.u32(0);
      } else if (field.kind === 'u8') this.scalar(1, (view) => view.setUint8(0, field.value));
      else if (field.kind === 'u32') this.u32(field.value);
      else this.scalar(4, (view) => view.setFloat32(0, field.value, true));
    });
    while (this.position() < end) this.raw(new Uint8Array(1));
    for (const [slot, child] of links) this.link(slot, child);
    return start;
  }

  private link(slot: number, child: FlatNode): void {
    const target = this.write(child);
    if (target <= slot) throw new Error(`flatbuffer offset at ${slot} would point backwards to ${target}`);
    this.patchU32(slot, target - slot);
  }

  private scalar(size: number, set: (view: DataView) => void): void {
    const cell = new Uint8Array(size);
    set(new DataView(cell.buffer));
    this.raw(cell);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.out.byteLength) return;
    const grown = new Uint8Array(Math.max(this.out.byteLength * 2, this.length + extra));
    grown.set(this.out.subarray(0, this.length));
    this.out = grown;
  }
}

/** A complete FlatBuffer: root offset, optional 4-character file identifier, then the root. */
export function finishFlatBuffer(root: FlatNode, identifier?: string): Uint8Array {
  if (identifier !== undefined && !/^[\x20-\x7e]{4}$/.test(identifier)) throw new Error('a file identifier is 4 ASCII characters');
  const writer = new FlatBufferWriter(0);
  writer.u32(0);
  if (identifier !== undefined) writer.raw(new TextEncoder().encode(identifier));
  const at = writer.write(root);
  writer.patchU32(0, at);
  writer.pad(4);
  return writer.bytes();
}
