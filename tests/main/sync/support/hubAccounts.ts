/**
 * Accounts and machines made through a hub's own routes, over HTTP only: for a hub in this process
 * (syncHub.ts) or a hub process (the e2e tests), so neither needs the hub's database.
 */

/** A config as the hub stores it. */
export type Config = Record<string, unknown>

export interface HubCaller {
  /** A JSON request with a session or key; throws on a status other than `expect`. */
  call<T>(method: string, path: string, auth: string | null, body?: unknown, expect?: number): Promise<T>
}

export function hubCaller(url: string): HubCaller {
  return {
    async call<T>(
      method: string,
      path: string,
      auth: string | null,
      body?: unknown,
      expect?: number,
    ): Promise<T> {
      const headers: Record<string, string> = {}
      if (auth) headers.authorization = auth
      if (body !== undefined) headers['content-type'] = 'application/json'
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      const text = await response.text()
      const value = text === '' ? null : (JSON.parse(text) as unknown)
      const wanted = expect ?? (response.status >= 200 && response.status < 300 ? response.status : 200)
      if (response.status !== wanted)
        throw new Error(`${method} ${path}: HTTP ${response.status} ${text} (expected ${wanted})`)
      return value as T
    },
  }
}

export interface HubAccount {
  email: string
  password: string
  auth: string
  orgId: string
}

/** A user with an organization of their own (sign-up), and a session for direct hub calls. */
export async function signUp(hub: HubCaller, email: string, orgName = 'Plant'): Promise<HubAccount> {
  const password = 'correct horse battery staple'
  const session = await hub.call<{ token: string }>(
    'POST',
    '/v1/auth/sign-up',
    null,
    { email, password, orgName },
    201,
  )
  const auth = `Bearer ${session.token}`
  const orgs = await hub.call<{ organizations: Array<{ id: string }> }>('GET', '/v1/orgs', auth)
  const orgId = orgs.organizations[0]?.id
  if (!orgId) throw new Error(`sign-up made no organization: ${JSON.stringify(orgs)}`)
  return { email, password, auth, orgId }
}

export interface HubMachine {
  machineId: string
  partId: string
  name: string
}

/** Locations and machines through the hub's routes, so the feed carries every one of them. */
export async function addMachines(
  hub: HubCaller,
  account: HubAccount,
  locationName: string,
  names: readonly string[],
  config?: (name: string) => Config,
): Promise<{ locationId: string; machines: HubMachine[] }> {
  const location = await hub.call<{ id: string }>(
    'POST',
    `/v1/orgs/${account.orgId}/locations`,
    account.auth,
    {
      name: locationName,
    },
  )
  const machines: HubMachine[] = []
  for (const name of names) {
    const made = await hub.call<{ id: string; parts: Array<{ id: string }> }>(
      'POST',
      `/v1/locations/${location.id}/machines`,
      account.auth,
      { name },
    )
    const partId = made.parts[0]?.id as string
    if (config)
      await hub.call('PUT', `/v1/parts/${partId}/config`, account.auth, { config: config(name) }, 201)
    machines.push({ machineId: made.id, partId, name })
  }
  return { locationId: location.id, machines }
}

export const motor = (name: string, attributes: Record<string, unknown> = {}): Config => ({
  name,
  api: 'rdk:component:motor',
  model: 'fake',
  attributes,
})
