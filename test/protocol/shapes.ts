import {
  ERROR_CODES, FACE_QUALITIES, FACE_SHAPES, SKIN_TONE_BANDS, safeUrl,
  type ProtocolLimits, type UrlPurpose,
} from '../../src/protocol';

/**
 * Checkers of the protocol's types, written from the types in src/protocol/types.ts and the limits,
 * independently of the validators they judge. Each throws a ShapeError naming the path of the first
 * thing that is not what the type says. Stricter than TypeScript on purpose: a parsed value must be
 * plain data (own, enumerable data properties on plain objects and arrays, no holes, no keys the
 * type does not name, no explicit `undefined`), so nothing of the input can ride along.
 */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

type Check = (value: unknown, path: string) => void;

const ID = /^[A-Za-z0-9_.:-]+$/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function bad(path: string, what: string): never {
  throw new ShapeError(`${path}: ${what}`);
}

function object(value: unknown, path: string, required: Record<string, Check>, optional: Record<string, Check> = {}): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(path, 'not an object');
  if (Object.getPrototypeOf(value) !== Object.prototype) bad(path, 'not a plain object');
  for (const key of Reflect.ownKeys(value)) {
    const name = String(key);
    if (typeof key !== 'string' || !(Object.hasOwn(required, name) || Object.hasOwn(optional, name))) bad(path, `unexpected key ${name}`);
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if (!('value' in descriptor) || !descriptor.enumerable || !descriptor.writable) bad(`${path}.${name}`, 'not a plain data property');
    if (descriptor.value === undefined) bad(`${path}.${name}`, 'explicitly undefined');
  }
  const record = value as Record<string, unknown>;
  for (const [key, check] of Object.entries(required)) {
    if (!Object.hasOwn(record, key)) bad(`${path}.${key}`, 'missing');
    check(record[key], `${path}.${key}`);
  }
  for (const [key, check] of Object.entries(optional)) {
    if (Object.hasOwn(record, key)) check(record[key], `${path}.${key}`);
  }
}

function array(value: unknown, path: string, min: number, max: number, item: Check): void {
  if (!Array.isArray(value) || Object.getPrototypeOf(value) !== Array.prototype) bad(path, 'not a plain array');
  if (value.length < min || value.length > max) bad(path, `${value.length} items, outside ${min}..${max}`);
  for (let i = 0; i < value.length; i++) {
    if (!Object.hasOwn(value, i)) bad(`${path}[${i}]`, 'a hole');
    item(value[i], `${path}[${i}]`);
  }
  if (Reflect.ownKeys(value).length !== value.length + 1) bad(path, 'extra properties on the array');
}

const string = (min: number, max: number): Check => (v, p) => {
  if (typeof v !== 'string') bad(p, 'not a string');
  if (v.length < min || v.length > max) bad(p, `length ${v.length}, outside ${min}..${max}`);
};

const id: Check = (v, p) => {
  string(1, 128)(v, p);
  if (!ID.test(v as string)) bad(p, 'not an identifier');
};

const num = (min = -Infinity, max = Infinity, integer = false): Check => (v, p) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(p, 'not a finite number');
  if (integer && !Number.isInteger(v)) bad(p, 'not an integer');
  if (v < min || v > max) bad(p, `${v} outside ${min}..${max}`);
};

const bool: Check = (v, p) => {
  if (typeof v !== 'boolean') bad(p, 'not a boolean');
};

const literal = (...allowed: unknown[]): Check => (v, p) => {
  if (!allowed.includes(v)) bad(p, `not one of ${allowed.map(String).join(', ')}`);
};

const url = (purpose: UrlPurpose): Check => (v, p) => {
  string(1, 2048)(v, p);
  if (safeUrl(v as string, purpose) !== v) bad(p, `not a safe ${purpose} URL`);
};

