/**
 * A small, checked FlatBuffers reader: enough to walk the TFLite model and metadata tables our
 * tests care about. Every position it returns is absolute (from the start of `bytes`).
 *
 * Format facts relied on (FlatBuffers binary format, "Internals" of the FlatBuffers docs):
 * - Little-endian throughout. A buffer starts with a `uoffset` (u32) to the root table; when the
 *   schema has a `file_identifier`, its 4 ASCII bytes follow at bytes 4..7.
 * - A `uoffset` is unsigned and relative to where it is stored: target = position + value, so
 *   it always points forward.
 * - A table starts with an `soffset` (i32): its vtable is at `table - soffset` (either side).
 *   A vtable is u16 vtable size in bytes, u16 table size, then one u16 per field id giving the
 *   field's offset from the table start; 0, or a field id past the vtable's end, means absent
 *   (the reader then uses the schema default).
 * - Strings and vectors: a u32 element count, then the elements (strings: UTF-8 bytes and a NUL
 *   not counted). Vectors of tables hold one `uoffset` per element.
 * - A union field takes two field ids: `<name>_type` (u8, 0 = NONE) then the value's offset.
 */
export class FlatBufferReader {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Position of the root table. */
  root(): number {
    return this.uoffsetAt(0);
  }

  /** The 4-byte file identifier at bytes 4..7 (for example "TFL3" or "M001"). */
  identifier(): string {
    this.check(4, 4);
    return String.fromCharCode(...this.bytes.subarray(4, 8));
  }

  /** Position of field `id` of the table at `table`, or undefined when absent. */
  field(table: number, id: number): number | undefined {
    const vtable = table - this.i32(table);
    const vtableSize = this.u16(vtable);
    const slot = 4 + 2 * id;
    if (slot + 2 > vtableSize) return undefined;
    const offset = this.u16(vtable + slot);
    return offset === 0 ? undefined : table + offset;
  }

  /** Field ids present in the table's vtable (for checking that nothing unexpected is there). */
  presentFields(table: number): number[] {
    const vtable = table - this.i32(table);
    const count = (this.u16(vtable) - 4) / 2;
    const ids: number[] = [];
    for (let id = 0; id < count; id++) if (this.u16(vtable + 4 + 2 * id) !== 0) ids.push(id);
    return ids;
  }

  /** The vtable's size and the table's inline size, as recorded in the vtable. */
  tableLayout(table: number): { vtable: number; vtableSize: number; tableSize: number } {
    const vtable = table - this.i32(table);
    return { vtable, vtableSize: this.u16(vtable), tableSize: this.u16(vtable + 2) };
  }

  scalarU8(table: number, id: number, fallback = 0): number {
    const at = this.field(table, id);
    return at === undefined ? fallback : this.u8(at);
  }

  scalarU32(table: number, id: number, fallback = 0): number {
    const at = this.field(table, id);
    return at === undefined ? fallback : this.u32(at);
  }

  /** Target of an offset field (table, vector or string), or undefined when absent. */
  ref(table: number, id: number): number | undefined {
    const at = this.field(table, id);
    return at === undefined ? undefined : this.uoffsetAt(at);
  }

  string(table: number, id: number): string | undefined {
    const at = this.ref(table, id);
    return at === undefined ? undefined : this.stringAt(at);
  }

  stringAt(position: number): string {
    const length = this.u32(position);
    this.check(position + 4, length + 1);
    return new TextDecoder().decode(this.bytes.subarray(position + 4, position + 4 + length));
  }

  /** Element count and first element position of a vector field, or undefined when absent. */
  vector(table: number, id: number): { length: number; start: number } | undefined {
    const at = this.ref(table, id);
    return at === undefined ? undefined : { length: this.u32(at), start: at + 4 };
  }

  /** Positions of the tables a vector-of-tables field points at ([] when absent). */
  tables(table: number, id: number): number[] {
    const vec = this.vector(table, id);
    if (!vec) return [];
    return Array.from({ length: vec.length }, (_, i) => this.uoffsetAt(vec.start + 4 * i));
  }

  floats(table: number, id: number): number[] {
    const vec = this.vector(table, id);
    if (!vec) return [];
    this.check(vec.start, 4 * vec.length);
    return Array.from({ length: vec.length }, (_, i) => this.view.getFloat32(vec.start + 4 * i, true));
  }

  ints(table: number, id: number): number[] {
    const vec = this.vector(table, id);
    if (!vec) return [];
    return Array.from({ length: vec.length }, (_, i) => this.i32(vec.start + 4 * i));
  }

  /** The bytes of a `[ubyte]` field (a view, not a copy), or undefined when absent. */
  byteVector(table: number, id: number): Uint8Array | undefined {
    const vec = this.vector(table, id);
    if (!vec) return undefined;
    this.check(vec.start, vec.length);
    return this.bytes.subarray(vec.start, vec.start + vec.length);
  }

  uoffsetAt(position: number): number {
    const target = position + this.u32(position);
    this.check(target, 4);
    return target;
  }

  u8(position: number): number {
    this.check(position, 1);
    return this.view.getUint8(position);
  }

  u16(position: number): number {
    this.check(position, 2);
    return this.view.getUint16(position, true);
  }

  u32(position: number): number {
    this.check(position, 4);
    return this.view.getUint32(position, true);
  }

  i32(position: number): number {
    this.check(position, 4);
    return this.view.getInt32(position, true);
  }

  private check(position: number, length: number): void {
    if (!Number.isInteger(position) || position < 0 || position + length > this.bytes.byteLength) {
      throw new RangeError(`flatbuffer read of ${length} bytes at ${position} is outside the ${this.bytes.byteLength}-byte buffer`);
    }
  }
}
