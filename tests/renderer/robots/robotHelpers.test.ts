import { describe, expect, it } from 'vitest'
import type { NearbyRobot, RobotSessionView } from '../../../src/shared/api/robotViews'
import type { MachineId, PartId } from '../../../src/shared/ids'
import { controlGroups, watchedNames } from '../../../src/renderer/src/control/controlGroups'
import { formatDuration } from '../../../src/renderer/src/common/formatDuration'
import { parseAddress } from '../../../src/renderer/src/nearby/parseAddress'
import { robotPartFor } from '../../../src/renderer/src/robots/robotPartFor'
import { isSessionOpen, sessionLabel, stopAllVisible } from '../../../src/renderer/src/robots/sessionText'
import { isStopAllShortcut } from '../../../src/renderer/src/robots/stopAllShortcut'

const session = (partId: string, state: RobotSessionView['state']): RobotSessionView => ({
  partId,
  machineId: 'm1' as MachineId,
  machineName: 'rover',
  via: 'lan',
  address: '127.0.0.1:1',
  state,
  role: 'owner',
  error: null,
  since: '2026-01-01T00:00:00.000Z',
  attempts: 0,
})
const seen = (partId: string): NearbyRobot => ({
  partId,
  machineName: 'rover',
  host: '127.0.0.1',
  port: 1,
  protocolVersion: 1,
  lastSeen: '2026-01-01T00:00:00.000Z',
  machineId: null,
  connected: false,
})

describe('robotPartFor', () => {
  const machine = {
    parts: [
      { id: 'side' as PartId, name: 'side', isMain: false },
      { id: 'main' as PartId, name: 'main', isMain: true },
    ],
  }
  it('prefers a part with an open session, then one seen on the LAN, then the main part', () => {
    expect(robotPartFor(machine, {}, [])).toBe('main')
    expect(robotPartFor(machine, {}, [seen('side')])).toBe('side')
    expect(robotPartFor(machine, { side: session('side', 'reconnecting') }, [seen('main')])).toBe('side')
    // A closed session is no reason to pick a part.
    expect(robotPartFor(machine, { side: session('side', 'closed') }, [])).toBe('main')
    expect(robotPartFor({ parts: [] }, {}, [])).toBeNull()
  })
})

describe('session helpers', () => {
  it('says every state in words', () => {
    expect(sessionLabel('live')).toBe('Live')
    expect(sessionLabel('unreachable')).toBe('Unreachable')
    expect(isSessionOpen(session('a', 'closed'))).toBe(false)
    expect(isSessionOpen(session('a', 'connecting'))).toBe(true)
    expect(isSessionOpen(null)).toBe(false)
  })
  it('shows STOP ALL while a session is live or coming back (unreachable between attempts)', () => {
    expect(stopAllVisible([])).toBe(false)
    expect(stopAllVisible([session('a', 'closed'), session('b', 'connecting')])).toBe(false)
    expect(stopAllVisible([session('a', 'reconnecting')])).toBe(true)
    expect(stopAllVisible([session('a', 'unreachable')])).toBe(true)
    expect(stopAllVisible([session('a', 'live')])).toBe(true)
  })
  it('knows the STOP ALL shortcut and nothing like it', () => {
    const k = { code: 'Space', key: ' ', ctrlKey: true, metaKey: false, shiftKey: true, altKey: false }
    expect(isStopAllShortcut(k)).toBe(true)
    expect(isStopAllShortcut({ ...k, ctrlKey: false, metaKey: true })).toBe(true)
    expect(isStopAllShortcut({ ...k, shiftKey: false })).toBe(false)
    expect(isStopAllShortcut({ ...k, altKey: true })).toBe(false)
    expect(isStopAllShortcut({ ...k, code: 'KeyS', key: 'S' })).toBe(false)
  })
})

describe('controlGroups', () => {
  it('uses what the robot reports when it has, in panel order, leaving out what it cannot control', () => {
    const groups = controlGroups(
      [
        { name: 'cam', api: 'rdk:component:camera', model: 'fake', state: 'ready' },
        { name: 'motor-10', api: 'rdk:component:motor', model: 'fake', state: 'ready' },
        { name: 'motor-2', api: 'rdk:component:motor', model: 'fake', state: 'unhealthy', error: 'no power' },
        { name: 'nav', api: 'rdk:service:navigation', model: 'builtin', state: 'ready' },
        { name: 'old', api: 'rdk:component:base', model: 'fake', state: 'removed' },
        { name: 'arm', api: 'rdk:component:arm', model: 'fake', state: 'ready' },
      ],
      [{ name: 'ignored', api: 'rdk:component:sensor', model: null }],
    )
    expect(groups.map((g) => [g.type, g.items.map((i) => i.name)])).toEqual([
      ['motor', ['motor-2', 'motor-10']],
      ['camera', ['cam']],
    ])
    expect(groups[0]?.items[0]?.resource?.error).toBe('no power')
    expect(watchedNames(groups)).toEqual(['motor-2', 'motor-10', 'cam'])
  })
  it('falls back to the cached config until the robot has said', () => {
    const groups = controlGroups(null, [{ name: 'air', api: 'rdk:component:sensor', model: 'fake' }])
    expect(groups).toEqual([
      {
        type: 'sensor',
        items: [{ name: 'air', api: 'rdk:component:sensor', model: 'fake', resource: undefined }],
      },
    ])
  })
})

describe('formatDuration', () => {
  it('reads at a glance', () => {
    expect(formatDuration(0)).toBe('0 s')
    expect(formatDuration(59_999)).toBe('59 s')
    expect(formatDuration(12 * 60_000)).toBe('12 min')
    expect(formatDuration(3 * 3_600_000)).toBe('3 h')
    expect(formatDuration(3 * 3_600_000 + 20 * 60_000)).toBe('3 h 20 min')
    expect(formatDuration(4 * 86_400_000 + 2 * 3_600_000)).toBe('4 d 2 h')
    expect(formatDuration(-5)).toBe('0 s')
  })
})

describe('parseAddress', () => {
  it('reads host:port, bracketed IPv6 too, and refuses anything else', () => {
    expect(parseAddress('192.168.1.20:8787')).toEqual({ host: '192.168.1.20', port: 8787 })
    expect(parseAddress(' robot-7.local:80 ')).toEqual({ host: 'robot-7.local', port: 80 })
    expect(parseAddress('[fe80::1]:8787')).toEqual({ host: 'fe80::1', port: 8787 })
    expect(parseAddress('192.168.1.20')).toBeNull()
    expect(parseAddress('host:0')).toBeNull()
    expect(parseAddress('host:70000')).toBeNull()
    expect(parseAddress('two words:80')).toBeNull()
  })
})
