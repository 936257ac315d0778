import { assertNever } from '../../../shared/errors/CoreError'
import type { RobotSessionState } from '../../../shared/api/robotViews'
import type { MachineSummary } from '../../../shared/api/views'
import type { MachineStatus } from '../../../shared/domain/model'
import { formatRelative } from '../common/formatTime'
import { statusLabel } from './statusText'

// What the app says about a machine's state, from three sources that can disagree (docs/status-words.md):
//   hub      the status the hub gave, as cached at the last sync (old, or never synced at all)
//   LAN      whether this computer's discovery hears the robot on its network (now)
//   session  this computer's own session to the robot (now, with what the robot reports live)
// The freshest source that has something to say gives the headline word; every fact carries its
// source and age; and where two disagree, a note says why, so the page never contradicts itself.

export type StatusTone = 'good' | 'busy' | 'warn' | 'bad' | 'neutral' | 'stale'

export interface StatusInputs {
  machine: Pick<MachineSummary, 'status' | 'lastSeenAt' | 'revision' | 'version'>
  /** When this computer last synced with the hub; null: never (a demo or fixture fleet). */
  lastSyncAt: string | null
  /** The robot as discovery lists it now, if it does. */
  nearby: { host: string; port: number } | null
  /** This computer's session to it (a closed one counts as none). */
  session: { state: RobotSessionState; since: string; role: string | null; attempts: number } | null
  /** What the robot reported over a live session. */
  live: { configRevision: number; version: string } | null
  /** False while the page has lost the core: it cannot know the LAN or the session then. */
  coreReachable: boolean
  now: number
}

export type FactId = 'hub' | 'lan' | 'session' | 'lastSeen' | 'revision' | 'version'

export interface StatusFact {
  id: FactId
  label: string
  value: string
  /** Where the value comes from and how old it is, in words. */
  source: string
  tone: StatusTone
}

export interface Headline {
  word: string
  tone: StatusTone
  /** For the dot in dense rows (tree, table). */
  dot: MachineStatus
  source: string
}

export interface MachineStatusFacts {
  headline: Headline
  facts: StatusFact[]
  /** One sentence per disagreement between two facts; empty when they agree. */
  notes: string[]
}

const hubTone: Readonly<Record<MachineStatus, StatusTone>> = {
  online: 'good',
  offline: 'neutral',
  unreachable: 'bad',
  'never-seen': 'neutral',
}

/** "as of the last sync, 3 min ago" or, with no sync ever, where the cached word came from. */
export function hubSource(lastSyncAt: string | null, now: number): string {
  return lastSyncAt
    ? `hub, as of the last sync ${formatRelative(lastSyncAt, now)}`
    : 'local cache, never synced with a hub'
}

function sessionWord(state: RobotSessionState, attempts: number): { word: string; tone: StatusTone } {
  switch (state) {
    case 'live':
      return { word: 'Live', tone: 'good' }
    case 'connecting':
      return { word: 'Connecting', tone: 'busy' }
    case 'reconnecting':
      return { word: attempts > 0 ? `Reconnecting (attempt ${attempts})` : 'Reconnecting', tone: 'warn' }
    case 'unreachable':
      return { word: 'Unreachable', tone: 'bad' }
    case 'closed':
      return { word: 'Not connected', tone: 'neutral' }
    default:
      return assertNever(state, 'session state')
  }
}

