import type {
  ApiKey,
  Fragment,
  FragmentRevision,
  Grant,
  Location,
  Machine,
  Organization,
  Package,
  Part,
  Revision,
  RevisionMeta,
  RevisionSource,
  User,
} from '../../../shared/domain/model'
import type { FragmentId, MachineId, OrgId, PartId } from '../../../shared/ids'
import type { MachineConfig } from '../../../shared/config/machineConfigSchema'
import { assertNever } from '../../../shared/errors/CoreError'
import type { FleetImportHead } from '../cacheProtocol'
import type { JournalRecord } from '../JournalRecord'
import { decodeHistory, type StoredRevision } from '../partHistory'
import { normalizeOutboxEntry, type ConfigOutboxEntry, type OutboxEntry } from '../OutboxEdit'
import type { CachedFragment, CachedPartConfig, FleetIndex, FragmentWanted } from '../types'
import { applyLocalEffect, OUTBOX_READ, toOutboxEntry, writeOutboxEntry } from './outboxRows'
import type { Row, SqlDb } from './SqlDb'

const FLEET_TABLES = [
  'orgs',
  'locations',
  'machines',
  'parts',
  'revisions',
  'users',
  'grants',
  'api_keys',
  'fragments',
  'fragment_revisions',
  'packages',
] as const

const parse = <T>(row: Row, index = 0): T => JSON.parse(row[index] as string) as T

const emailKey = (email: string): string => email.trim().toLowerCase()

/** Queries and mutations of the main cache database (worker side). */
export class FleetStore {
  constructor(private readonly db: SqlDb) {}

  isEmpty(): boolean {
    return !this.db.value('SELECT EXISTS (SELECT 1 FROM orgs) OR EXISTS (SELECT 1 FROM machines)')
  }

  getFleetIndex(): FleetIndex {
    const all = <T>(table: string): T[] =>
      this.db.rows(`SELECT data FROM ${table} ORDER BY rowid`).map((r) => parse<T>(r))
    const parts = this.db
      .rows('SELECT data, revision FROM parts ORDER BY rowid')
      .map((r) => ({ ...parse<Part>(r), revision: r[1] as number }))
    return {
      orgs: all<Organization>('orgs'),
      locations: all<Location>('locations'),
      machines: all<Machine>('machines'),
      parts,
    }
  }

  getUsers(): User[] {
    return this.db.rows('SELECT data FROM users ORDER BY rowid').map((r) => parse<User>(r))
  }

  getUserByEmail(email: string): User | null {
    const row = this.db.row('SELECT data FROM users WHERE email_key = ? ORDER BY rowid LIMIT 1', [
      emailKey(email),
    ])
    return row ? parse<User>(row) : null
  }

  getGrants(): Grant[] {
    return this.db.rows('SELECT data FROM grants ORDER BY rowid').map((r) => parse<Grant>(r))
  }

  getApiKeys(): ApiKey[] {
    return this.db.rows('SELECT data FROM api_keys ORDER BY rowid').map((r) => parse<ApiKey>(r))
  }

  getFragments(): Fragment[] {
    return this.db.rows('SELECT data FROM fragments ORDER BY rowid').map((r) => parse<Fragment>(r))
  }

  getFragmentRevisions(fragmentId: FragmentId): FragmentRevision[] {
    return this.db
      .rows(
        'SELECT revision, created_at, config FROM fragment_revisions WHERE fragment_id = ? ORDER BY revision',
        [fragmentId],
      )
      .map((r) => ({
        fragmentId,
        revision: r[0] as number,
        createdAt: r[1] as string,
        config: parse<MachineConfig>(r, 2),
      }))
  }

  getFragmentConfigs(wanted: readonly FragmentWanted[]): CachedFragment[] {
    const out: CachedFragment[] = []
    for (const { id, revision } of wanted) {
      const head = this.db.row('SELECT org_id, name, revision, config FROM fragments WHERE id = ?', [id])
      if (!head) continue
      const at = revision ?? (head[2] as number)
      const config =
        at === head[2] && head[3] !== null
          ? (head[3] as string)
          : (this.db.value('SELECT config FROM fragment_revisions WHERE fragment_id = ? AND revision = ?', [
              id,
              at,
            ]) as string | null)
      if (config === null) continue
      out.push({
        id,
        orgId: head[0] as OrgId,
        name: head[1] as string,
        revision: at,
        config: JSON.parse(config) as MachineConfig,
      })
    }
    return out
  }

