import { hubRequest, HubCallError, type HubTarget } from './hubRequest'
import type { CachedHubConfig } from './HubConfigCache'

// One long poll of `GET /v1/agent/config` (docs/hub-api.md): held by the hub until the part's
// effective config changes or 10 s pass, so a change arrives at once and checks are never more than
// 15 s apart. Pure in its decision (what the answer means); the caller applies and caches.

export const CONFIG_POLL_WAIT_MS = 10_000

export type PollOutcome =
  | { kind: 'unchanged' }
  | { kind: 'changed'; revision: number; etag: string; config: unknown }
  | { kind: 'uncomputable'; revision: number; etag: string; errors: unknown }

/** What an answer of the config route means; garbage is a HubCallError, never a config. */
export function readConfigAnswer(status: number, body: unknown): PollOutcome {
  if (status === 304) return { kind: 'unchanged' }
  if (typeof body !== 'object' || body === null)
    throw new HubCallError('the hub sent a config that is not an object')
  const { revision, ok, config, etag, errors } = body as Record<string, unknown>
  if (
    typeof revision !== 'number' ||
    !Number.isInteger(revision) ||
    revision < 0 ||
    typeof etag !== 'string'
  ) {
    throw new HubCallError('the hub sent a config without a revision or etag')
  }
  if (ok === false) return { kind: 'uncomputable', revision, etag, errors }
  if (ok !== true || typeof config !== 'object' || config === null) {
    throw new HubCallError('the hub sent a config answer this agent does not understand')
  }
  return { kind: 'changed', revision, etag, config }
}

export async function pollConfig(
  target: HubTarget,
  known: Pick<CachedHubConfig, 'revision' | 'etag'> | undefined,
  signal: AbortSignal,
  waitMs = CONFIG_POLL_WAIT_MS,
): Promise<PollOutcome> {
  const query = new URLSearchParams({ waitMs: String(waitMs) })
  if (known) {
    query.set('revision', String(known.revision))
    query.set('etag', known.etag)
  }
  const answer = await hubRequest(target, 'GET', `/v1/agent/config?${query.toString()}`, {
    timeoutMs: waitMs + 5_000,
    signal,
    expect: [200, 304],
  })
  return readConfigAnswer(answer.status, answer.body)
}