/** The facts, the headline and the notes for one machine. Pure: the caller passes the clock. */
export function machineStatusFacts(input: StatusInputs): MachineStatusFacts {
  const { machine, now } = input
  const session = input.session && input.session.state !== 'closed' ? input.session : null
  // Without the core, what the robot last reported is not known to be current.
  const live = session?.state === 'live' && input.coreReachable ? input.live : null
  const nearby = input.coreReachable ? input.nearby : null
  const synced = input.lastSyncAt !== null
  const fromHub = hubSource(input.lastSyncAt, now)
  const hubWord = statusLabel(machine.status)
  const notes: string[] = []
  const facts: StatusFact[] = []

  facts.push({
    id: 'hub',
    label: 'Hub',
    value: hubWord,
    source: fromHub,
    tone: synced ? hubTone[machine.status] : 'stale',
  })
  facts.push(
    input.coreReachable
      ? {
          id: 'lan',
          label: 'LAN',
          value: nearby ? `${nearby.host}:${nearby.port}` : 'not seen',
          source: nearby ? 'answering discovery (mDNS) now' : 'discovery (mDNS) on this computer',
          tone: nearby ? 'good' : 'neutral',
        }
      : { id: 'lan', label: 'LAN', value: 'unknown', source: 'the page lost the core', tone: 'warn' },
  )
  const sw = session ? sessionWord(session.state, session.attempts) : sessionWord('closed', 0)
  facts.push(
    input.coreReachable
      ? {
          id: 'session',
          label: 'Session',
          value: session?.role && session.state === 'live' ? `${sw.word} · ${session.role}` : sw.word,
          source: session ? `this computer, since ${formatRelative(session.since, now)}` : 'this computer',
          tone: sw.tone,
        }
      : { id: 'session', label: 'Session', value: 'unknown', source: 'the page lost the core', tone: 'warn' },
  )

  // Last seen: the freshest word wins; the hub's own is kept in the source when it is older.
  const hubSeen = `the hub's last word: ${formatRelative(machine.lastSeenAt, now)}`
  if (live && input.coreReachable) {
    facts.push({
      id: 'lastSeen',
      label: 'Last seen',
      value: 'now',
      source: `live session; ${hubSeen}`,
      tone: 'good',
    })
  } else if (nearby) {
    facts.push({
      id: 'lastSeen',
      label: 'Last seen',
      value: 'now',
      source: `on the LAN; ${hubSeen}`,
      tone: 'good',
    })
  } else if (session && input.coreReachable && session.state !== 'connecting') {
    facts.push({
      id: 'lastSeen',
      label: 'Last seen',
      value: formatRelative(session.since, now),
      source: `when this computer's session lost it; ${hubSeen}`,
      tone: 'warn',
    })
  } else {
    facts.push({
      id: 'lastSeen',
      label: 'Last seen',
      value: formatRelative(machine.lastSeenAt, now),
      source: fromHub,
      tone: synced ? 'neutral' : 'stale',
    })
  }

  // Revision: one fact while the robot runs what the cache holds, both (and why) when not.
  if (live && live.configRevision !== machine.revision) {
    facts.push({
      id: 'revision',
      label: 'Config revision',
      value: `${live.configRevision} on the robot, ${machine.revision} in the cache`,
      source: 'robot now; cache as synced',
      tone: 'warn',
    })
    notes.push(
      live.configRevision < machine.revision
        ? `The robot runs revision ${live.configRevision}, older than revision ${machine.revision} in the cache: CONFIGURE › Apply to robot sends it the saved config.`
        : `The robot runs revision ${live.configRevision}, newer than revision ${machine.revision} in the cache: it was applied from a desktop since, or the cache is behind the hub.`,
    )
  } else {
    facts.push({
      id: 'revision',
      label: 'Config revision',
      value: String(machine.revision),
      source: live ? 'running on the robot, as in the cache' : fromHub,
      tone: live ? 'good' : 'neutral',
    })
  }
  if (live && machine.version !== null && live.version !== machine.version) {
    facts.push({
      id: 'version',
      label: 'Version',
      value: `${live.version} on the robot, ${machine.version} per the hub`,
      source: 'robot now; hub as synced',
      tone: 'warn',
    })
    notes.push(
      `The robot's agent reports version ${live.version} now; the hub recorded ${machine.version} when it last saw it.`,
    )
  } else {
    facts.push({
      id: 'version',
      label: 'Version',
      value: live?.version ?? machine.version ?? 'unknown',
      source: live ? 'robot now' : fromHub,
      tone: 'neutral',
    })
  }

  const headline = machineHeadline({
    status: machine.status,
    lastSyncAt: input.lastSyncAt,
    nearby: nearby !== null,
    session,
    coreReachable: input.coreReachable,
    now,
  })
  notes.unshift(...disagreements(input, session, nearby, hubWord, fromHub))
  return { headline, facts, notes }
}

export interface HeadlineInputs {
  status: MachineStatus
  lastSyncAt: string | null
  /** Whether discovery lists the robot now. */
  nearby: boolean
  session: { state: RobotSessionState; attempts: number } | null
  coreReachable: boolean
  now: number
}

/**
 * The one word for a machine, from the freshest source that has one: this computer's session, then
 * the LAN, then the hub's word as last synced. Cheap enough for every row of a 10,000-machine tree.
 */
export function machineHeadline(input: HeadlineInputs): Headline {
  const session = input.session && input.session.state !== 'closed' ? input.session : null
  // Without the core the page cannot know what became of a session; the hub's word still stands.
  if (!input.coreReachable && session)
    return { word: 'Unknown', tone: 'warn', dot: 'never-seen', source: 'the page lost the Fleetdesk core' }
  if (session) {
    const { word, tone } = sessionWord(session.state, session.attempts)
    const dot: MachineStatus =
      session.state === 'live' ? 'online' : session.state === 'connecting' ? 'never-seen' : 'unreachable'
    return { word, tone, dot, source: "this computer's session" }
  }
  if (input.nearby && input.coreReachable)
    return { word: 'Nearby', tone: 'good', dot: 'online', source: 'on the LAN now' }
  return {
    word: statusLabel(input.status),
    tone: input.lastSyncAt !== null ? hubTone[input.status] : 'stale',
    dot: input.status,
    source: hubSource(input.lastSyncAt, input.now),
  }
}

function disagreements(
  input: StatusInputs,
  session: StatusInputs['session'],
  nearby: StatusInputs['nearby'],
  hubWord: string,
  fromHub: string,
): string[] {
  if (!input.coreReachable) {
    return [
      'This page has lost the Fleetdesk core: whether a session is live, and what is on the LAN, are unknown until it reconnects.',
    ]
  }
  const hubOnline = input.machine.status === 'online'
  const reached = session?.state === 'live' || (nearby !== null && session === null)
  if (reached && !hubOnline) {
    return [
      `"${hubWord}" is the hub's word (${fromHub}); this computer reaches the robot now, ${session?.state === 'live' ? 'over its session' : 'on the LAN'}.`,
    ]
  }
  if (hubOnline && (session?.state === 'unreachable' || session?.state === 'reconnecting')) {
    return [`The hub said Online (${fromHub}), but this computer's session cannot reach the robot now.`]
  }
  if (hubOnline && !session && !nearby) {
    return [
      input.lastSyncAt
        ? `Online is the hub's word (${fromHub}): the robot reaches the hub, but this computer does not see it on its LAN and has no session to it.`
        : 'Online is the word this fleet came with (never synced with a hub): this computer does not see the robot on its LAN and has no session to it.',
    ]
  }
  return []
}

/** The short word for dense rows (the tree): the headline, lower-case, its dot, and a tooltip. */
export function rowStatus(headline: Headline): { word: string; dot: MachineStatus; title: string } {
  return {
    word: headline.word.replace(/ \(attempt \d+\)$/, '').toLowerCase(),
    dot: headline.dot,
    title: `${headline.word} (${headline.source})`,
  }
}
