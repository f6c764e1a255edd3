import fc from 'fast-check';
import {
  ERROR_CODES, FACE_QUALITIES, FACE_SHAPES, SKIN_TONE_BANDS, safeUrl,
  type ActionItem, type Block, type ChatContext, type ChatResponse, type FaceAttributes, type JsonValue, type ProductItem,
  type ProtocolError, type ProtocolLimits, type UrlPurpose,
} from '../../src/protocol';

/**
 * fast-check arbitraries for the protocol: `valid` ones build values in the canonical form the
 * parsers return (so a parse must give them back unchanged), `hostile` ones build what an attacker
 * or a broken peer might send, and `mutated` breaks one spot deep inside a valid value.
 */

const FORBIDDEN = ['__proto__', 'constructor', 'prototype'];

// ---- valid, canonical values ----------------------------------------------------------------------

export const id = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/));
/** Any UTF-16, lone surrogates and controls included. */
const text = (min: number, max: number) => fc.string({ unit: 'binary', minLength: min, maxLength: max });
const nonNegative = fc.oneof(fc.nat(), fc.double({ min: 0, max: 1e15, noNaN: true })).map((n) => (Object.is(n, -0) ? 0 : n));

export const url = (purpose: UrlPurpose) =>
  fc.oneof(
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.stringMatching(/^\/[a-z0-9/_-]{0,40}(\?[a-z0-9=&]{0,20})?$/),
    ...(purpose === 'link' ? [fc.emailAddress().map((email) => `mailto:${email}`)] : []),
  ).filter((u) => safeUrl(u, purpose) === u);

const protocolError: fc.Arbitrary<ProtocolError> = fc.record(
  { code: fc.constantFrom(...ERROR_CODES), message: text(0, 500), retryAfterMs: fc.integer({ min: 0, max: 86_400_000 }) },
  { requiredKeys: ['code', 'message'] },
);

const product: fc.Arbitrary<ProductItem> = fc.record({
  id: text(1, 256),
  title: text(1, 300),
  url: url('link'),
  price: fc.record({ amount: nonNegative, currency: fc.stringMatching(/^[A-Z]{3}$/) }),
  image: fc.record({ url: url('image'), alt: text(0, 300) }, { requiredKeys: ['url'] }),
  variantId: text(1, 256),
  available: fc.boolean(),
}, { requiredKeys: ['id', 'title', 'url'] });

const action: fc.Arbitrary<ActionItem> = fc.oneof(
  fc.record({ label: text(1, 200), kind: fc.constant('message' as const), value: text(1, 4000) }),
  fc.record({ label: text(1, 200), kind: fc.constantFrom('link' as const, 'login' as const), url: url('link') }),
);

const items = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { minLength: 1, maxLength: 5 });

export const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ type: fc.constant('products' as const), items: items(product) }),
  fc.record({ type: fc.constant('quick-replies' as const), options: items(fc.record({ label: text(1, 200), value: text(1, 4000) })) }),
  fc.record({ type: fc.constant('image' as const), url: url('image'), alt: text(0, 300) }, { requiredKeys: ['type', 'url'] }),
  fc.record({ type: fc.constant('actions' as const), items: items(action) }),
);

export const chatResponse: fc.Arbitrary<ChatResponse> = fc.tuple(
  fc.record({
    success: fc.boolean(), id, seq: fc.nat(), sessionId: id, timestamp: nonNegative,
    replyTo: id, response: text(0, 300), blocks: fc.array(block, { maxLength: 4 }), provider: text(1, 100),
    error: protocolError, cancelled: fc.constant(true as const), ephemeral: fc.constant(true as const),
  }, { requiredKeys: ['success', 'id', 'seq', 'sessionId', 'timestamp'] }),
  fc.option(fc.record({ requiresAuth: fc.constant(true as const), authUrl: url('link') }, { requiredKeys: ['requiresAuth'] }), { nil: undefined }),
).map(([response, auth]) => ({ ...response, ...auth }));

/** Free-form JSON as JSON.parse makes it, without the keys the parsers refuse, inside default limits. */
const jsonValue: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 3, depthSize: 'small' })
  .map((value) => JSON.parse(JSON.stringify(value)) as JsonValue);

export const context: fc.Arbitrary<ChatContext> = fc.dictionary(fc.string({ maxLength: 12 }), jsonValue, { maxKeys: 6 })
  .map((value) => JSON.parse(JSON.stringify(value)) as ChatContext)
  .filter((value) => !hasForbiddenKey(value) && withinDefaultJsonLimits(value));

function hasForbiddenKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasForbiddenKey);
  if (typeof value !== 'object' || value === null) return false;
  return Object.keys(value).some((key) => FORBIDDEN.includes(key) || hasForbiddenKey((value as Record<string, unknown>)[key]));
}

