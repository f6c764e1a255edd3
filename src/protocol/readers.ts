import { ProtocolFailure } from './errors.js';
import type { ErrorCode, JsonValue } from './types.js';

/**
 * Field readers for untrusted payloads. They throw `ProtocolFailure`, which the parse functions
 * turn into results; every value they return is a fresh copy, so nothing on the input (getters,
 * prototypes, extra keys) survives into typed values.
 */

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const ID_PATTERN = /^[A-Za-z0-9_.:-]+$/;

export function fail(path: string, what: string, code: ErrorCode = 'invalid'): never {
  throw new ProtocolFailure(code, `${path}: ${what}`);
}

export function record(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, 'expected an object');
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) fail(path, 'expected a plain object');
  return value as Record<string, unknown>;
}

/**
 * Reads the named fields of an object, each exactly once and only if it is the object's own, into
 * a snapshot. Parsers read the snapshot: a getter cannot answer differently on a second read, and
 * a polluted `Object.prototype` in the page cannot supply a field the sender never sent.
 */
export function fields<K extends string>(value: unknown, path: string, names: readonly K[]): Record<K, unknown> {
  const source = record(value, path);
  const snapshot = Object.create(null) as Record<K, unknown>;
  for (const name of names) snapshot[name] = Object.hasOwn(source, name) ? source[name] : undefined;
  return snapshot;
}

/** A copy of an array's items as a plain array (holes read as undefined), its length read once. */
export function list(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail(path, 'expected an array');
  const length = value.length;
  if (length > max) fail(path, `more than ${max} items`, 'too_large');
  const items: unknown[] = [];
  for (let i = 0; i < length; i++) items.push(value[i]);
  return items;
}

export interface StringRule {
  min?: number;
  max: number;
  /** Code used when the string is longer than `max`. @default 'invalid' */
  tooLong?: ErrorCode;
}

export function string(value: unknown, path: string, rule: StringRule): string {
  if (typeof value !== 'string') fail(path, 'expected a string');
  if (value.length < (rule.min ?? 0)) fail(path, rule.min === 1 ? 'must not be empty' : `shorter than ${rule.min}`);
  if (value.length > rule.max) fail(path, `longer than ${rule.max} characters`, rule.tooLong ?? 'invalid');
  return value;
}

export function optionalString(value: unknown, path: string, rule: StringRule): string | undefined {
  return value === undefined || value === null ? undefined : string(value, path, rule);
}

/** Ids and session ids: UUIDs or similar opaque tokens, never free text. */
export function identifier(value: unknown, path: string): string {
  const id = string(value, path, { min: 1, max: 128 });
  if (!ID_PATTERN.test(id)) fail(path, 'may only hold letters, digits and _ . : -');
  return id;
}

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function number(value: unknown, path: string, rule: NumberRule = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'expected a finite number');
  if (rule.integer && !Number.isInteger(value)) fail(path, 'expected an integer');
  if (rule.min !== undefined && value < rule.min) fail(path, `less than ${rule.min}`);
  if (rule.max !== undefined && value > rule.max) fail(path, `greater than ${rule.max}`);
  return value;
}

export function optionalNumber(value: unknown, path: string, rule: NumberRule = {}): number | undefined {
  return value === undefined || value === null ? undefined : number(value, path, rule);
}

// ISO 8601 date-time with an explicit zone, as `new Date().toISOString()` and most backends write it.
// A zone is required: a zoneless time means a different instant on every machine that reads it.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * A point in time as epoch milliseconds. Backends send either epoch milliseconds or an ISO 8601
 * string (`2026-12-07T10:00:00.000Z`); both become the same number, so the rest of the code
 * compares plain numbers.
 */
export function time(value: unknown, path: string): number {
  if (typeof value === 'string') {
    if (value.length > 40 || !ISO_DATE_TIME.test(value)) fail(path, 'expected epoch milliseconds or an ISO 8601 date-time with a zone');
    const ms = Date.parse(value);
    if (!Number.isFinite(ms) || ms < 0) fail(path, 'not a valid date-time');
    return ms;
  }
  return number(value, path, { min: 0 });
}

export function boolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'expected true or false');
  return value;
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  return value === undefined || value === null ? undefined : boolean(value, path);
}

export function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, `expected one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export interface JsonRule {
  maxDepth: number;
  maxKeys: number;
  maxSize: number;
}

/**
 * Copies free-form JSON with bounds on depth, breadth and size. Keys that could reach an object's
 * prototype are refused outright rather than dropped, so a hostile payload is reported, not
 * silently half-applied.
 */
export function json(value: unknown, path: string, rule: JsonRule): JsonValue {
  const budget = { keys: 0, size: 0 };
  const copy = (v: unknown, p: string, depth: number): JsonValue => {
    if (depth > rule.maxDepth) fail(p, `nested deeper than ${rule.maxDepth}`);
    if (v === null || typeof v === 'boolean') return charge(v, 5);
    if (typeof v === 'number') return charge(number(v, p), 24);
    if (typeof v === 'string') return charge(v, v.length + 2);
    if (Array.isArray(v)) {
      const length = v.length;
      if ((budget.keys += length) > rule.maxKeys) fail(p, `more than ${rule.maxKeys} keys and items`);
      // A plain array, item by item: `map` would keep holes (not JSON) and an Array subclass.
      const items: JsonValue[] = [];
      for (let i = 0; i < length; i++) {
        if (!Object.hasOwn(v, i)) fail(`${p}[${i}]`, 'a hole is not JSON');
        items.push(copy(v[i], `${p}[${i}]`, depth + 1));
      }
      return items;
    }
    const source = record(v, p);
    const keys = Object.keys(source);
    if ((budget.keys += keys.length) > rule.maxKeys) fail(p, `more than ${rule.maxKeys} keys and items`);
    const out: Record<string, JsonValue> = {};
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) fail(`${p}.${key}`, 'forbidden key');
      charge(key, key.length + 3);
      out[key] = copy(source[key], `${p}.${key}`, depth + 1);
    }
    return out;
  };
  const charge = <T extends JsonValue>(v: T, size: number): T => {
    if ((budget.size += size) > rule.maxSize) fail(path, `larger than ${rule.maxSize} characters`, 'too_large');
    return v;
  };
  return copy(value, path, 0);
}
