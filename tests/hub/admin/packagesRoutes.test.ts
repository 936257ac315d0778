import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bearer, countRows, openWorld, type World } from './adminWorld'
import { describeStorages } from '../support/testHub'

describeStorages('packages and usage', (storage) => {
  let w: World
  beforeAll(async () => {
    // Small enough to test the bound without megabytes; big enough for several 1 MiB chunks.
    process.env.FLEETDESK_MAX_PACKAGE_BYTES = String(3 * 1024 * 1024)
    w = await openWorld(storage)
  }, 60_000)
  afterAll(async () => {
    delete process.env.FLEETDESK_MAX_PACKAGE_BYTES
    await w?.close()
  })

  const newPackage = async (name: string) => {
    const res = await w.app.inject({
      method: 'POST',
      url: `/v1/orgs/${w.orgId}/packages`,
      headers: bearer(w.people.machineOwner),
      payload: { name, kind: 'ml_model' },
    })
    expect(res.statusCode).toBe(201)
    return (res.json() as { id: string }).id
  }
  const upload = (
    id: string,
    version: string,
    body: Buffer,
    extra: Record<string, string> = {},
    who: keyof World['people'] = 'locationOwner',
  ) =>
    w.app.inject({
      method: 'PUT',
      url: `/v1/packages/${id}/versions/${version}`,
      headers: { ...bearer(w.people[who]), 'content-type': 'application/octet-stream', ...extra },
      payload: body,
    })

  it('uploads across chunks, lists with sha256 and size, downloads the same bytes', async () => {
    const id = await newPackage('detector')
    const bytes = randomBytes(2 * 1024 * 1024 + 123)
    const sha = createHash('sha256').update(bytes).digest('hex')
    const up = await upload(id, '1.0.0', bytes, { 'x-content-sha256': sha })
    expect(up.statusCode).toBe(201)
    expect(up.json()).toMatchObject({ version: '1.0.0', sha256: sha, size: bytes.length })
    const view = await w.app.inject({
      method: 'GET',
      url: `/v1/packages/${id}`,
      headers: bearer(w.people.machineOwner),
    })
    expect(view.json()).toMatchObject({
      name: 'detector',
      kind: 'ml_model',
      versions: [{ version: '1.0.0', sha256: sha, size: bytes.length }],
    })
    const down = await w.app.inject({
      method: 'GET',
      url: `/v1/packages/${id}/versions/1.0.0`,
      headers: bearer(w.people.machineOwner),
    })
    expect(down.statusCode).toBe(200)
    expect(down.headers['x-content-sha256']).toBe(sha)
    expect(down.rawPayload.equals(bytes)).toBe(true)
    expect((await upload(id, '1.0.0', Buffer.from('again'))).statusCode).toBe(409)
  })

  it('keeps nothing of an oversized, mismatched or empty upload', async () => {
    const id = await newPackage('big')
    const chunksBefore = await countRows(w.db, 'package_chunks')
    expect((await upload(id, '1', randomBytes(3 * 1024 * 1024 + 1))).statusCode).toBe(413)
    expect(
      (await upload(id, '2', Buffer.from('abc'), { 'x-content-sha256': '0'.repeat(64) })).statusCode,
    ).toBe(400)
    expect((await upload(id, '3', Buffer.alloc(0))).statusCode).toBe(400)
    expect((await upload(id, 'a..b', Buffer.from('x'))).statusCode).toBe(400)
    // A bare `..` is resolved by the URL itself: no such route.
    expect((await upload(id, '..', Buffer.from('x'))).statusCode).toBe(404)
    expect(await countRows(w.db, 'package_chunks')).toBe(chunksBefore)
    const versions = await w.db.query(`SELECT 1 FROM package_versions WHERE package_id = $1`, [id])
    expect(versions).toHaveLength(0)
  })

  it('follows the seed rows: operators neither upload nor use; only org owners delete', async () => {
    const id = await newPackage('mod')
    expect((await upload(id, '1', Buffer.from('x'), {}, 'orgOperator')).statusCode).toBe(403)
    expect((await upload(id, '1', Buffer.from('x'), {}, 'machineOperator')).statusCode).toBe(403)
    expect((await upload(id, '1', Buffer.from('x'), {}, 'machineOwner')).statusCode).toBe(201)
    const use = (who: keyof World['people']) =>
      w.app.inject({ method: 'GET', url: `/v1/packages/${id}/versions/1`, headers: bearer(w.people[who]) })
    expect((await use('locationOperator')).statusCode).toBe(403)
    expect((await use('locationOwner')).statusCode).toBe(200)
    const stranger = await w.app.inject({
      method: 'GET',
      url: `/v1/packages/${id}`,
      headers: bearer(w.stranger),
    })
    expect(stranger.statusCode).toBe(404)
    const del = (who: keyof World['people']) =>
      w.app.inject({ method: 'DELETE', url: `/v1/packages/${id}/versions/1`, headers: bearer(w.people[who]) })
    expect((await del('locationOwner')).statusCode).toBe(403)
    expect((await del('orgOwner')).statusCode).toBe(204)
    expect((await use('orgOwner')).statusCode).toBe(404)
    const gone = await w.app.inject({
      method: 'DELETE',
      url: `/v1/packages/${id}`,
      headers: bearer(w.people.orgOwner),
    })
    expect(gone.statusCode).toBe(204)
  })

  it('reports usage to org owners only, counting machines, parts, logs and package bytes', async () => {
    const get = (who: keyof World['people']) =>
      w.app.inject({ method: 'GET', url: `/v1/orgs/${w.orgId}/usage`, headers: bearer(w.people[who]) })
    for (const who of ['orgOperator', 'locationOwner', 'machineOwner'] as const)
      expect((await get(who)).statusCode).toBe(403)
    const before = (await get('orgOwner')).json() as {
      logLines: number
      logBytes: number
      packageBytes: number
      storageBytes: number
    }
    const ingest = await w.app.inject({
      method: 'POST',
      url: `/v1/parts/${w.part.pC}/logs`,
      headers: { authorization: `Part ${w.part.pC}:${w.partSecret.pC}` },
      payload: {
        entries: [{ time: new Date().toISOString(), level: 'info', logger: 'x', message: 'hello' }],
      },
    })
    expect(ingest.statusCode).toBe(200)
    const after = (await get('orgOwner')).json() as typeof before & { machines: number; parts: number }
    expect(after).toMatchObject({ machines: 3, parts: 2, logLines: before.logLines + 1 })
    expect(after.logBytes).toBe(before.logBytes + 'hello'.length + 'x'.length + '{}'.length)
    expect(after.packageBytes).toBeGreaterThan(2 * 1024 * 1024)
    expect(after.storageBytes).toBe(after.logBytes + after.packageBytes)
  })
})