  getPackages(): Package[] {
    return this.db.rows('SELECT data FROM packages ORDER BY rowid').map((r) => parse<Package>(r))
  }

  getPartConfig(partId: PartId): CachedPartConfig {
    const revision =
      (this.db.value('SELECT revision FROM parts WHERE id = ?', [partId]) as number | null) ?? 0
    const config = this.db.value('SELECT config FROM revisions WHERE part_id = ? AND revision = ?', [
      partId,
      revision,
    ]) as string | null
    const pending = this.db.row(
      `SELECT ${OUTBOX_READ} FROM outbox WHERE part_id = ? AND kind = 'config' ORDER BY seq DESC LIMIT 1`,
      [partId],
    )
    return {
      partId,
      revision,
      config: config === null ? null : (JSON.parse(config) as MachineConfig),
      pending: pending ? (toOutboxEntry(pending) as ConfigOutboxEntry) : null,
    }
  }

  /** Newest first. */
  getHistory(partId: PartId): RevisionMeta[] {
    return this.db
      .rows(
        'SELECT revision, author, created_at, source FROM revisions WHERE part_id = ? ORDER BY revision DESC',
        [partId],
      )
      .map((r) => ({
        partId,
        revision: r[0] as number,
        author: r[1] as string,
        createdAt: r[2] as string,
        source: r[3] as RevisionSource,
      }))
  }

  getRevision(partId: PartId, revision: number): Revision | null {
    const rows = this.db.rows(
      'SELECT revision, author, created_at, source, config, patch FROM revisions WHERE part_id = ? AND revision >= ? ORDER BY revision DESC',
      [partId, revision],
    )
    const target = rows[rows.length - 1]
    if (!target || target[0] !== revision) return null
    const config = decodeHistory(
      rows.map((r) => ({ config: r[4] as string | null, patch: r[5] as string | null })),
    )
    return {
      partId,
      revision,
      author: target[1] as string,
      createdAt: target[2] as string,
      source: target[3] as RevisionSource,
      config: config as MachineConfig,
    }
  }

  listOutbox(): OutboxEntry[] {
    return this.db.rows(`SELECT ${OUTBOX_READ} FROM outbox ORDER BY seq`).map(toOutboxEntry)
  }

  pendingCountsByMachine(): Map<MachineId, number> {
    const rows = this.db.rows(
      `SELECT coalesce(o.machine_id, p.machine_id) AS m, count(*) FROM outbox o
       LEFT JOIN parts p ON p.id = o.part_id WHERE m IS NOT NULL GROUP BY m`,
    )
    return new Map(rows.map((r) => [r[0] as MachineId, r[1] as number]))
  }

  getSetting(key: string): unknown {
    const value = this.db.value('SELECT value FROM settings WHERE key = ?', [key]) as string | null
    return value === null ? null : JSON.parse(value)
  }

  getMeta(key: string): string | null {
    return this.db.value('SELECT value FROM meta WHERE key = ?', [key]) as string | null
  }

