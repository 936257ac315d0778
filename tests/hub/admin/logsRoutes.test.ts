import { afterAll, beforeAll, expect, it } from 'vitest'
import { pruneOrgLogs } from '../../../src/hub/logs/logStore'
import { bearer, countRows, openWorld, type World } from './adminWorld'
import { describeStorages } from '../support/testHub'

type Page = {
  entries: { id: string; time: string; level: string; message: string }[]
  nextCursor: string | null
}

describeStorages('part logs', (storage) => {
  let w: World
  beforeAll(async () => {
    w = await openWorld(storage)
  }, 60_000)
  afterAll(async () => w?.close())

  const agent = () => ({ authorization: `Part ${w.part.pC}:${w.partSecret.pC}` })
  const ingest = (headers: Record<string, string>, entries: unknown[], partId = w.part.pC) =>
    w.app.inject({ method: 'POST', url: `/v1/parts/${partId}/logs`, headers, payload: { entries } })
  const query = (qs: string, who: keyof World['people'] = 'machineOwner') =>
    w.app.inject({ method: 'GET', url: `/v1/parts/${w.part.pC}/logs?${qs}`, headers: bearer(w.people[who]) })

  const t0 = Date.parse('2026-01-01T00:00:00.000Z')
  const at = (i: number) => new Date(t0 + i * 1000).toISOString()
  const levels = ['debug', 'info', 'warn', 'error'] as const

  it('ingests a batch from the agent and from an owner; refuses others and wrong secrets', async () => {
    const batch = Array.from({ length: 300 }, (_, i) => ({
      time: at(i),
      level: levels[i % 4],
      logger: 'motor',
      message: `line ${i}${i % 10 === 0 ? ' 100%_done' : ''}`,
      fields: { i },
    }))
    const res = await ingest(agent(), batch)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ accepted: 300 })
    expect(
      (await ingest(bearer(w.people.locationOwner), [{ time: at(300), level: 'info', message: 'by hand' }]))
        .statusCode,
    ).toBe(200)
    const before = await countRows(w.db, 'part_logs')
    expect(
      (await ingest(bearer(w.people.machineOperator), [{ time: at(1), level: 'info', message: 'x' }]))
        .statusCode,
    ).toBe(403)
    expect(
      (await ingest(bearer(w.stranger), [{ time: at(1), level: 'info', message: 'x' }])).statusCode,
    ).toBe(404)
    expect(
      (
        await ingest({ authorization: `Part ${w.part.pC}:wrong` }, [
          { time: at(1), level: 'info', message: 'x' },
        ])
      ).statusCode,
    ).toBe(401)
    // pS's own credential does not open pC.
    const other = { authorization: `Part ${w.part.pS}:${w.partSecret.pS}` }
    expect((await ingest(other, [{ time: at(1), level: 'info', message: 'x' }])).statusCode).toBe(401)
    expect((await ingest({}, [{ time: at(1), level: 'info', message: 'x' }])).statusCode).toBe(401)
    expect(await countRows(w.db, 'part_logs')).toBe(before)
  })

  it('queries by level, time range and literal text, newest first, paging without overlap', async () => {
    const errors = (await query('level=error&limit=1000')).json() as Page
    expect(errors.entries).toHaveLength(75)
    expect(errors.entries.every((e) => e.level === 'error')).toBe(true)
    const warnUp = (await query('level=warn&limit=1000')).json() as Page
    expect(warnUp.entries).toHaveLength(150)
    const range = (await query(`since=${at(10)}&until=${at(20)}&limit=100`)).json() as Page
    expect(range.entries.map((e) => e.message)).toEqual(
      Array.from({ length: 10 }, (_, k) => `line ${19 - k}${19 - k === 10 ? ' 100%_done' : ''}`),
    )
    const text = (await query(`text=${encodeURIComponent('100%_')}&limit=100`)).json() as Page
    expect(text.entries).toHaveLength(30)
    const noWildcard = (await query(`text=${encodeURIComponent('1_0')}&limit=100`)).json() as Page
    expect(noWildcard.entries).toHaveLength(0)

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Page = (await query(`limit=70${cursor ? `&cursor=${cursor}` : ''}`)).json() as Page
      seen.push(...page.entries.map((e) => e.id))
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(seen).toHaveLength(301)
    expect(new Set(seen).size).toBe(301)
    expect((await query('cursor=not-a-cursor')).statusCode).toBe(400)
    expect((await query('limit=5', 'machineOperator')).statusCode).toBe(403)
  })

  it('bounds an org’s logs by age and by rows per part', async () => {
    const set = await w.app.inject({
      method: 'PUT',
      url: `/v1/orgs/${w.orgId}/logs/retention`,
      headers: bearer(w.people.orgOwner),
      payload: { maxAgeDays: 30, maxRowsPerPart: 100 },
    })
    expect(set.statusCode).toBe(200)
    const refused = await w.app.inject({
      method: 'PUT',
      url: `/v1/orgs/${w.orgId}/logs/retention`,
      headers: bearer(w.people.locationOwner),
      payload: { maxAgeDays: 1, maxRowsPerPart: 100 },
    })
    expect(refused.statusCode).toBe(403)
    // "Now" is 30 days and 100 s after t0: rows 0..99 are older than 30 days.
    const now = new Date(t0 + 30 * 86_400_000 + 100_000)
    const deleted = await pruneOrgLogs(w.db, w.orgId, now)
    expect(deleted).toBe(201)
    const left = (await query('limit=1000')).json() as Page
    expect(left.entries).toHaveLength(100)
    expect(left.entries[0]?.message).toBe('by hand')
    expect(left.entries.at(-1)?.message).toBe('line 201')
  })
})
