import { validateMachineConfig } from '../../shared/config/machineConfigSchema'
import { zodIssuesToFieldErrors } from '../../shared/config/zodIssuesToFieldErrors'
import type { JsonObject } from '../../shared/sync/mergeThreeWay'
import { requireAccess } from '../access/requireAccess'
import type { Actor } from '../auth/Actor'
import { recordChange } from '../changes/recordChange'
import type { Db, Queryable } from '../db/Db'
import { appendRevision, getRevision, headRevision, revisionView } from '../fleet/configRevisions'
import { resolveFragments } from '../fleet/fragmentConfigs'
import { machinePlace } from '../fleet/machineChange'
import { newId } from '../core/ids'
import { HubError } from '../core/HubError'
import type { SealKey } from '../core/sealSecret'
import { applyFleetEdit } from './applyFleetEdit'
import { planConfigEdit } from './planConfigEdit'
import { PushEditSchema, type PushEdit, type PushEditEnvelope, type PushOutcome } from './pushEdit'

// Applies pushed edits, each in a transaction of its own that also records the client's sequence
// number and the outcome: a retried push (after a lost reply, a killed hub) finds the outcome and
// returns it unchanged, applying nothing twice. A refused edit is rolled back to a savepoint and its
// refusal recorded the same way, so a retry is refused the same way and nothing is half-applied.

type Refusal = Pick<PushOutcome, 'code' | 'reason' | 'errors'>

function refusal(err: HubError): Refusal {
  return { code: err.code, reason: err.message, ...(err.errors ? { errors: err.errors } : {}) }
}

/** Applies one edit; outcomes of earlier attempts are returned as they were. */
export async function applyPushedEdit(
  db: Db,
  actor: Actor,
  envelope: PushEditEnvelope,
  sealKey: SealKey,
): Promise<PushOutcome> {
  const { clientId, seq } = envelope
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO push_clients (client_id, subject_kind, subject_id) VALUES ($1, $2, $3) ON CONFLICT (client_id) DO NOTHING`,
      [clientId, actor.subject.kind, actor.subject.id],
    )
    const client = (
      await tx.query<{ subject_kind: string; subject_id: string; last_seq: number }>(
        `SELECT subject_kind, subject_id, last_seq FROM push_clients WHERE client_id = $1 FOR UPDATE`,
        [clientId],
      )
    )[0]
    if (!client || client.subject_kind !== actor.subject.kind || client.subject_id !== actor.subject.id) {
      // Not recorded: the client id's owner must still be able to push this sequence number.
      return {
        clientId,
        seq,
        status: 'rejected',
        code: 'permission-denied',
        reason: 'This client id belongs to another account or API key; use a client id of your own.',
      }
    }
    const done = await tx.query<{ outcome: PushOutcome }>(
      `SELECT outcome FROM push_outcomes WHERE client_id = $1 AND seq = $2`,
      [clientId, seq],
    )
    if (done[0]) return done[0].outcome
    if (seq <= Number(client.last_seq)) {
      return {
        clientId,
        seq,
        status: 'rejected',
        code: 'failed-precondition',
        reason: `Out of order: this client already pushed sequence ${client.last_seq}; edits are applied in sequence order.`,
      }
    }
    await tx.query('SAVEPOINT push_edit')
    let outcome: PushOutcome
    try {
      outcome = { clientId, seq, ...(await applyEdit(tx, actor, envelope, sealKey)) }
    } catch (err) {
      if (!(err instanceof HubError)) throw err
      await tx.query('ROLLBACK TO SAVEPOINT push_edit')
      outcome = { clientId, seq, status: 'rejected', ...refusal(err) }
    }
    await tx.query(`INSERT INTO push_outcomes (client_id, seq, outcome) VALUES ($1, $2, $3::jsonb)`, [
      clientId,
      seq,
      JSON.stringify(outcome),
    ])
    await tx.query(`UPDATE push_clients SET last_seq = $2, updated_at = now() WHERE client_id = $1`, [
      clientId,
      seq,
    ])
    return outcome
  })
}

type EditResult = Omit<PushOutcome, 'clientId' | 'seq'>

function parseEdit(envelope: PushEditEnvelope): PushEdit {
  const { kind, target, body, baseRevision } = envelope
  const parsed = PushEditSchema.safeParse({
    kind,
    target,
    body,
    ...(baseRevision !== undefined ? { baseRevision } : {}),
  })
  if (parsed.success) return parsed.data
  const errors = zodIssuesToFieldErrors(parsed.error.issues)
  const first = errors[0]
  throw new HubError(
    'invalid-argument',
    `The edit is not valid${first ? `: ${first.path}: ${first.message}` : ''}.`,
    { errors },
  )
}

async function applyEdit(
  tx: Queryable,
  actor: Actor,
  envelope: PushEditEnvelope,
  sealKey: SealKey,
): Promise<EditResult> {
  const edit = parseEdit(envelope)
  switch (edit.kind) {
    case 'config':
      return applyConfigEdit(tx, actor, edit)
    case 'machine.rename':
      return applyRename(tx, actor, 'machine', edit.target.machineId, edit.body)
    case 'part.rename':
      return applyRename(tx, actor, 'part', edit.target.partId, edit.body)
    case 'machine.create':
    case 'part.create':
    case 'machine.move':
      return applyFleetEdit(tx, actor, sealKey, edit)
  }
}

async function applyConfigEdit(
  tx: Queryable,
  actor: Actor,
  edit: PushEdit & { kind: 'config' },
): Promise<EditResult> {
  const { partId } = edit.target
  const { ref } = await requireAccess(tx, actor, 'machine.editConfig', { kind: 'part', id: partId })
  const place = machinePlace(ref)
  const valid = validateMachineConfig(edit.body.config)
  if (!valid.ok)
    throw new HubError(
      'invalid-argument',
      `The config is not valid: ${valid.errors[0]?.path}: ${valid.errors[0]?.message}`,
      { errors: valid.errors },
    )
  const fragments = await resolveFragments(tx, place.orgId ?? '', valid.config.fragments ?? [], actor)
  if (!fragments.ok)
    throw new HubError(
      'invalid-argument',
      `The config names fragments it cannot use: ${fragments.errors[0]?.message}`,
      { errors: fragments.errors },
    )

  const head = await headRevision(tx, partId, true)
  if (edit.baseRevision > head)
    throw new HubError(
      'invalid-argument',
      `The edit is based on revision ${edit.baseRevision}, but the part's newest is ${head}.`,
    )
  const configAt = async (revision: number): Promise<JsonObject> => {
    if (revision === 0) return {}
    const row = await getRevision(tx, partId, revision)
    if (!row) throw new HubError('failed-precondition', `The part has no revision ${revision} to merge from.`)
    return row.config as JsonObject
  }
  const plan = planConfigEdit({
    baseRevision: edit.baseRevision,
    headRevision: head,
    base: await configAt(edit.baseRevision),
    head: await configAt(head),
    edit: edit.body.config as JsonObject,
  })
  switch (plan.kind) {
    case 'unchanged':
      return { status: 'unchanged', revision: plan.revision }
    case 'fast-forward':
    case 'merge': {
      const merged = validateMachineConfig(plan.config)
      if (!merged.ok) {
        // Two valid configs merged into an invalid one (a rule across entries): not applied, an owner decides.
        return recordConflict(
          tx,
          actor,
          partId,
          place,
          { ...edit, head, merged: plan.config, conflicts: [] },
          merged.errors.map((e) => `${e.path}: ${e.message}`),
        )
      }
      const saved = await appendRevision(tx, {
        partId,
        config: merged.config,
        author: actor.label,
        source: plan.kind === 'merge' ? 'merged' : 'desktop',
        parents: plan.parents,
      })
      await recordChange(tx, {
        kind: 'config-revision',
        resourceId: partId,
        ...place,
        op: 'create',
        body: revisionView(saved, true) as unknown as Record<string, unknown>,
        actor: actor.label,
      })
      return { status: plan.kind === 'merge' ? 'merged' : 'applied', revision: saved.revision }
    }
    case 'conflict':
      return recordConflict(
        tx,
        actor,
        partId,
        place,
        { ...edit, head, merged: plan.merged, conflicts: plan.conflicts },
        [],
      )
  }
}