  setMeta(key: string, value: string): void {
    this.db.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    )
  }

  /** The highest outbox seq ever assigned (entries may have left the outbox since). */
  lastOutboxSeq(): number {
    const fromMeta = Number(this.getMeta('outbox_seq') ?? 0)
    const fromTable = Number(this.db.value('SELECT max(seq) FROM outbox') ?? 0)
    return Math.max(fromMeta, fromTable)
  }

  /** Seqs are never reused, also after the entries left the outbox. */
  private noteOutboxSeq(seq: number): void {
    if (seq > Number(this.getMeta('outbox_seq') ?? 0)) this.setMeta('outbox_seq', String(seq))
  }

  /** Applies one journal record; replaying a record twice has no further effect. */
  applyRecord(record: JournalRecord): void {
    switch (record.kind) {
      case 'edit': {
        const entry = normalizeOutboxEntry(record.entry)
        writeOutboxEntry(this.db, entry)
        applyLocalEffect(this.db, entry)
        this.noteOutboxSeq(entry.seq)
        return
      }
      case 'setting':
        if (record.value === null || record.value === undefined)
          this.db.run('DELETE FROM settings WHERE key = ?', [record.key])
        else {
          this.db.run(
            'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
            [record.key, JSON.stringify(record.value)],
          )
        }
        return
      case 'outbox-rejected':
        this.db.run('UPDATE outbox SET rejection = ? WHERE seq = ?', [record.reason, record.outboxSeq])
        return
      case 'outbox-conflict':
        this.db.run('UPDATE outbox SET conflict_id = ? WHERE seq = ?', [record.conflictId, record.outboxSeq])
        return
      case 'outbox-removed':
        for (const seq of record.outboxSeqs) this.db.run('DELETE FROM outbox WHERE seq = ?', [seq])
        return
      case 'machine-added':
        this.db.run('INSERT OR REPLACE INTO machines (id, data) VALUES (?, ?)', [
          record.machine.id,
          JSON.stringify(record.machine),
        ])
        this.db.run('INSERT OR REPLACE INTO parts (id, machine_id, revision, data) VALUES (?, ?, 0, ?)', [
          record.part.id,
          record.machine.id,
          JSON.stringify(record.part),
        ])
        for (const entry of record.outbox ?? []) {
          writeOutboxEntry(this.db, entry)
          this.noteOutboxSeq(entry.seq)
        }
        return
      default:
        return assertNever(record, 'journal record')
    }
  }

  /** Starts a wholesale replacement of the fleet; the caller holds a transaction open until the end. */
  importHead(head: FleetImportHead): void {
    for (const table of FLEET_TABLES) this.db.run(`DELETE FROM ${table}`)
    const insert = (table: string, items: ReadonlyArray<{ id: string }>): void => {
      for (const item of items)
        this.db.run(`INSERT OR REPLACE INTO ${table} (id, data) VALUES (?, ?)`, [
          item.id,
          JSON.stringify(item),
        ])
    }
    insert('orgs', head.orgs)
    insert('locations', head.locations)
    insert('machines', head.machines)
    // A part's revision is the highest imported one (importRevisions sets it); 0 until then.
    for (const part of head.parts) {
      this.db.run('INSERT OR REPLACE INTO parts (id, machine_id, revision, data) VALUES (?, ?, 0, ?)', [
        part.id,
        part.machineId,
        JSON.stringify(part),
      ])
    }
    for (const user of head.users) {
      this.db.run('INSERT OR REPLACE INTO users (id, email_key, data) VALUES (?, ?, ?)', [
        user.id,
        emailKey(user.email),
        JSON.stringify(user),
      ])
    }
    insert('grants', head.grants)
    insert('api_keys', head.apiKeys)
    const fragmentConfig = new Map(
      head.fragmentRevisions.map((fr) => [`${fr.fragmentId}\n${fr.revision}`, JSON.stringify(fr.config)]),
    )
    for (const f of head.fragments) {
      this.db.run(
        'INSERT OR REPLACE INTO fragments (id, org_id, name, revision, config, data) VALUES (?, ?, ?, ?, ?, ?)',
        [
          f.id,
          f.orgId,
          f.name,
          f.revision,
          fragmentConfig.get(`${f.id}\n${f.revision}`) ?? null,
          JSON.stringify(f),
        ],
      )
    }
    for (const fr of head.fragmentRevisions) {
      this.db.run(
        'INSERT OR REPLACE INTO fragment_revisions (fragment_id, revision, created_at, config) VALUES (?, ?, ?, ?)',
        [fr.fragmentId, fr.revision, fr.createdAt, JSON.stringify(fr.config)],
      )
    }
    insert('packages', head.packages)
  }

  /** Whole parts, each part's rows contiguous and newest first (see encodeHistory). */
  importRevisions(rows: readonly StoredRevision[]): void {
    let previous: StoredRevision | null = null
    for (const row of rows) {
      const newestOfPart = previous === null || previous.partId !== row.partId
      if (newestOfPart && row.config === null)
        throw new Error(`The newest revision of part ${row.partId} has no full config.`)
      if (!newestOfPart && (previous as StoredRevision).revision <= row.revision) {
        throw new Error(`Revisions of part ${row.partId} must come newest first, each once.`)
      }
      this.db.run(
        'INSERT OR REPLACE INTO revisions (part_id, revision, author, created_at, source, config, patch) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [row.partId, row.revision, row.author, row.createdAt, row.source, row.config, row.patch],
      )
      if (newestOfPart) this.db.run('UPDATE parts SET revision = ? WHERE id = ?', [row.revision, row.partId])
      previous = row
    }
  }
}
