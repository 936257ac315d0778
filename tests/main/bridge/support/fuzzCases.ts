import fc from 'fast-check'
import { BRIDGE_CLOSE } from '../../../../src/shared/api/bridgeProtocol'
import { encodeFrame, OPCODE } from './rawBridgeSocket'

// What the bridge fuzz sends, and what it must answer. Each case is the bytes for one connection and
// the outcome the bridge owes for them: replies to these ids, a close with one of these codes, or
// (for mutated bytes, where no outcome can be predicted) only that the server lives on.

/** Core methods the fuzz may call: they read, or (savePartConfig) change only what the test tracks. */
export const SAFE_METHODS = [
  'getIdentity',
  'getStatus',
  'getFleetTree',
  'getMachine',
  'getMachineComponents',
  'getPartConfig',
  'validateConfig',
  'getPartHistory',
  'getPartRevision',
  'listOutbox',
  'getSettings',
  'listNearby',
  'listRobotSessions',
  'getRobotStatus',
  'getRobotLogs',
  'disconnectRobot',
  'unwatchRobot',
] as const

export interface FuzzFleet {
  partIds: readonly string[]
  machineIds: readonly string[]
  /** The hub revision of each part, the base a valid save names. */
  revisionOf: (partId: string) => number
}

export interface SentSave {
  id: number
  partId: string
  config: unknown
}

export type Expect =
  /** Every id gets a reply; the connection stays open. */
  | { kind: 'replies'; ids: number[]; saves: SentSave[] }
  /** Replies to `ids` (those before the bad message), then a close with one of `codes`. */
  | { kind: 'close'; ids: number[]; codes: number[] }
  /** No outcome can be predicted: only that the server survives. */
  | { kind: 'any' }

export interface FuzzCase {
  label: string
  frames: readonly Buffer[]
  expect: Expect
}

const numberArb = fc.oneof(
  fc.integer(),
  fc.nat(5),
  fc.double(),
  fc.constantFrom(-1, 0, 1, 1e308, Number.MAX_SAFE_INTEGER),
)

function deepArb(): fc.Arbitrary<unknown> {
  return fc.integer({ min: 1, max: 400 }).map((depth) => {
    let v: unknown = 1
    for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { a: v } : [v]
    return { components: [{ name: 'deep', api: 'rdk:component:motor', attributes: { v } }] }
  })
}

function paramsArb(fleet: FuzzFleet): fc.Arbitrary<unknown> {
  const partId = fc.oneof(fc.constantFrom(...fleet.partIds), fc.string({ maxLength: 300 }))
  const config = fc.oneof(fc.jsonValue({ maxDepth: 4 }), deepArb(), fc.constant({}))
  return fc.oneof(
    fc.constant({}),
    fc.constant(undefined),
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(
      {
        partId,
        machineId: fc.oneof(fc.constantFrom(...fleet.machineIds), fc.string()),
        revision: numberArb,
        baseRevision: numberArb,
        config,
        limit: numberArb,
        topic: fc.constantFrom('logs', 'readings', 'status', 'nope'),
        extra: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
  )
}

/** A valid save the model can track: a real part, its base revision, a small valid config. */
function saveArb(fleet: FuzzFleet): fc.Arbitrary<{ partId: string; config: unknown }> {
  const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,15}$/)
  return fc
    .record({
      partId: fc.constantFrom(...fleet.partIds),
      names: fc.uniqueArray(name, { minLength: 0, maxLength: 4 }),
      note: fc.string({ maxLength: 40 }),
    })
    .map(({ partId, names, note }) => ({
      partId,
      config: {
        components: names.map((n) => ({
          name: n,
          api: 'rdk:component:motor',
          model: 'fake',
          attributes: { note },
        })),
      },
    }))
}

/** One message's text split over 1-3 frames, with a ping between fragments now and then. */
function fragmentsArb(payload: Buffer, opcode: number): fc.Arbitrary<Buffer[]> {
  return fc
    .record({
      cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, payload.length - 1) }), { maxLength: 2 }),
      ping: fc.boolean(),
    })
    .map(({ cuts, ping }) => {
      const points = cuts.filter((c) => c < payload.length).sort((a, b) => a - b)
      const pieces: Buffer[] = []
      let at = 0
      for (const p of [...points, payload.length]) {
        pieces.push(payload.subarray(at, p))
        at = p
      }
      const frames: Buffer[] = []
      pieces.forEach((piece, i) => {
        const last = i === pieces.length - 1
        frames.push(
          encodeFrame({ opcode: i === 0 ? opcode : OPCODE.continuation, payload: piece, fin: last }),
        )
        if (ping && !last) frames.push(encodeFrame({ opcode: OPCODE.ping, payload: Buffer.from('p') }))
      })
      return frames
    })
}

