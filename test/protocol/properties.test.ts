import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES, ProtocolFailure, parseAgentTyping, parseChatCancel, parseChatMessage, parseChatResponse, parseChunk,
  parseContextUpdate, parseFaceAnalysis, parseFaceAttributes, parseHandshakeAuth, parseMessageAck, parseSessionSync,
  parseSimpleAck, parseSyncAck, parseTyping, safeUrl, withLimits,
  type Parsed, type ProtocolLimits,
} from '../../src/protocol';
import { VALID, extraFields, hostile, limits, mutated, url } from './arbitraries';
import { SHAPES, reachableObjects } from './shapes';

/**
 * Property-based tests of every validator in src/protocol: whatever arrives, a parser returns a
 * result (it never throws), what it accepts is exactly of its type and shares nothing with the
 * input, and every valid value comes back unchanged. Runs are bounded (a few hundred per property)
 * so the file takes a few seconds; a failure prints the seed to replay it.
 */

type Parser = (input: unknown, limits?: Partial<ProtocolLimits>) => Parsed<unknown>;

const PARSERS: [name: keyof typeof VALID, parse: Parser][] = [
  ['handshakeAuth', parseHandshakeAuth],
  ['chatMessage', parseChatMessage],
  ['chatCancel', parseChatCancel],
  ['sessionSync', parseSessionSync],
  ['contextUpdate', parseContextUpdate],
  ['typing', parseTyping],
  ['faceAttributes', parseFaceAttributes],
  ['faceAnalysis', parseFaceAnalysis],
  ['chatResponse', parseChatResponse],
  ['chunk', parseChunk],
  ['agentTyping', parseAgentTyping],
  ['messageAck', parseMessageAck],
  ['simpleAck', parseSimpleAck],
  ['syncAck', parseSyncAck],
];

const RUNS = { hostile: 400, valid: 200 };

function judge(name: keyof typeof VALID, parse: Parser, input: unknown, given: Partial<ProtocolLimits>): Parsed<unknown> {
  const result = parse(input, given);
  if (!result.ok) {
    expect(result.error).toBeInstanceOf(ProtocolFailure);
    expect(ERROR_CODES).toContain(result.error.code);
    expect(typeof result.error.message).toBe('string');
    return result;
  }
  SHAPES[name](withLimits(given))(result.value, name);
  expect(Array.isArray(result.dropped) && result.dropped.every((d) => typeof d === 'string')).toBe(true);
  // A fresh copy: no object of the input (which its sender may still change) is in the output.
  const inputs = reachableObjects(input);
  for (const out of reachableObjects(result.value)) expect(inputs.has(out)).toBe(false);
  // What was accepted is accepted again, unchanged, and nothing more is dropped.
  const again = parse(result.value, given);
  expect(again).toEqual({ ok: true, value: result.value, dropped: [] });
  return result;
}

describe.each(PARSERS)('%s', (name, parse) => {
  it('never throws on hostile input, and accepts only values of its type', () => {
    fc.assert(fc.property(hostile, limits, (input, given) => {
      judge(name, parse, input, given);
    }), { numRuns: RUNS.hostile });
  });

  it('never throws on a valid value broken in one spot, and accepts only values of its type', () => {
    fc.assert(fc.property(mutated(VALID[name]), limits, (input, given) => {
      judge(name, parse, input, given);
    }), { numRuns: RUNS.hostile });
  });

  it('accepts every valid value unchanged, with unknown fields ignored, also after a JSON round trip', () => {
    fc.assert(fc.property(VALID[name] as fc.Arbitrary<Record<string, unknown>>, extraFields, (value, extra) => {
      const direct = judge(name, parse, { ...extra, ...value }, {});
      expect(direct).toEqual({ ok: true, value, dropped: [] });
      expect(parse(JSON.parse(JSON.stringify(value)))).toEqual({ ok: true, value, dropped: [] });
    }), { numRuns: RUNS.valid });
  });
});

describe('safeUrl', () => {
  const schemes = fc.constantFrom('', 'javascript:', 'JaVaScRiPt:', 'data:', 'vbscript:', 'blob:', 'file:', 'mailto:', 'http:', 'https:', '//', '\\\\', '/\\', 'java\tscript:', ' javascript:', '\u0000javascript:', 'jav&#x09;ascript:');
  const invisible = fc.constantFrom('', '\t', '\n', '\r', ' ', '\u0000', '\u00ad', '\u200b', '\u2028', '\u202e', '\ufeff', '\u0085');
  const candidate = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.tuple(invisible, schemes, invisible, fc.string({ maxLength: 30 })).map((parts) => parts.join('')),
    fc.tuple(schemes, invisible).chain(([scheme, gap]) => fc.string({ maxLength: 20 }).map((rest) => `${scheme.slice(0, 2)}${gap}${scheme.slice(2)}${rest}`)),
    url('link'),
  );

  it.each(['link', 'image'] as const)('keeps only URLs a browser resolves to an allowed scheme (%s)', (purpose) => {
    const allowed = purpose === 'link' ? ['http:', 'https:', 'mailto:'] : ['http:', 'https:'];
    fc.assert(fc.property(candidate, (raw) => {
      const safe = safeUrl(raw, purpose);
      if (safe === undefined) return;
      expect(safe.length).toBeGreaterThan(0);
      expect(safe.length).toBeLessThanOrEqual(2048);
      expect(safe).not.toMatch(/[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\\]/);
      // The WHATWG URL parser is what browsers use to read an href or src: what it cannot parse
      // ("http:" alone) goes nowhere; what it can must land on an allowed scheme.
      if (URL.canParse(safe, 'https://shop.example/page/')) expect(allowed).toContain(new URL(safe, 'https://shop.example/page/').protocol);
      expect(safeUrl(safe, purpose)).toBe(safe);
    }), { numRuns: 500 });
  });
});