async function recordConflict(
  tx: Queryable,
  actor: Actor,
  partId: string,
  place: ReturnType<typeof machinePlace>,
  c: PushEdit & { kind: 'config'; head: number; merged: JsonObject; conflicts: unknown[] },
  invalid: string[],
): Promise<EditResult> {
  const id = newId('cfl')
  const base = c.baseRevision === 0 ? {} : ((await getRevision(tx, partId, c.baseRevision))?.config ?? {})
  const head = c.head === 0 ? {} : ((await getRevision(tx, partId, c.head))?.config ?? {})
  await tx.query(
    `INSERT INTO config_conflicts (id, part_id, base_revision, head_revision, base, head, edit, merged, conflicts, author)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb, $9::jsonb, $10)`,
    [
      id,
      partId,
      c.baseRevision,
      c.head,
      JSON.stringify(base),
      JSON.stringify(head),
      JSON.stringify(c.body.config),
      JSON.stringify(c.merged),
      JSON.stringify(c.conflicts),
      actor.label,
    ],
  )
  const body = {
    id,
    partId,
    status: 'open',
    baseRevision: c.baseRevision,
    headRevision: c.head,
    base,
    head,
    edit: c.body.config,
    merged: c.merged,
    conflicts: c.conflicts,
    invalid,
    author: actor.label,
  }
  await recordChange(tx, {
    kind: 'config-conflict',
    resourceId: id,
    ...place,
    op: 'create',
    body,
    actor: actor.label,
  })
  return {
    status: 'conflict',
    conflictId: id,
    revision: c.head,
    ...(invalid.length > 0 ? { reason: `The merged config would not be valid: ${invalid[0]}` } : {}),
  }
}

async function applyRename(
  tx: Queryable,
  actor: Actor,
  kind: 'machine' | 'part',
  id: string,
  body: { name: string; previousName?: string | undefined },
): Promise<EditResult> {
  const action = kind === 'machine' ? 'machine.editName' : 'machine.editPartName'
  const { ref } = await requireAccess(tx, actor, action, { kind, id })
  const table = kind === 'machine' ? 'machines' : 'parts'
  const rows = await tx.query<{ name: string }>(`SELECT name FROM ${table} WHERE id = $1 FOR UPDATE`, [id])
  const current = rows[0]?.name
  if (current === body.name) return { status: 'unchanged' }
  if (body.previousName !== undefined && current !== body.previousName) {
    // Renamed on the hub meanwhile: taking either name silently would lose the other's.
    throw new HubError(
      'conflict',
      `The ${kind} was renamed to "${current ?? ''}" meanwhile; choose a name again.`,
    )
  }
  await tx.query(`UPDATE ${table} SET name = $2 WHERE id = $1`, [id, body.name])
  await recordChange(tx, {
    kind,
    resourceId: id,
    ...machinePlace(ref),
    op: 'update',
    body: { id, name: body.name },
    actor: actor.label,
  })
  return { status: 'applied' }
}