/** A JSON value within the limits for free-form JSON (context). */
function json(limits: ProtocolLimits): Check {
  return (value, path) => {
    const budget = { keys: 0, chars: 0 };
    const walk = (v: unknown, p: string, depth: number): void => {
      if (depth > limits.maxDepth) bad(p, `deeper than ${limits.maxDepth}`);
      if (v === null || typeof v === 'boolean') return;
      if (typeof v === 'number') return num()(v, p);
      if (typeof v === 'string') {
        budget.chars += v.length;
        return;
      }
      if (Array.isArray(v)) {
        budget.keys += v.length;
        array(v, p, 0, Infinity, (item, ip) => walk(item, ip, depth + 1));
      } else {
        if (typeof v !== 'object') bad(p, `a ${typeof v} is not JSON`);
        const keys = Object.keys(v);
        budget.keys += keys.length;
        for (const key of keys) {
          if (FORBIDDEN.has(key)) bad(`${p}.${key}`, 'a forbidden key');
          budget.chars += key.length;
        }
        object(v, p, {}, Object.fromEntries(keys.map((key) => [key, (item: unknown, ip: string) => walk(item, ip, depth + 1)])));
      }
    };
    walk(value, path, 0);
    if (budget.keys > limits.maxKeys) bad(path, `${budget.keys} keys and items, above ${limits.maxKeys}`);
    if (budget.chars > limits.maxContextSize) bad(path, `${budget.chars} characters of strings and keys, above ${limits.maxContextSize}`);
  };
}

const context = (limits: ProtocolLimits): Check => (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(p, 'context is not an object');
  json(limits)(v, p);
};

const protocolError: Check = (v, p) => object(v, p, { code: literal(...ERROR_CODES), message: string(0, 500) }, { retryAfterMs: num(0, 86_400_000) });

const product: Check = (v, p) => object(v, p, { id: string(1, 256), title: string(1, 300), url: url('link') }, {
  price: (price, pp) => {
    object(price, pp, { amount: num(0), currency: string(3, 3) });
    if (!/^[A-Z]{3}$/.test((price as { currency: string }).currency)) bad(`${pp}.currency`, 'not an ISO 4217 code');
  },
  image: (image, ip) => object(image, ip, { url: url('image') }, { alt: string(0, 300) }),
  variantId: string(1, 256),
  available: bool,
});

const action: Check = (v, p) => {
  const kind = (v as { kind?: unknown } | null)?.kind;
  if (kind === 'message') object(v, p, { label: string(1, 200), kind: literal('message'), value: string(1, 4000) });
  else object(v, p, { label: string(1, 200), kind: literal('link', 'login'), url: url('link') });
};

const block = (limits: ProtocolLimits): Check => (v, p) => {
  const max = limits.maxBlockItems;
  switch ((v as { type?: unknown } | null)?.type) {
    case 'products':
      return object(v, p, { type: literal('products'), items: (items, ip) => array(items, ip, 1, max, product) });
    case 'quick-replies':
      return object(v, p, {
        type: literal('quick-replies'),
        options: (options, op) => array(options, op, 1, max, (o, oo) => object(o, oo, { label: string(1, 200), value: string(1, 4000) })),
      });
    case 'image':
      return object(v, p, { type: literal('image'), url: url('image') }, { alt: string(0, 300) });
    case 'actions':
      return object(v, p, { type: literal('actions'), items: (items, ip) => array(items, ip, 1, max, action) });
    default:
      return bad(`${p}.type`, 'unknown block type');
  }
};

const chatResponse = (limits: ProtocolLimits): Check => (v, p) => {
  object(v, p, { success: bool, id, seq: num(0, Infinity, true), sessionId: id, timestamp: num(0) }, {
    replyTo: id,
    response: string(0, limits.maxResponseLength),
    blocks: (blocks, bp) => array(blocks, bp, 0, limits.maxBlockItems, block(limits)),
    provider: string(1, 100),
    error: protocolError,
    cancelled: literal(true),
    ephemeral: literal(true),
    requiresAuth: literal(true),
    authUrl: url('link'),
  });
  if ('authUrl' in (v as object) && !('requiresAuth' in (v as object))) bad(`${p}.authUrl`, 'without requiresAuth');
};

