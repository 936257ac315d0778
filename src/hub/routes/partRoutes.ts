import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { requireAccess } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import { recordChange } from '../changes/recordChange'
import { machinePlace } from '../fleet/machineChange'
import { insertPart, partView } from '../fleet/parts'
import { newSecret } from '../core/ids'
import { readPartSecret, writePartSecret } from '../fleet/partSecrets'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { idParams, NameSchema, RenameBody } from './routeKit'
import { MainPartSchema, NamedSchema, PartSecretSchema, PartViewSchema } from './replySchemas'

const MachineParams = idParams('machineId')
const PartParams = idParams('partId')
const AddBody = z.object({ name: NameSchema, main: z.boolean().optional() }).strict()

/**
 * Parts: add (machine.addPart), rename (machine.editPartName), make main, the part secret. The
 * seed has no rows of its own for the main part or the secret: choosing the main part changes
 * what clients reach, so it is a config edit (machine.editConfig); the secret is on the CONNECT
 * tab, which operators do not see (machine.seeAllTabs), and rotating it is a config edit too.
 */
export async function partRoutes(app: FastifyInstance, { db, sealKey }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()

  r.post(
    '/v1/machines/:machineId/parts',
    { schema: { response: { 201: PartViewSchema }, params: MachineParams, body: AddBody } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { machineId } = request.params
      const { ref } = await requireAccess(db, actor, 'machine.addPart', { kind: 'machine', id: machineId })
      const part = await db.transaction(async (tx) => {
        const p = await insertPart(tx, sealKey, machineId, request.body.name, request.body.main === true)
        await recordChange(tx, {
          kind: 'part',
          resourceId: p.id,
          ...machinePlace(ref),
          op: 'create',
          body: partView(p),
          actor: actor.label,
        })
        return p
      })
      return reply.status(201).send(partView(part))
    },
  )

  r.patch(
    '/v1/parts/:partId',
    { schema: { response: { 200: NamedSchema }, params: PartParams, body: RenameBody } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      const { ref } = await requireAccess(db, actor, 'machine.editPartName', { kind: 'part', id: partId })
      await db.transaction(async (tx) => {
        await tx.query(`UPDATE parts SET name = $2 WHERE id = $1`, [partId, request.body.name])
        await recordChange(tx, {
          kind: 'part',
          resourceId: partId,
          ...machinePlace(ref),
          op: 'update',
          body: { id: partId, name: request.body.name },
          actor: actor.label,
        })
      })
      return { id: partId, name: request.body.name }
    },
  )

  r.post(
    '/v1/parts/:partId/main',
    { schema: { response: { 200: MainPartSchema }, params: PartParams } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      const { ref, machineId } = await requireAccess(db, actor, 'machine.editConfig', {
        kind: 'part',
        id: partId,
      })
      if (machineId === undefined) throw new HubError('internal', 'A part without a machine.')
      await db.transaction(async (tx) => {
        // Cleared first: the unique index allows one main part per machine at any moment.
        await tx.query(`UPDATE parts SET is_main = false WHERE machine_id = $1 AND is_main AND id <> $2`, [
          machineId,
          partId,
        ])
        await tx.query(`UPDATE parts SET is_main = true WHERE id = $1`, [partId])
        await recordChange(tx, {
          kind: 'part',
          resourceId: partId,
          ...machinePlace(ref),
          op: 'update',
          body: { id: partId, isMain: true },
          actor: actor.label,
        })
      })
      return { id: partId, machineId, isMain: true }
    },
  )

  r.get(
    '/v1/parts/:partId/secret',
    { schema: { response: { 200: PartSecretSchema }, params: PartParams } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      await requireAccess(db, actor, 'machine.seeAllTabs', { kind: 'part', id: partId })
      const stored = await readPartSecret(db, sealKey, partId)
      return { partId, secret: stored?.secret ?? '' }
    },
  )

  r.post(
    '/v1/parts/:partId/secret/rotate',
    { schema: { response: { 200: PartSecretSchema }, params: PartParams } },
    async (request) => {
      const actor = actorOf(request)
      const { partId } = request.params
      const { ref } = await requireAccess(db, actor, 'machine.editConfig', { kind: 'part', id: partId })
      const secret = newSecret()
      await db.transaction(async (tx) => {
        await writePartSecret(tx, sealKey, partId, secret)
        // The feed says that it changed, never the secret itself.
        await recordChange(tx, {
          kind: 'part',
          resourceId: partId,
          ...machinePlace(ref),
          op: 'update',
          body: { id: partId, secretRotated: true },
          actor: actor.label,
        })
      })
      return { partId, secret }
    },
  )
}
