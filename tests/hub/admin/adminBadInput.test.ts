import { afterAll, beforeAll, expect, it } from 'vitest'
import { bearer, countRows, openWorld, type World } from './adminWorld'
import { describeStorages } from '../support/testHub'

/**
 * Bad input on every administration route: wrong types, missing fields, unknown ids, oversized
 * bodies, strings built to break SQL or paths. Each is a 400, 404 or 413 with `{code, message}`,
 * nothing is written (row counts of every table these routes touch), and the hub still answers.
 */
const SQL = "x'); DROP TABLE users; --"
const PATHY = '../../etc/passwd'
const TABLES = [
  'invites',
  'grants',
  'api_keys',
  'packages',
  'package_versions',
  'package_chunks',
  'part_logs',
  'org_log_retention',
  'changes',
  'users',
]

type Bad = {
  name: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: (w: World) => string
  payload?: (w: World) => unknown
  headers?: Record<string, string>
}

const big = 'x'.repeat(1024 * 1024 + 10)
const entry = { time: '2026-01-01T00:00:00Z', level: 'info', message: 'm' }

const BAD: Bad[] = [
  // members
  { name: 'members of an unknown org', method: 'GET', url: () => `/v1/orgs/org_nope/members` },
  { name: 'members with a SQL id', method: 'GET', url: () => `/v1/orgs/${encodeURIComponent(SQL)}/members` },
  {
    name: 'grant: missing resource',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/members/${w.people.orgOperator.userId}/grants`,
    payload: () => ({ role: 'owner' }),
  },
  {
    name: 'grant: wrong role',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/members/${w.people.orgOperator.userId}/grants`,
    payload: (w) => ({ role: 'admin', resource: { kind: 'organization', id: w.orgId } }),
  },
  {
    name: 'grant: unknown kind',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/members/${w.people.orgOperator.userId}/grants`,
    payload: () => ({ role: 'owner', resource: { kind: 'planet', id: 'p' } }),
  },
  {
    name: 'grant: unknown member',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/members/usr_nope/grants`,
    payload: (w) => ({ role: 'owner', resource: { kind: 'location', id: w.loc.C } }),
  },
  {
    name: 'grant: unknown machine',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/members/${w.people.orgOperator.userId}/grants`,
    payload: () => ({ role: 'owner', resource: { kind: 'machine', id: 'mac_nope' } }),
  },
  {
    name: 'grant: SQL in the id',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/members/${w.people.orgOperator.userId}/grants`,
    payload: () => ({ role: 'owner', resource: { kind: 'machine', id: SQL } }),
  },
  {
    name: 'grant: another org’s location',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/members/${w.people.orgOperator.userId}/grants`,
    payload: (w) => ({ role: 'owner', resource: { kind: 'organization', id: w.otherOrgId } }),
  },
  {
    name: 'role change: number',
    method: 'PATCH',
    url: (w) => `/v1/orgs/${w.orgId}/members/${w.people.orgOperator.userId}/grants/grt_nope`,
    payload: () => ({ role: 7 }),
  },
  {
    name: 'role change: unknown grant',
    method: 'PATCH',
    url: (w) => `/v1/orgs/${w.orgId}/members/${w.people.orgOperator.userId}/grants/grt_nope`,
    payload: () => ({ role: 'owner' }),
  },
  {
    name: 'limit: unknown grant',
    method: 'DELETE',
    url: (w) => `/v1/orgs/${w.orgId}/members/${w.people.orgOperator.userId}/grants/grt_nope`,
  },
  { name: 'remove: unknown member', method: 'DELETE', url: (w) => `/v1/orgs/${w.orgId}/members/usr_nope` },
  // invites
  {
    name: 'invite: not an email',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/invites`,
    payload: (w) => ({ email: SQL, role: 'owner', resource: { kind: 'organization', id: w.orgId } }),
  },
  {
    name: 'invite: missing role',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/invites`,
    payload: (w) => ({ email: 'a@example.com', resource: { kind: 'organization', id: w.orgId } }),
  },
  {
    name: 'invite: array body',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/invites`,
    payload: () => [1, 2],
  },
  {
    name: 'invite: oversized body',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/invites`,
    payload: (w) => ({
      email: 'a@example.com',
      role: 'owner',
      resource: { kind: 'organization', id: w.orgId },
      pad: big,
    }),
  },
  {
    name: 'resend: unknown invite',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/invites/inv_nope/resend`,
  },
  {
    name: 'revoke: path-breaking id',
    method: 'DELETE',
    url: (w) => `/v1/orgs/${w.orgId}/invites/${encodeURIComponent(PATHY)}`,
  },
  {
    name: 'accept: unknown code',
    method: 'POST',
    url: () => `/v1/invites/accept`,
    payload: () => ({ code: SQL }),
  },
  {
    name: 'accept: code of wrong type',
    method: 'POST',
    url: () => `/v1/invites/accept`,
    payload: () => ({ code: { $ne: 1 } }),
  },
  // API keys
  {
    name: 'key: name too long',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/api-keys`,
    payload: (w) => ({
      name: 'n'.repeat(201),
      role: 'owner',
      resource: { kind: 'organization', id: w.orgId },
    }),
  },
  {
    name: 'key: NUL in the name',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/api-keys`,
    payload: (w) => ({ name: 'a\u0000b', role: 'owner', resource: { kind: 'organization', id: w.orgId } }),
  },
  {
    name: 'key: resource as string',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/api-keys`,
    payload: () => ({ role: 'owner', resource: 'everything' }),
  },
  { name: 'key: unknown key', method: 'GET', url: (w) => `/v1/orgs/${w.orgId}/api-keys/key_nope` },
  { name: 'key: delete unknown', method: 'DELETE', url: (w) => `/v1/orgs/${w.orgId}/api-keys/key_nope` },
  {
    name: 'key: grant on unknown key',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/api-keys/key_nope/grants`,
    payload: (w) => ({ role: 'owner', resource: { kind: 'location', id: w.loc.C } }),
  },
  {
    name: 'key: role of unknown grant',
    method: 'PATCH',
    url: (w) => `/v1/orgs/${w.orgId}/api-keys/key_nope/grants/grt_nope`,
    payload: () => ({ role: 'owner' }),
  },
  // packages
  {
    name: 'package: bad name',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/packages`,
    payload: () => ({ name: PATHY, kind: 'module' }),
  },
  {
    name: 'package: unknown kind',
    method: 'POST',
    url: (w) => `/v1/orgs/${w.orgId}/packages`,
    payload: () => ({ name: 'ok', kind: 'virus' }),
  },
  {
    name: 'package: unknown org',
    method: 'POST',
    url: () => `/v1/orgs/org_nope/packages`,
    payload: () => ({ name: 'ok', kind: 'module' }),
  },
  { name: 'package: unknown id', method: 'GET', url: () => `/v1/packages/pkg_nope` },
  {
    name: 'package: upload to unknown',
    method: 'PUT',
    url: () => `/v1/packages/pkg_nope/versions/1`,
    headers: { 'content-type': 'application/octet-stream' },
    payload: () => Buffer.from('x'),
  },
  { name: 'package: download unknown', method: 'GET', url: () => `/v1/packages/pkg_nope/versions/1` },
  { name: 'package: delete SQL id', method: 'DELETE', url: () => `/v1/packages/${encodeURIComponent(SQL)}` },
  // usage
  { name: 'usage: unknown org', method: 'GET', url: () => `/v1/orgs/org_nope/usage` },
  // logs
  {
    name: 'logs: unknown part',
    method: 'POST',
    url: () => `/v1/parts/prt_nope/logs`,
    payload: () => ({ entries: [entry] }),
  },
  {
    name: 'logs: empty batch',
    method: 'POST',
    url: (w) => `/v1/parts/${w.part.pC}/logs`,
    payload: () => ({ entries: [] }),
  },
  {
    name: 'logs: bad level',
    method: 'POST',
    url: (w) => `/v1/parts/${w.part.pC}/logs`,
    payload: () => ({ entries: [{ ...entry, level: 'loud' }] }),
  },
  {
    name: 'logs: bad time',
    method: 'POST',
    url: (w) => `/v1/parts/${w.part.pC}/logs`,
    payload: () => ({ entries: [{ ...entry, time: SQL }] }),
  },
  {
    name: 'logs: NUL in message',
    method: 'POST',
    url: (w) => `/v1/parts/${w.part.pC}/logs`,
    payload: () => ({ entries: [entry, { ...entry, message: 'a\u0000' }] }),
  },
  {
    name: 'logs: missing message',
    method: 'POST',
    url: (w) => `/v1/parts/${w.part.pC}/logs`,
    payload: () => ({ entries: [{ time: entry.time, level: 'info' }] }),
  },
  {
    name: 'logs: fields not an object',
    method: 'POST',
    url: (w) => `/v1/parts/${w.part.pC}/logs`,
    payload: () => ({ entries: [{ ...entry, fields: [1] }] }),
  },
  {
    name: 'logs: too many entries',
    method: 'POST',
    url: (w) => `/v1/parts/${w.part.pC}/logs`,
    payload: () => ({ entries: Array.from({ length: 5001 }, () => entry) }),
  },
  {
    name: 'logs: oversized body',
    method: 'POST',
    url: (w) => `/v1/parts/${w.part.pC}/logs`,
    payload: () => ({
      entries: Array.from({ length: 600 }, () => ({ ...entry, message: 'y'.repeat(16_000) })),
    }),
  },
  {
    name: 'logs: query bad level',
    method: 'GET',
    url: (w) => `/v1/parts/${w.part.pC}/logs?level=${encodeURIComponent(SQL)}`,
  },
  { name: 'logs: query bad limit', method: 'GET', url: (w) => `/v1/parts/${w.part.pC}/logs?limit=-1` },
  {
    name: 'logs: query forged cursor',
    method: 'GET',
    url: (w) =>
      `/v1/parts/${w.part.pC}/logs?cursor=${Buffer.from(`["2026-01-01","1) OR 1=1"]`).toString('base64url')}`,
  },
  { name: 'logs: query unknown part', method: 'GET', url: () => `/v1/parts/prt_nope/logs` },
  {
    name: 'retention: out of range',
    method: 'PUT',
    url: (w) => `/v1/orgs/${w.orgId}/logs/retention`,
    payload: () => ({ maxAgeDays: 0, maxRowsPerPart: 1 }),
  },
  {
    name: 'retention: strings',
    method: 'PUT',
    url: (w) => `/v1/orgs/${w.orgId}/logs/retention`,
    payload: () => ({ maxAgeDays: '30', maxRowsPerPart: SQL }),
  },
]

describeStorages('administration routes refuse bad input', (storage) => {
  let w: World
  beforeAll(async () => {
    w = await openWorld(storage)
  }, 60_000)
  afterAll(async () => w?.close())

  const counts = async (): Promise<Record<string, number>> =>
    Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(w.db, t)] as const)))

  it('answers each with 400, 404 or 413 and a clear body, writing nothing', async () => {
    const before = await counts()
    const wrong: string[] = []
    for (const bad of BAD) {
      const payload = bad.payload?.(w)
      const res = await w.app.inject({
        method: bad.method,
        url: bad.url(w),
        headers: { ...bearer(w.people.orgOwner), ...(bad.headers ?? {}) },
        ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
      })
      const body = res.json() as { code?: unknown; message?: unknown }
      const good =
        [400, 404, 413].includes(res.statusCode) &&
        typeof body.code === 'string' &&
        typeof body.message === 'string' &&
        body.message !== ''
      if (!good) wrong.push(`${bad.name}: ${res.statusCode} ${res.body.slice(0, 160)}`)
    }
    expect(wrong).toEqual([])
    expect(await counts()).toEqual(before)
    const health = await w.app.inject({ method: 'GET', url: '/v1/health' })
    expect(health.statusCode).toBe(200)
  }, 120_000)
})