/** Whether the text is a request the bridge must answer (its own rule, written out independently). */
function isRequest(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text)
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
    const r = v as Record<string, unknown>
    return typeof r.id === 'number' && Number.isSafeInteger(r.id) && typeof r.method === 'string'
  } catch {
    return false
  }
}

/** A request padded with spaces to exactly `bytes` bytes (JSON allows whitespace anywhere between tokens). */
function padTo(text: string, bytes: number): string {
  const have = Buffer.byteLength(text)
  return have >= bytes ? text : `${text}${' '.repeat(bytes - have)}`
}

/**
 * A connection's worth of messages: valid requests with random params, random JSON and strings,
 * requests exactly at the size limit and one byte over, each split over random fragments. When every
 * message is a request, some are valid saves (tracked by the model); otherwise none is.
 */
function messagesCase(fleet: FuzzFleet, limit: number): fc.Arbitrary<FuzzCase> {
  const request = fc.record({
    method: fc.oneof(fc.constantFrom(...SAFE_METHODS), fc.string()),
    params: paramsArb(fleet),
  })
  const onlyRequests = fc.array(
    fc.oneof(
      { weight: 4, arbitrary: request.map((r) => ({ kind: 'request' as const, ...r })) },
      { weight: 1, arbitrary: saveArb(fleet).map((s) => ({ kind: 'save' as const, ...s })) },
    ),
    { minLength: 1, maxLength: 4 },
  )
  const mixed = fc.array(
    fc.oneof(
      { weight: 3, arbitrary: request.map((r) => ({ kind: 'request' as const, ...r })) },
      {
        weight: 1,
        arbitrary: fc.jsonValue().map((v) => ({ kind: 'raw' as const, text: JSON.stringify(v) ?? 'null' })),
      },
      { weight: 1, arbitrary: fc.string().map((text) => ({ kind: 'raw' as const, text })) },
      { weight: 1, arbitrary: fc.constantFrom(0, 1).map((over) => ({ kind: 'sized' as const, over })) },
    ),
    { minLength: 1, maxLength: 4 },
  )
  // One save per connection at most: replies come in any order, so two would leave the model unsure
  // which was applied last.
  const oneSave = onlyRequests.map((list) =>
    list.filter((m, i) => m.kind !== 'save' || list.findIndex((x) => x.kind === 'save') === i),
  )
  return fc.oneof(oneSave, mixed).chain((messages) => {
    const texts: { text: string; id: number | null; save: SentSave | null }[] = messages.map((m, i) => {
      const id = i + 1
      switch (m.kind) {
        case 'request':
          return { text: JSON.stringify({ id, method: m.method, params: m.params }), id, save: null }
        case 'save': {
          const params = { partId: m.partId, baseRevision: fleet.revisionOf(m.partId), config: m.config }
          const text = JSON.stringify({ id, method: 'savePartConfig', params })
          return { text, id, save: { id, partId: m.partId, config: m.config } }
        }
        case 'raw':
          return { text: m.text, id: null, save: null }
        case 'sized': {
          // At the bound: a call of exactly `limit` bytes is served, one byte more closes with 1009.
          const base = JSON.stringify({ id, method: 'validateConfig', params: { config: { pad: '' } } })
          return { text: padTo(base, limit + m.over), id, save: null }
        }
      }
    })
    const expected = expectFor(texts, limit)
    return fc
      .tuple(...texts.map((t) => fragmentsArb(Buffer.from(t.text), OPCODE.text)))
      .map((framesPerMessage) => ({ label: 'messages', frames: framesPerMessage.flat(), expect: expected }))
  })
}

function expectFor(
  texts: { text: string; id: number | null; save: SentSave | null }[],
  limit: number,
): Expect {
  const ids: number[] = []
  for (const t of texts) {
    if (Buffer.byteLength(t.text) > limit) return { kind: 'close', ids, codes: [BRIDGE_CLOSE.messageTooBig] }
    // Random text that happens to be a request would be answered under an id this does not track.
    if (t.id === null && isRequest(t.text)) return { kind: 'any' }
    if (t.id === null || !isRequest(t.text))
      return { kind: 'close', ids, codes: [BRIDGE_CLOSE.invalidPayload] }
    ids.push(t.id)
  }
  return { kind: 'replies', ids, saves: texts.flatMap((t) => (t.save ? [t.save] : [])) }
}

const INVALID_UTF8 = [
  [0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
]

function invalidUtf8Case(): fc.Arbitrary<FuzzCase> {
  return fc
    .record({ before: fc.string(), bad: fc.constantFrom(...INVALID_UTF8), after: fc.string() })
    .chain(({ before, bad, after }) =>
      fragmentsArb(Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]), OPCODE.text),
    )
    .map((frames) => ({
      label: 'invalid UTF-8',
      frames,
      expect: { kind: 'close', ids: [], codes: [BRIDGE_CLOSE.invalidPayload] },
    }))
}