const faceAttributes: Check = (v, p) => object(v, p, { confidence: num(0, 1), quality: literal(...FACE_QUALITIES) }, {
  faceShape: literal(...FACE_SHAPES),
  skinTone: (tone, tp) => object(tone, tp, { ita: num(-90, 90), band: literal(...SKIN_TONE_BANDS), monk: num(1, 10, true) }),
});

/** One checker per parsed type, given the limits the parser ran with. */
export const SHAPES = {
  handshakeAuth: (_l: ProtocolLimits): Check => (v, p) => object(v, p, { sessionId: id, client: string(0, 100) }, { token: string(0, 4096), lastSeq: num(0, Infinity, true) }),
  chatMessage: (l: ProtocolLimits): Check => (v, p) => {
    object(v, p, { id, sessionId: id, text: string(1, l.maxTextLength), sentAt: num(0) }, { context: context(l) });
    if ((v as { text: string }).text.trim() === '') bad(`${p}.text`, 'blank');
  },
  chatCancel: (_l: ProtocolLimits): Check => (v, p) => object(v, p, { sessionId: id, replyTo: id }),
  sessionSync: (_l: ProtocolLimits): Check => (v, p) => object(v, p, { sessionId: id, afterSeq: num(0, Infinity, true) }),
  contextUpdate: (l: ProtocolLimits): Check => (v, p) => object(v, p, { sessionId: id, context: context(l) }),
  typing: (_l: ProtocolLimits): Check => (v, p) => object(v, p, { sessionId: id, typing: bool }),
  faceAttributes: (_l: ProtocolLimits): Check => faceAttributes,
  faceAnalysis: (_l: ProtocolLimits): Check => (v, p) => object(v, p, { id, sessionId: id, attributes: faceAttributes }),
  chatResponse,
  chunk: (l: ProtocolLimits): Check => (v, p) => object(v, p, { id, replyTo: id, sessionId: id, index: num(0, 1_000_000, true), delta: string(0, l.maxDeltaLength) }),
  agentTyping: (_l: ProtocolLimits): Check => (v, p) => object(v, p, { sessionId: id, typing: bool }),
  messageAck: (_l: ProtocolLimits): Check => (v, p) => {
    if ((v as { ok?: unknown } | null)?.ok === false) object(v, p, { ok: literal(false), id, error: protocolError });
    else object(v, p, { ok: literal(true), id }, { duplicate: literal(true) });
  },
  simpleAck: (_l: ProtocolLimits): Check => (v, p) => {
    if ((v as { ok?: unknown } | null)?.ok === false) object(v, p, { ok: literal(false), error: protocolError });
    else object(v, p, { ok: literal(true) });
  },
  syncAck: (l: ProtocolLimits): Check => (v, p) => {
    if ((v as { ok?: unknown } | null)?.ok === false) object(v, p, { ok: literal(false), error: protocolError });
    else object(v, p, { ok: literal(true), responses: (r, rp) => array(r, rp, 0, l.maxSyncResponses, chatResponse(l)) });
  },
} as const;

/**
 * Objects and arrays reachable from `value` through own data properties, without calling a getter
 * or a proxy trap that could throw (those are skipped), and without recursion (inputs may be
 * nested thousands deep). Stops after `max` nodes.
 */
export function reachableObjects(value: unknown, max = 5000): Set<object> {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0 && seen.size < max) {
    const v = stack.pop();
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || seen.has(v)) continue;
    seen.add(v);
    try {
      for (const descriptor of Object.values(Object.getOwnPropertyDescriptors(v))) {
        if ('value' in descriptor) stack.push(descriptor.value);
      }
    } catch {
      // A proxy whose traps throw: nothing more to see inside it.
    }
  }
  return seen;
}
