import { randomUUID } from 'node:crypto'
import type { SqlValue } from 'sql.js'
import type { Part } from '../../../shared/domain/model'
import { assertNever } from '../../../shared/errors/CoreError'
import { decodeHistory } from '../partHistory'
import type { CachedConflict, SyncOp, SyncState } from '../SyncOp'
import { HISTORY_LIMIT } from '../types'
import type { FleetStore } from './FleetStore'
import type { SqlDb } from './SqlDb'

const CURSOR_KEY = 'sync_cursor'
const CLIENT_KEY = 'sync_client_id'

/** Fleet tables a first full pull empties (never the outbox, settings, meta or logs). */
const FLEET_TABLES = [
  'orgs',
  'locations',
  'machines',
  'parts',
  'revisions',
  'fragments',
  'fragment_revisions',
  'sync_conflicts',
] as const

type EntityTable = 'orgs' | 'locations' | 'machines' | 'parts' | 'fragments'

/**
 * The sync engine's writes to the main cache database (worker side): batches of SyncOps from the
 * change feed, each batch in one transaction with the cursor it reaches. These are not journaled:
 * the cursor lives in the same database as the rows, so a snapshot holds both or neither, and after
 * a crash the feed is read again from the cursor the last snapshot holds (every op is idempotent).
 */
export class SyncStore {
  constructor(
    private readonly db: SqlDb,
    private readonly fleet: FleetStore,
  ) {}

  /** The cursor and the client id; `created` when the client id was made just now (snapshot it). */
  state(): SyncState & { created: boolean } {
    const cursor = this.fleet.getMeta(CURSOR_KEY)
    let clientId = this.fleet.getMeta(CLIENT_KEY)
    const created = clientId === null
    if (clientId === null) {
      // Url-safe, as the hub's ids: `dsk_` and 32 hex digits.
      clientId = `dsk_${randomUUID().replaceAll('-', '')}`
      this.fleet.setMeta(CLIENT_KEY, clientId)
    }
    return { cursor: cursor === null ? null : Number(cursor), clientId, created }
  }

  /** Applies the ops and moves the cursor, all or nothing. */
  apply(ops: readonly SyncOp[], cursor: number | null): void {
    this.db.transaction(() => {
      for (const op of ops) this.applyOne(op)
      if (cursor !== null) this.fleet.setMeta(CURSOR_KEY, String(cursor))
    })
  }

  listConflicts(): CachedConflict[] {
    return this.db
      .rows('SELECT data FROM sync_conflicts ORDER BY rowid')
      .map((r) => JSON.parse(r[0] as string) as CachedConflict)
  }

  private applyOne(op: SyncOp): void {
    switch (op.op) {
      case 'putOrg':
        return this.putEntity('orgs', op.id, op.create, op.patch)
      case 'putLocation':
        return this.putEntity('locations', op.id, op.create, op.patch)
      case 'putMachine':
        return this.putEntity('machines', op.id, op.create, op.patch)
      case 'putPart':
        this.putEntity<Part>('parts', op.id, op.create ? { ...op.create, revision: 0 } : null, op.patch)
        if (op.patch.isMain === true) this.makeOnlyMain(op.id)
        return
      case 'putFragment':
        return this.putEntity('fragments', op.id, op.create, op.patch)
      case 'shareLocation': {
        const data = this.entity('locations', op.id)
        if (!data) return
        const shared = new Set(Array.isArray(data.sharedWith) ? (data.sharedWith as string[]) : [])
        if (op.shared) shared.add(op.orgId)
        else shared.delete(op.orgId)
        return this.writeEntity('locations', op.id, { ...data, sharedWith: [...shared] })
      }
      case 'putRevision':
        return this.putRevision(op)
      case 'putFragmentRevision': {
        const config = JSON.stringify(op.config)
        this.db.run(
          'INSERT OR REPLACE INTO fragment_revisions (fragment_id, revision, created_at, config) VALUES (?, ?, ?, ?)',
          [op.id, op.revision, op.createdAt, config],
        )
        const head = this.entity('fragments', op.id)
        if (head && Number(head.revision ?? 0) <= op.revision) {
          this.writeEntity('fragments', op.id, { ...head, revision: op.revision })
          this.db.run('UPDATE fragments SET config = ? WHERE id = ?', [config, op.id])
        }
        return
      }
      case 'putConflict':
        this.db.run('INSERT OR REPLACE INTO sync_conflicts (id, part_id, status, data) VALUES (?, ?, ?, ?)', [
          op.conflict.id,
          op.conflict.partId,
          op.conflict.status,
          JSON.stringify(op.conflict),
        ])
        return
      case 'resolveConflict': {
        const row = this.db.value('SELECT data FROM sync_conflicts WHERE id = ?', [op.id]) as string | null
        if (row === null) return
        const conflict: CachedConflict = { ...(JSON.parse(row) as CachedConflict), status: 'resolved' }
        this.db.run('UPDATE sync_conflicts SET status = ?, data = ? WHERE id = ?', [
          'resolved',
          JSON.stringify(conflict),
          op.id,
        ])
        return
      }
      case 'remove':
        return this.remove(op.what, op.id)
      case 'dropConfigs':
        this.db.run('DELETE FROM revisions WHERE part_id = ?', [op.partId])
        this.db.run('DELETE FROM sync_conflicts WHERE part_id = ?', [op.partId])
        this.db.run('UPDATE parts SET revision = 0 WHERE id = ?', [op.partId])
        return
      case 'clearFleet':
        for (const table of FLEET_TABLES) this.db.run(`DELETE FROM ${table}`)
        this.db.run('DELETE FROM meta WHERE key = ?', [CURSOR_KEY])
        return
      default:
        return assertNever(op, 'sync op')
    }
  }