function binaryCase(): fc.Arbitrary<FuzzCase> {
  return fc
    .uint8Array({ maxLength: 2000 })
    .chain((bytes) => fragmentsArb(Buffer.from(bytes), OPCODE.binary))
    .map((frames) => ({
      label: 'binary',
      frames,
      expect: { kind: 'close', ids: [], codes: [BRIDGE_CLOSE.unsupportedData] },
    }))
}

function oversizedCase(limit: number): fc.Arbitrary<FuzzCase> {
  const announced = fc.oneof(
    fc.integer({ min: limit + 1, max: limit + 1000 }),
    fc.integer({ min: limit + 1, max: 2 ** 32 }),
    fc.constant(Number.MAX_SAFE_INTEGER),
  )
  const single = fc
    .record({ length: announced, opcode: fc.constantFrom(OPCODE.text, OPCODE.binary) })
    .map(({ length, opcode }) => [encodeFrame({ opcode, payload: Buffer.alloc(0), announcedLength: length })])
  // Fragments each under the limit whose sum passes it: ws counts the whole message.
  const summed = fc.integer({ min: 2, max: 4 }).map((n) => {
    const size = Math.ceil((limit + 1) / n)
    return Array.from({ length: n }, (_, i) =>
      encodeFrame({
        opcode: i === 0 ? OPCODE.text : OPCODE.continuation,
        payload: Buffer.alloc(size, 0x20),
        fin: i === n - 1,
      }),
    )
  })
  return fc.oneof(single, summed).map((frames) => ({
    label: 'oversized',
    frames,
    expect: { kind: 'close', ids: [], codes: [BRIDGE_CLOSE.messageTooBig] },
  }))
}

function protocolCase(): fc.Arbitrary<FuzzCase> {
  const body = Buffer.from('{"id":1,"method":"getStatus","params":{}}')
  const frames = fc.oneof(
    fc.constant([encodeFrame({ opcode: OPCODE.text, payload: body, masked: false })]),
    fc.integer({ min: 1, max: 7 }).map((rsv) => [encodeFrame({ opcode: OPCODE.text, payload: body, rsv })]),
    fc
      .constantFrom(3, 4, 5, 6, 7, 11, 12, 13, 14, 15)
      .map((opcode) => [encodeFrame({ opcode, payload: body })]),
    fc.constant([encodeFrame({ opcode: OPCODE.continuation, payload: body })]),
    fc.constant([
      encodeFrame({ opcode: OPCODE.text, payload: body.subarray(0, 5), fin: false }),
      encodeFrame({ opcode: OPCODE.text, payload: body.subarray(5) }),
    ]),
    fc.constant([encodeFrame({ opcode: OPCODE.ping, payload: Buffer.alloc(126) })]),
    fc.constant([encodeFrame({ opcode: OPCODE.ping, payload: Buffer.from('x'), fin: false })]),
    fc.constantFrom(999, 1004, 1005, 1006, 1015, 2999).map((code) => {
      const payload = Buffer.alloc(2)
      payload.writeUInt16BE(code)
      return [encodeFrame({ opcode: OPCODE.close, payload })]
    }),
  )
  return frames.map((f) => ({
    label: 'protocol',
    frames: f,
    expect: { kind: 'close', ids: [], codes: [BRIDGE_CLOSE.protocolError] },
  }))
}

/** A valid read request's bytes with random bytes flipped, cut short or followed by garbage. */
function mutatedCase(): fc.Arbitrary<FuzzCase> {
  const base = fc
    .record({
      method: fc.constantFrom('getStatus', 'getFleetTree', 'listOutbox', 'validateConfig'),
      n: fc.nat(1000),
    })
    .map(({ method, n }) =>
      textFrameBytes({ id: n, method, params: method === 'validateConfig' ? { config: { n } } : {} }),
    )
  return fc
    .record({
      frame: base,
      flips: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { maxLength: 6 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
      tail: fc.uint8Array({ maxLength: 40 }),
    })
    .map(({ frame, flips, cut, tail }) => {
      const bytes = Buffer.from(frame)
      for (const { at, value } of flips) bytes[at % bytes.length] = value
      const kept = cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1))
      return { label: 'mutated', frames: [Buffer.concat([kept, Buffer.from(tail)])], expect: { kind: 'any' } }
    })
}

function textFrameBytes(value: unknown): Buffer {
  return encodeFrame({ opcode: OPCODE.text, payload: Buffer.from(JSON.stringify(value)) })
}

/** Every kind of case, weighted towards the ones with an exact oracle. */
export function fuzzCaseArb(fleet: FuzzFleet, limit: number): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { weight: 4, arbitrary: messagesCase(fleet, limit) },
    { weight: 1, arbitrary: invalidUtf8Case() },
    { weight: 1, arbitrary: binaryCase() },
    { weight: 1, arbitrary: oversizedCase(limit) },
    { weight: 1, arbitrary: protocolCase() },
    { weight: 2, arbitrary: mutatedCase() },
  )
}
