import { hubCall, HubCallError, type HubCallOptions } from '../hub/hubRequest'
import type { SimMachineSpec } from '../../shared/robot/simMachineSpec'
import { simMachine } from './simMachines'

// `npm run sim -- --hub URL --api-key ID:SECRET`: the simulated machines are made real on the hub
// (machines, their main parts, a first config) through the hub's own routes with an API key, and
// their part ids and secrets come back for the agents. Machines are found again by name, so a
// second run reuses them (and leaves any config edited on the hub since as it is).

export const SIM_LOCATION_NAME = 'Simulated fleet'

export interface HubRegistration {
  locationId: string
  machines: Array<SimMachineSpec & { machineId: string; created: boolean }>
}

export interface ApiKey {
  id: string
  secret: string
}

/** `ID:SECRET` as `POST /v1/orgs/:orgId/api-keys` returned them. */
export function parseApiKey(text: string): ApiKey | undefined {
  const colon = text.indexOf(':')
  if (colon <= 0 || colon === text.length - 1) return undefined
  return { id: text.slice(0, colon), secret: text.slice(colon + 1) }
}

/** Registers (or finds again) `count` simulated machines; every failure is said in plain words. */
export async function registerOnHub(
  hubUrl: string,
  key: ApiKey,
  count: number,
  locationId?: string,
): Promise<HubRegistration> {
  const call = adminCall(hubUrl, key)
  const location = locationId ?? (await simLocation(call))
  const listed = await call<{ machines: Array<{ id: string; name: string }> }>(
    'list the machines of the location',
    'GET',
    `/v1/locations/${encodeURIComponent(location)}/machines`,
  )
  const machines: HubRegistration['machines'] = []
  for (let i = 0; i < count; i++) {
    const { machineName, config } = simMachine(i)
    const found = listed.machines.find((m) => m.name === machineName)
    const machine = found
      ? await call<MachineWithParts>('read a machine', 'GET', `/v1/machines/${found.id}`)
      : await call<MachineWithParts>(
          'create machines in the location',
          'POST',
          `/v1/locations/${location}/machines`,
          {
            name: machineName,
          },
        )
    const part = machine.parts.find((p) => p.isMain) ?? machine.parts[0]
    if (!part) throw new Error(`the hub's machine ${machine.id} has no part`)
    let revision: number | undefined
    if (!found) {
      const saved = await call<{ revision: number }>(
        'set a machine config',
        'PUT',
        `/v1/parts/${part.id}/config`,
        {
          config,
        },
      )
      revision = saved.revision
    }
    const { secret } = await call<{ secret: string }>(
      'read part secrets (the CONNECT tab: owners only)',
      'GET',
      `/v1/parts/${part.id}/secret`,
    )
    machines.push({
      machineId: machine.id,
      created: !found,
      partId: part.id,
      secret,
      machineName,
      machineConfig: config,
      ...(revision === undefined ? {} : { revision }),
    })
  }
  return { locationId: location, machines }
}

interface MachineWithParts {
  id: string
  parts: Array<{ id: string; isMain: boolean }>
}

type AdminCall = <T>(what: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<T>

function adminCall(hubUrl: string, key: ApiKey): AdminCall {
  return async <T>(what: string, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
    const options: HubCallOptions = {
      timeoutMs: 15_000,
      expect: method === 'GET' ? [200] : [200, 201],
      ...(body === undefined ? {} : { body }),
    }
    try {
      const answer = await hubCall(hubUrl, `ApiKey ${key.id}:${key.secret}`, method, path, options)
      return answer.body as T
    } catch (err) {
      throw new Error(registrationError(hubUrl, key.id, what, err), { cause: err })
    }
  }
}

/** What went wrong, for the person who typed the command line. */
export function registrationError(hubUrl: string, keyId: string, what: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  if (!(err instanceof HubCallError) || err.status === undefined) {
    return `cannot reach the hub at ${hubUrl}: is it running, and is the URL right? (${message})`
  }
  if (err.status === 401)
    return `the hub at ${hubUrl} refused the API key ${keyId}: wrong key id or secret, or the key was deleted`
  if (err.status === 403 || err.status === 404)
    return `the API key ${keyId} may not ${what} (${message}); give it the owner role on the organization, or name a location it owns with --location`
  return `could not ${what}: ${message}`
}

/** The key's first organization's "Simulated fleet" location, made when missing. */
async function simLocation(call: AdminCall): Promise<string> {
  const { organizations } = await call<{ organizations: Array<{ id: string }> }>(
    'list its organizations',
    'GET',
    '/v1/orgs',
  )
  const org = organizations[0]
  if (!org) throw new Error('the API key has no role in any organization: grant it one on the hub first')
  const { locations } = await call<{ locations: Array<{ id: string; name: string; shared: boolean }> }>(
    'list the locations of its organization',
    'GET',
    `/v1/orgs/${org.id}/locations`,
  )
  const existing = locations.find((l) => l.name === SIM_LOCATION_NAME && !l.shared)
  if (existing) return existing.id
  const created = await call<{ id: string }>('create a location', 'POST', `/v1/orgs/${org.id}/locations`, {
    name: SIM_LOCATION_NAME,
  })
  return created.id
}
