/**
 * Which WebRTC offers the agent's signaling endpoint takes on. Pure: the caller passes the time and
 * does the I/O (creating the peer for an accepted offer, destroying an evicted one, answering a
 * refusal with its status and reason).
 *
 * The endpoint is unauthenticated (authentication happens in the session, after the data channel
 * opens), and every accepted offer holds a peer connection (UDP sockets, work on wrtc's threads)
 * until it connects or times out. With one global cap and nothing else, 16 offers that never
 * complete, sent again every 15 s, kept every real client out (issue 8). So:
 * - each source (an IPv4 address, or an IPv6 /64, which one host can fill) may have only a few
 *   offers pending; more are refused with 429 and the time until its oldest one expires;
 * - pending offers expire fast (the transport destroys them after `pendingTimeoutMs`);
 * - when the global cap is reached, a newcomer evicts the oldest pending offer of the source that
 *   holds the most, if that source holds more than the newcomer would; failing that, the oldest
 *   pending offer overall. An offer younger than `handshakeGraceMs` is never evicted: that is the
 *   room a real client needs to complete its handshake (about 0.1 s on a LAN). Only when every
 *   pending offer is that young is the newcomer refused, with 503.
 * An attacker thus needs more sources than `maxPending / maxPendingPerSource` and a new offer per
 * slot every `handshakeGraceMs` to keep a client out, instead of 16 offers every 15 s.
 */

export interface AdmissionLimits {
  /** Offers being set up at once, from every source together. */
  maxPending: number
  /** Offers being set up at once from one source. */
  maxPendingPerSource: number
  /** A pending offer that has not connected by then is dropped (by the transport's timer). */
  pendingTimeoutMs: number
  /** A pending offer younger than this is never evicted for a newcomer. */
  handshakeGraceMs: number
}

export const DEFAULT_ADMISSION_LIMITS: AdmissionLimits = {
  maxPending: 16,
  maxPendingPerSource: 4,
  pendingTimeoutMs: 5000,
  handshakeGraceMs: 2000,
}

/** Identifies one pending offer. */
export type PendingId = number & { readonly __brand: 'PendingId' }

export type Admission =
  | { kind: 'accept'; id: PendingId; /** Pending offers to drop to make room. */ evict: PendingId[] }
  | { kind: 'refuse'; status: 429 | 503; retryAfterSeconds: number; reason: string }

interface Pending {
  id: PendingId
  source: string
  since: number
}

export class SignalAdmission {
  private readonly pending = new Map<PendingId, Pending>()
  private nextId = 1

  constructor(private readonly limits: AdmissionLimits = DEFAULT_ADMISSION_LIMITS) {}

  /** Offers being set up now. */
  get pendingCount(): number {
    return this.pending.size
  }

  /** Decides on an offer from `source` (see sourceKey) at `now` (ms); an accepted one is pending. */
  offer(source: string, now: number): Admission {
    const { maxPending, maxPendingPerSource, pendingTimeoutMs, handshakeGraceMs } = this.limits
    // An entry the transport failed to settle cannot hold a slot past its timeout.
    for (const entry of this.pending.values()) {
      if (now - entry.since >= pendingTimeoutMs) this.pending.delete(entry.id)
    }
    const mine = [...this.pending.values()].filter((p) => p.source === source)
    if (mine.length >= maxPendingPerSource) {
      const oldest = Math.min(...mine.map((p) => p.since))
      const retryAfterSeconds = seconds(oldest + pendingTimeoutMs - now)
      return {
        kind: 'refuse',
        status: 429,
        retryAfterSeconds,
        reason:
          `too many offers pending from ${source} (${mine.length}, at most ${maxPendingPerSource}); ` +
          `an offer that does not connect is dropped after ${pendingTimeoutMs / 1000} s: retry in ${retryAfterSeconds} s`,
      }
    }
    const evict: PendingId[] = []
    if (this.pending.size >= maxPending) {
      const victim = this.victim(source, mine.length, now)
      if (!victim) {
        // Every pending offer is within its grace; the oldest leaves it first.
        const oldest = Math.min(...[...this.pending.values()].map((p) => p.since))
        const retryAfterSeconds = seconds(oldest + handshakeGraceMs - now)
        return {
          kind: 'refuse',
          status: 503,
          retryAfterSeconds,
          reason: `too many sessions being set up (${this.pending.size}, at most ${maxPending}): retry in ${retryAfterSeconds} s`,
        }
      }
      this.pending.delete(victim)
      evict.push(victim)
    }
    const id = this.nextId++ as PendingId
    this.pending.set(id, { id, source, since: now })
    return { kind: 'accept', id, evict }
  }

  /** The offer connected, failed, expired or was evicted: its slot is free. Idempotent. */
  settle(id: PendingId): void {
    this.pending.delete(id)
  }

  /** The pending offer to drop for a newcomer from `source`, or none. */
  private victim(source: string, mine: number, now: number): PendingId | undefined {
    const counts = new Map<string, number>()
    for (const p of this.pending.values()) counts.set(p.source, (counts.get(p.source) ?? 0) + 1)
    let best: Pending | undefined
    let bestCount = 0
    for (const p of this.pending.values()) {
      if (now - p.since < this.limits.handshakeGraceMs) continue
      const count = counts.get(p.source) ?? 0
      // The heaviest source first, its oldest offer first; never one from the newcomer's source.
      if (p.source === source) continue
      if (!best || count > bestCount || (count === bestCount && p.since < best.since)) {
        best = p
        bestCount = count
      }
    }
    if (best && bestCount > mine + 1) return best.id
    // Every source is within its fair share: the oldest offer past its grace gives way.
    let oldest: Pending | undefined
    for (const p of this.pending.values()) {
      if (now - p.since < this.limits.handshakeGraceMs) continue
      if (!oldest || p.since < oldest.since) oldest = p
    }
    return oldest?.id
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000))
}

/**
 * The source an offer is counted against: the IPv4 address (also when written IPv4-mapped, as a
 * dual-stack server reports it), or the /64 prefix of an IPv6 address, since one host may use any
 * address of its /64.
 */
export function sourceKey(address: string | undefined): string {
  if (!address) return 'unknown'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1] ?? address
  if (!address.includes(':')) return address
  const groups = expandIPv6(address.split('%')[0] ?? address)
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address
}

/**
 * The eight 16-bit groups of an IPv6 address, lower-case without leading zeros; null for a form it
 * does not read (such as an embedded IPv4 tail other than ::ffff:), which is then counted by its
 * full address.
 */
function expandIPv6(address: string): string[] | null {
  const halves = address.toLowerCase().split('::')
  if (halves.length > 2) return null
  const part = (text: string | undefined): string[] => (text ? text.split(':') : [])
  const head = part(halves[0])
  const tail = part(halves[1])
  const fill = 8 - head.length - tail.length
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null
  const groups = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...tail]
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null
  return groups.map((g) => g.replace(/^0+(?=.)/, ''))
}
