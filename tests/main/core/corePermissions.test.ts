import { describe, expect, it } from 'vitest'
import { can, withGrantOrgs, type Identity } from '../../../src/shared/access/can'
import { ACTIONS } from '../../../src/shared/access/permissionTable'
import { coreMethodNames, type CoreMethodName, type CoreParams } from '../../../src/shared/api/contract'
import type { Grant } from '../../../src/shared/domain/model'
import type { LocationId, MachineId, PartId, UserId } from '../../../src/shared/ids'
import { CoreDispatcher, type CoreHandlers } from '../../../src/main/core/CoreDispatcher'
import { CORE_PERMISSIONS, type MachineAction } from '../../../src/main/core/corePermissions'
import { FleetAccess } from '../../../src/main/core/FleetAccess'
import { smallFleet } from '../cache/cacheTestKit'

// The fleet: org-a > loc-1 (Plant) > loc-1-1 (Hall) holding m-1 (parts m-1-p1, m-1-p2); m-2 in loc-1.
// Ada owns the org; Bo operates m-1 only.
const fleet = smallFleet()
const access = new FleetAccess(fleet)
const identityOf = (userId: string): Identity => ({
  subject: { kind: 'user', id: userId as UserId },
  grants: withGrantOrgs(
    fleet.grants.filter((g: Grant) => g.subject.kind === 'user' && g.subject.id === userId),
    (r) => access.orgOf(r),
  ),
})
const ada = identityOf('user-ada')
const bo = identityOf('user-bo')
const stranger = identityOf('user-nobody')

const PART = 'm-1-p1' as PartId
const MACHINE = 'm-1' as MachineId

/** Valid parameters for every method, aimed at m-1: a method added to the contract needs one here. */
const SAMPLE: { [M in CoreMethodName]: CoreParams<M> } = {
  getIdentity: {},
  getStatus: {},
  getFleetTree: {},
  getMachine: { machineId: MACHINE },
  getMachineComponents: { machineId: MACHINE },
  getPartConfig: { partId: PART },
  getEffectiveConfig: { partId: PART },
  validateConfig: { config: {} },
  savePartConfig: { partId: PART, baseRevision: 0, config: {} },
  getPartHistory: { partId: PART },
  getPartRevision: { partId: PART, revision: 1 },
  listOutbox: {},
  getSettings: {},
  listNetworkInterfaces: {},
  getOutboxEdit: { outboxSeq: 1 },
  discardOutboxEdit: { outboxSeq: 1 },
  createMachine: { locationId: 'loc-1-1' as LocationId, name: 'new arm' },
  renameMachine: { machineId: MACHINE, name: 'arm 2' },
  renamePart: { partId: PART, name: 'main 2' },
  moveMachine: { machineId: MACHINE, locationId: 'loc-1-1' as LocationId },
  updateSettings: { theme: 'light' },
  setSerialAutoConnect: { enabled: true },
  createDemoFleet: {},
  listNearby: {},
  listRobotSessions: {},
  connectRobot: { partId: PART, auth: { kind: 'remembered' } },
  disconnectRobot: { partId: PART },
  getRobotStatus: { partId: PART },
  callComponent: { partId: PART, name: 'left', method: 'stop' },
  stopAll: {},
  watchRobot: { partId: PART, topic: 'logs' },
  unwatchRobot: { partId: PART, topic: 'logs' },
  getRobotLogs: { partId: PART },
  applyConfigToRobot: { partId: PART },
  addNearbyRobot: { partId: 'robot-on-the-lan', locationId: 'loc-1-1' as LocationId, name: 'new arm' },
  listSerialPorts: {},
  watchSerialPorts: {},
  openSerialConsole: { path: '/dev/ttyUSB0', baudRate: 115200 },
  getSerialConsole: { path: '/dev/ttyUSB0' },
  sendSerialLine: { path: '/dev/ttyUSB0', text: 'help', lineEnding: 'crlf' },
  clearSerialConsole: { path: '/dev/ttyUSB0' },
  startSerialLog: { path: '/dev/ttyUSB0' },
  stopSerialLog: { path: '/dev/ttyUSB0' },
  closeSerialConsole: { path: '/dev/ttyUSB0' },
  probeSerialPort: { path: '/dev/ttyUSB0', baudRate: 115200 },
  hubSignIn: { hubUrl: 'http://127.0.0.1:1', auth: { kind: 'password', email: 'a@b.c', password: 'pw' } },
  hubSignOut: {},
  getSyncStatus: {},
  syncNow: {},
}

/** A dispatcher whose handlers only record that they ran, and what the check handed them. */
function recordingDispatcher(identity: Identity): {
  dispatcher: CoreDispatcher
  ran: Array<{ method: string; checked: unknown }>
} {
  const ran: Array<{ method: string; checked: unknown }> = []
  const handlers = Object.fromEntries(
    coreMethodNames.map((method) => [
      method,
      async (_params: unknown, checked: unknown) => {
        ran.push({ method, checked })
        return null
      },
    ]),
  ) as unknown as CoreHandlers
  return { dispatcher: new CoreDispatcher(handlers, () => ({ identity, access })), ran }
}

function actionOf(method: CoreMethodName): MachineAction | null {
  const permission = CORE_PERMISSIONS[method]
  if (permission.on !== 'machine' && permission.on !== 'part' && permission.on !== 'robot') return null
  const { action } = permission
  return typeof action === 'function' ? (action as (p: unknown) => MachineAction)(SAMPLE[method]) : action
}