function withinDefaultJsonLimits(value: unknown): boolean {
  let keys = 0;
  let chars = 0;
  const walk = (v: unknown, depth: number): boolean => {
    if (depth > 8) return false;
    if (typeof v === 'string') chars += v.length + 24;
    if (typeof v !== 'object' || v === null) return true;
    const entries = Array.isArray(v) ? v.map((item) => ['', item] as const) : Object.entries(v);
    keys += entries.length;
    return entries.every(([key, item]) => ((chars += key.length + 24), walk(item, depth + 1)));
  };
  return walk(value, 0) && keys <= 200 && chars <= 8192;
}

export const faceAttributes: fc.Arbitrary<FaceAttributes> = fc.record({
  faceShape: fc.constantFrom(...FACE_SHAPES),
  skinTone: fc.record({
    ita: fc.double({ min: -90, max: 90, noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    band: fc.constantFrom(...SKIN_TONE_BANDS),
    monk: fc.integer({ min: 1, max: 10 }),
  }),
  confidence: fc.double({ min: 0, max: 1, noNaN: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
  quality: fc.constantFrom(...FACE_QUALITIES),
}, { requiredKeys: ['confidence', 'quality'] });

const blankable = text(1, 400).filter((s) => s.trim() !== '');

/** A canonical valid value of each payload, by the parser's name. */
export const VALID = {
  handshakeAuth: fc.record({ sessionId: id, client: text(0, 100), token: text(0, 4096), lastSeq: fc.nat() }, { requiredKeys: ['sessionId', 'client'] }),
  chatMessage: fc.record({ id, sessionId: id, text: fc.oneof(blankable, fc.constant(`${'x'.repeat(3999)}!`)), sentAt: nonNegative, context }, { requiredKeys: ['id', 'sessionId', 'text', 'sentAt'] }),
  chatCancel: fc.record({ sessionId: id, replyTo: id }),
  sessionSync: fc.record({ sessionId: id, afterSeq: fc.nat() }),
  contextUpdate: fc.record({ sessionId: id, context }),
  typing: fc.record({ sessionId: id, typing: fc.boolean() }),
  faceAttributes,
  faceAnalysis: fc.record({ id, sessionId: id, attributes: faceAttributes }),
  chatResponse,
  chunk: fc.record({ id, replyTo: id, sessionId: id, index: fc.integer({ min: 0, max: 1_000_000 }), delta: text(0, 4000) }),
  agentTyping: fc.record({ sessionId: id, typing: fc.boolean() }),
  messageAck: fc.oneof(
    fc.record({ ok: fc.constant(true as const), id, duplicate: fc.constant(true as const) }, { requiredKeys: ['ok', 'id'] }),
    fc.record({ ok: fc.constant(false as const), id, error: protocolError }),
  ),
  simpleAck: fc.oneof(fc.constant({ ok: true as const }), fc.record({ ok: fc.constant(false as const), error: protocolError })),
  syncAck: fc.oneof(
    fc.record({ ok: fc.constant(true as const), responses: fc.array(chatResponse, { maxLength: 3 }) }),
    fc.record({ ok: fc.constant(false as const), error: protocolError }),
  ),
} satisfies Record<string, fc.Arbitrary<unknown>>;

// ---- hostile values -------------------------------------------------------------------------------

const HUGE = 'x'.repeat(1_000_000);

function nested(depth: number, asArray: boolean): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { d: value, id: 'x', type: 'products' };
  return value;
}

/**
 * A proxy that throws on every string-keyed read and on inspection. Symbol reads pass, so fast-check
 * (which looks for its clone symbol on generated values) can carry it; parsers read string keys.
 */
function throwingProxy(target: object): object {
  const boom = () => {
    throw new Error('trap');
  };
  return new Proxy(target, {
    get: (t, key) => (typeof key === 'symbol' ? Reflect.get(t, key) : boom()),
    has: (t, key) => (typeof key === 'symbol' ? Reflect.has(t, key) : boom()),
    ownKeys: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom,
  });
}

class SubArray<T> extends Array<T> {}

/** Things no JSON decoder makes, and some it does that parsers still trip on. */
const plainSpecials: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, -1, 1e308, 0.5,
  '', ' ', '\t\n', '\u0000', '\ud800', '\u202e', HUGE, 'javascript:alert(1)', ' JaVa\tScRiPt:x', 'data:text/html,x', '\\\\evil.test',
  null, undefined, true, false, 10n, Symbol('s'), () => 1, new Date(0), /x/, new Map([['a', 1]]), new Set([1]),
  new Uint8Array(4), new ArrayBuffer(2), Object.create(null), Object.create({ id: 'inherited' }), new Error('x'),
  new String('boxed'), new Number(1), Promise.resolve(1),
  // eslint-disable-next-line no-sparse-arrays
  [, , 'x'], new Array(5), SubArray.from(['a']), nested(300, false), nested(300, true),
  JSON.parse('{"__proto__":{"ok":true,"id":"x"}}'), JSON.parse('{"constructor":{"prototype":{"x":1}}}'),
);

/**
 * Values that throw when read. fast-check prints (stringifies) values when it builds some of its
 * own and when it reports a failure, so these stay out of `fc.anything` and appear only at the top
 * or as a mutation.
 */
const throwing: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  throwingProxy({}), throwingProxy([]),
  Object.defineProperty({}, 'id', { get: () => { throw new Error('getter'); }, enumerable: true }),
);

const specials = fc.oneof(plainSpecials, throwing);

const key = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(...FORBIDDEN, 'id', 'sessionId', 'text', 'type', 'items', 'url', 'ok', 'error', 'code', 'attributes', 'skinTone', 'context'),
);