  private entity(table: EntityTable, id: string): Record<string, unknown> | null {
    const data = this.db.value(`SELECT data FROM ${table} WHERE id = ?`, [id]) as string | null
    return data === null ? null : (JSON.parse(data) as Record<string, unknown>)
  }

  /** Lays `patch` over the cached entity, or creates it from `create`; without either nothing happens. */
  private putEntity<T extends object>(
    table: EntityTable,
    id: string,
    create: T | null,
    patch: Partial<T>,
  ): void {
    const known = this.entity(table, id)
    const base: Record<string, unknown> | null =
      known ?? (create ? ({ ...create } as Record<string, unknown>) : null)
    if (!base) return
    const defined = Object.entries(patch).filter(([, v]) => v !== undefined)
    this.writeEntity(table, id, { ...base, ...Object.fromEntries(defined) })
  }

  /** Writes the entity's JSON and the columns its table's queries need beside it. */
  private writeEntity(table: EntityTable, id: string, data: Record<string, unknown>): void {
    const json = JSON.stringify(data)
    const exists = this.db.value(`SELECT 1 FROM ${table} WHERE id = ?`, [id]) !== null
    const extra: Record<string, SqlValue> = {}
    if (table === 'parts') extra.machine_id = String(data.machineId ?? '')
    if (table === 'fragments') {
      extra.org_id = String(data.orgId ?? '')
      extra.name = String(data.name ?? id)
      extra.revision = Number(data.revision ?? 0)
    }
    const columns = Object.keys(extra)
    if (exists) {
      const sets = ['data = ?', ...columns.map((c) => `${c} = ?`)].join(', ')
      this.db.run(`UPDATE ${table} SET ${sets} WHERE id = ?`, [json, ...Object.values(extra), id])
      return
    }
    if (table === 'parts') columns.push('revision')
    const values: SqlValue[] = [...Object.values(extra), ...(table === 'parts' ? [0] : [])]
    const names = ['id', 'data', ...columns].join(', ')
    const marks = ['?', '?', ...columns.map(() => '?')].join(', ')
    this.db.run(`INSERT INTO ${table} (${names}) VALUES (${marks})`, [id, json, ...values])
  }

  /** One main part per machine, always: the others of its machine stop being main. */
  private makeOnlyMain(partId: string): void {
    const machineId = this.db.value('SELECT machine_id FROM parts WHERE id = ?', [partId]) as string | null
    if (machineId === null) return
    for (const row of this.db.rows('SELECT id, data FROM parts WHERE machine_id = ? AND id <> ?', [
      machineId,
      partId,
    ])) {
      const data = JSON.parse(row[1] as string) as Record<string, unknown>
      if (data.isMain) this.writeEntity('parts', row[0] as string, { ...data, isMain: false })
    }
  }