describe('the permission table', () => {
  it('has exactly one entry per contract method', () => {
    expect(Object.keys(CORE_PERMISSIONS).sort()).toEqual([...coreMethodNames].sort())
  })

  it('names a real action for every method that touches a machine, part or location, and a reason for the rest', () => {
    for (const method of coreMethodNames) {
      const permission = CORE_PERMISSIONS[method]
      switch (permission.on) {
        case 'nothing':
        case 'visible items':
          expect(permission.because.length, method).toBeGreaterThan(10)
          break
        case 'machine':
        case 'part':
        case 'robot':
        case 'location': {
          const action = permission.on === 'location' ? permission.action : actionOf(method)
          expect(ACTIONS, method).toContain(action)
          break
        }
        default:
          throw new Error(`${method}: unknown permission kind`)
      }
    }
  })
})

describe('the dispatcher checks before any handler runs', () => {
  const scoped = coreMethodNames.filter((m) => actionOf(m) !== null)
  const machineRef = access.machineRef(access.machines.get(MACHINE)!)

  it('runs every handler for an owner of the organization, handing it the machine it checked', async () => {
    const { dispatcher, ran } = recordingDispatcher(ada)
    for (const method of coreMethodNames) {
      expect(await dispatcher.handle(method, SAMPLE[method]), method).toEqual({ ok: true, value: null })
    }
    expect(ran.map((r) => r.method)).toEqual([...coreMethodNames])
    for (const method of scoped) {
      const { checked } = ran.find((r) => r.method === method)!
      expect(checked, method).toMatchObject({ machine: { id: MACHINE } })
    }
    expect(ran.find((r) => r.method === 'addNearbyRobot')?.checked).toMatchObject({
      location: { id: 'loc-1-1' },
    })
  })

  it('refuses a machine operator what the table denies operators, without running the handler', async () => {
    const { dispatcher, ran } = recordingDispatcher(bo)
    let refused = 0
    for (const method of scoped) {
      const allowed = can(bo, actionOf(method)!, machineRef)
      const reply = await dispatcher.handle(method, SAMPLE[method])
      if (allowed) {
        expect(reply, method).toEqual({ ok: true, value: null })
      } else {
        refused++
        expect(reply, method).toMatchObject({ ok: false, error: { code: 'permission-denied' } })
        expect(
          ran.map((r) => r.method),
          method,
        ).not.toContain(method)
      }
    }
    // Operators control: config, history and logs are refused, control is not.
    expect(refused).toBeGreaterThanOrEqual(7)
    expect(ran.map((r) => r.method)).toContain('callComponent')
    const reply = await dispatcher.handle('addNearbyRobot', SAMPLE.addNearbyRobot)
    expect(reply).toMatchObject({ ok: false, error: { code: 'permission-denied' } })
    expect(ran.map((r) => r.method)).not.toContain('addNearbyRobot')
  })

  it('answers not-found to someone who cannot see the machine, so ids leak nothing', async () => {
    const { dispatcher, ran } = recordingDispatcher(stranger)
    for (const method of scoped) {
      const reply = await dispatcher.handle(method, SAMPLE[method])
      expect(reply, method).toMatchObject({ ok: false, error: { code: 'not-found' } })
    }
    expect(ran).toEqual([])
  })

  it('leaves a robot the fleet does not know to the agent, and refuses fleet ids that do not exist', async () => {
    const { dispatcher, ran } = recordingDispatcher(stranger)
    expect(
      await dispatcher.handle('connectRobot', { ...SAMPLE.connectRobot, partId: 'not-in-the-cache' }),
    ).toEqual({
      ok: true,
      value: null,
    })
    expect(ran).toEqual([{ method: 'connectRobot', checked: { part: null, machine: null } }])
    const owner = recordingDispatcher(ada)
    for (const method of ['getPartConfig', 'savePartConfig', 'getEffectiveConfig'] as const) {
      const reply = await owner.dispatcher.handle(method, { ...SAMPLE[method], partId: 'nope' })
      expect(reply, method).toMatchObject({ ok: false, error: { code: 'not-found' } })
    }
    expect(owner.ran).toEqual([])
  })

  it('checks watchRobot by its topic: logs need the CONFIGURE-level action, readings only control', async () => {
    const { dispatcher, ran } = recordingDispatcher(bo)
    expect(await dispatcher.handle('watchRobot', { partId: PART, topic: 'logs' })).toMatchObject({
      ok: false,
      error: { code: 'permission-denied', message: expect.stringContaining('read its logs') },
    })
    expect(await dispatcher.handle('watchRobot', { partId: PART, topic: 'readings' })).toEqual({
      ok: true,
      value: null,
    })
    expect(ran.map((r) => r.method)).toEqual(['watchRobot'])
  })

  it('runs no handler for an unknown method or parameters that do not parse', async () => {
    const { dispatcher, ran } = recordingDispatcher(ada)
    expect(await dispatcher.handle('dropTables', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    })
    // Located by JSON path and worded as every other document problem (zodIssuesToFieldErrors).
    expect(await dispatcher.handle('getPartConfig', { partId: 7 })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-argument',
        fieldErrors: [{ path: '$.partId', message: 'expected a string, got the number 7' }],
      },
    })
    expect(await dispatcher.handle('getPartConfig', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', fieldErrors: [{ path: '$', message: 'missing "partId"' }] },
    })
    expect(
      await dispatcher.handle('connectRobot', { partId: '', auth: { kind: 'remembered' } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    })
    expect(ran).toEqual([])
  })
})