/** Any JS value, favouring the ones above and keys the parsers read. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  specials,
  fc.anything({
    key, maxDepth: 4, maxKeys: 6, values: [plainSpecials, fc.string({ unit: 'binary' }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null)],
    withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true,
    withDate: true, withBigInt: true,
  }),
);

type Mutation = 'replace' | 'delete' | 'forbidden-key' | 'throwing-getter' | 'flip-flop-getter' | 'sparse' | 'sub-array';

/**
 * A valid value with one spot broken: a field (at any depth) replaced by a hostile value, deleted,
 * read through a getter that throws or that answers differently each time it is read; a prototype
 * key added; an array made sparse or an Array subclass.
 */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const kinds: Mutation[] = ['replace', 'delete', 'forbidden-key', 'throwing-getter', 'flip-flop-getter', 'sparse', 'sub-array'];
  return fc.tuple(valid, hostile, fc.nat(), fc.constantFrom(...kinds), fc.constantFrom(...FORBIDDEN)).map(([value, evil, pick, kind, forbidden]) => {
    const copy = structuredClone(value) as unknown;
    const spots = containers(copy);
    const [holder, field] = spots[pick % spots.length] ?? [{ root: copy }, 'root'];
    const holderObject = holder as Record<string | number, unknown>;
    switch (kind) {
      case 'replace':
        holderObject[field] = evil;
        break;
      case 'delete':
        delete holderObject[field];
        break;
      case 'forbidden-key':
        Object.defineProperty(holderObject, forbidden, { value: evil, enumerable: true, writable: true, configurable: true });
        break;
      case 'throwing-getter':
        Object.defineProperty(holderObject, field, { get: () => { throw new Error('getter'); }, enumerable: true, configurable: true });
        break;
      case 'flip-flop-getter': {
        const original = holderObject[field];
        let reads = 0;
        // Valid the first time, something else afterwards: catches a parser that reads twice.
        Object.defineProperty(holderObject, field, { get: () => (reads++ === 0 ? original : evil), enumerable: true, configurable: true });
        break;
      }
      case 'sparse':
        if (Array.isArray(holderObject)) holderObject.length += 2;
        else holderObject[field] = [, evil];
        break;
      case 'sub-array':
        holderObject[field] = SubArray.from(Array.isArray(holderObject[field]) ? holderObject[field] as unknown[] : [holderObject[field]]);
        break;
    }
    return copy;
  });
}

/** Every (holder, key) pair in a plain value: where a mutation can land. */
function containers(value: unknown): [object, string | number][] {
  const out: [object, string | number][] = [];
  const walk = (v: unknown) => {
    if (typeof v !== 'object' || v === null) return;
    for (const k of Object.keys(v)) {
      out.push([v, Array.isArray(v) ? Number(k) : k]);
      walk((v as Record<string, unknown>)[k]);
    }
  };
  walk(value);
  return out;
}

/** Limits the parsers may be given: the defaults, or tight ones that make the size checks bite. */
export const limits: fc.Arbitrary<Partial<ProtocolLimits>> = fc.oneof(
  fc.constant({}),
  fc.record({
    maxTextLength: fc.integer({ min: 1, max: 50 }),
    maxContextSize: fc.integer({ min: 10, max: 300 }),
    maxDepth: fc.integer({ min: 0, max: 4 }),
    maxKeys: fc.integer({ min: 0, max: 10 }),
    maxResponseLength: fc.integer({ min: 0, max: 100 }),
    maxDeltaLength: fc.integer({ min: 0, max: 50 }),
    maxBlockItems: fc.integer({ min: 0, max: 3 }),
    maxSyncResponses: fc.integer({ min: 0, max: 3 }),
  }, { requiredKeys: [] }),
);

/** Unknown fields a newer peer might add: every parser ignores them. */
export const extraFields = fc.dictionary(fc.stringMatching(/^x_[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