  private putRevision(op: Extract<SyncOp, { op: 'putRevision' }>): void {
    if (this.db.value('SELECT 1 FROM parts WHERE id = ?', [op.partId]) === null) return
    // Older rows are patches from the next newer row: the row just below this one must not change
    // meaning when this revision slides in above it, so it becomes a full config first.
    const below = this.db.row(
      'SELECT revision, patch FROM revisions WHERE part_id = ? AND revision < ? ORDER BY revision DESC LIMIT 1',
      [op.partId, op.revision],
    )
    if (below && below[1] !== null) {
      const chain = this.db.rows(
        'SELECT config, patch FROM revisions WHERE part_id = ? AND revision >= ? ORDER BY revision DESC',
        [op.partId, below[0] as number],
      )
      const full = decodeHistory(
        chain.map((r) => ({ config: r[0] as string | null, patch: r[1] as string | null })),
      )
      this.db.run('UPDATE revisions SET config = ?, patch = NULL WHERE part_id = ? AND revision = ?', [
        JSON.stringify(full),
        op.partId,
        below[0] as number,
      ])
    }
    this.db.run(
      'INSERT OR REPLACE INTO revisions (part_id, revision, author, created_at, source, config, patch) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      [op.partId, op.revision, op.author, op.createdAt, op.source, JSON.stringify(op.config)],
    )
    this.db.run('UPDATE parts SET revision = max(revision, ?) WHERE id = ?', [op.revision, op.partId])
    // The newest HISTORY_LIMIT are kept; dropping the oldest never breaks a patch chain.
    this.db.run(
      `DELETE FROM revisions WHERE part_id = ? AND revision < (
         SELECT min(revision) FROM (SELECT revision FROM revisions WHERE part_id = ? ORDER BY revision DESC LIMIT ?))`,
      [op.partId, op.partId, HISTORY_LIMIT],
    )
  }

  private remove(what: Extract<SyncOp, { op: 'remove' }>['what'], id: string): void {
    switch (what) {
      case 'org': {
        const locations = this.db.rows("SELECT id FROM locations WHERE json_extract(data, '$.orgId') = ?", [
          id,
        ])
        for (const row of locations) this.removeLocationOnly(row[0] as string)
        this.db.run(
          'DELETE FROM fragment_revisions WHERE fragment_id IN (SELECT id FROM fragments WHERE org_id = ?)',
          [id],
        )
        this.db.run('DELETE FROM fragments WHERE org_id = ?', [id])
        this.db.run('DELETE FROM orgs WHERE id = ?', [id])
        return
      }
      case 'location': {
        // The location and every location below it, with their machines.
        const doomed = [id]
        for (let i = 0; i < doomed.length; i++) {
          const children = this.db.rows(
            "SELECT id FROM locations WHERE json_extract(data, '$.parentId') = ?",
            [doomed[i] as string],
          )
          for (const child of children) doomed.push(child[0] as string)
        }
        for (const locationId of doomed) this.removeLocationOnly(locationId)
        return
      }
      case 'machine':
        for (const row of this.db.rows('SELECT id FROM parts WHERE machine_id = ?', [id]))
          this.remove('part', row[0] as string)
        this.db.run('DELETE FROM machines WHERE id = ?', [id])
        return
      case 'part':
        this.db.run('DELETE FROM revisions WHERE part_id = ?', [id])
        this.db.run('DELETE FROM sync_conflicts WHERE part_id = ?', [id])
        this.db.run('DELETE FROM parts WHERE id = ?', [id])
        return
      case 'fragment':
        this.db.run('DELETE FROM fragment_revisions WHERE fragment_id = ?', [id])
        this.db.run('DELETE FROM fragments WHERE id = ?', [id])
        return
      case 'conflict':
        this.db.run('DELETE FROM sync_conflicts WHERE id = ?', [id])
        return
      default:
        return assertNever(what, 'removal')
    }
  }

  /** One location and the machines in it (not its sub-locations). */
  private removeLocationOnly(locationId: string): void {
    const machines = this.db.rows("SELECT id FROM machines WHERE json_extract(data, '$.locationId') = ?", [
      locationId,
    ])
    for (const row of machines) this.remove('machine', row[0] as string)
    this.db.run('DELETE FROM locations WHERE id = ?', [locationId])
  }
}
