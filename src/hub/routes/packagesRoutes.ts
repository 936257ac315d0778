import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { Readable } from 'node:stream'
import type { OrgId } from '../../shared/ids'
import { requireAccess } from '../access/requireAccess'
import { actorOf } from '../auth/authenticate'
import { recordChange } from '../changes/recordChange'
import { newId } from '../core/ids'
import {
  PackageCreateSchema,
  PackageListSchema,
  PackageOrgParamsSchema,
  PackageParamsSchema,
  PackageVersionParamsSchema,
  PackageVersionViewSchema,
  PackageViewSchema,
  UploadHeadersSchema,
} from '../packages/packageSchemas'
import {
  claimVersion,
  dropVersion,
  loadPackages,
  readChunks,
  storeChunks,
  type PackageView,
} from '../packages/packageStore'
import type { HubContext } from './HubContext'
import { HubError } from '../core/HubError'
import { NoContent, OctetStreamReply } from './replySchemas'

/** Largest package version accepted (413 above); an ML model of this size is already large for a robot. */
export const DEFAULT_MAX_PACKAGE_BYTES = 64 * 1024 * 1024

const orgOfPackage = (ref: { kind: string; orgId?: OrgId }): OrgId => {
  if (ref.orgId === undefined) throw new HubError('internal', 'A package ref without its organization.')
  return ref.orgId
}

/**
 * An organization's packages (module, ML model, archive) and their versions, per the seed's rows:
 * upload (org, location and machine owners), view, use (download), delete (org owners only).
 */
export async function packagesRoutes(app: FastifyInstance, { db }: HubContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const maxBytes = Number(process.env.FLEETDESK_MAX_PACKAGE_BYTES ?? DEFAULT_MAX_PACKAGE_BYTES)
  // Package bytes arrive raw; this scope hands the request stream to the route (no buffering).
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload))

  const onePackage = async (orgId: OrgId, packageId: string): Promise<PackageView> => {
    const [view] = await loadPackages(db, orgId, packageId)
    if (!view) throw new HubError('not-found', 'The package does not exist or is not visible to you.')
    return view
  }

  r.post(
    '/v1/orgs/:orgId/packages',
    {
      schema: {
        params: PackageOrgParamsSchema,
        body: PackageCreateSchema,
        response: { 201: PackageViewSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      await requireAccess(db, actor, 'package.upload', { kind: 'org-packages', orgId })
      const { name, kind } = request.body
      const id = newId('pkg')
      await db.transaction(async (tx) => {
        const taken = await tx.query(`SELECT 1 FROM packages WHERE org_id = $1 AND name = $2`, [orgId, name])
        if (taken.length > 0)
          throw new HubError('conflict', `The organization already has a package named ${name}.`)
        await tx.query(`INSERT INTO packages (id, org_id, name, kind) VALUES ($1, $2, $3, $4)`, [
          id,
          orgId,
          name,
          kind,
        ])
        await recordChange(tx, {
          kind: 'package',
          resourceId: id,
          orgId,
          op: 'create',
          body: { id, name, kind },
          actor: actor.label,
        })
      })
      return reply.status(201).send(await onePackage(orgId, id))
    },
  )

  r.get(
    '/v1/orgs/:orgId/packages',
    { schema: { params: PackageOrgParamsSchema, response: { 200: PackageListSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { orgId } = request.params
      await requireAccess(db, actor, 'package.view', { kind: 'org-packages', orgId })
      return { packages: await loadPackages(db, orgId) }
    },
  )

  r.get(
    '/v1/packages/:packageId',
    { schema: { params: PackageParamsSchema, response: { 200: PackageViewSchema } } },
    async (request) => {
      const actor = actorOf(request)
      const { packageId } = request.params
      const { ref } = await requireAccess(db, actor, 'package.view', { kind: 'package', id: packageId })
      return onePackage(orgOfPackage(ref), packageId)
    },
  )

  r.put(
    '/v1/packages/:packageId/versions/:version',
    {
      schema: {
        params: PackageVersionParamsSchema,
        headers: UploadHeadersSchema,
        response: { 201: PackageVersionViewSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request)
      const { packageId, version } = request.params
      const { ref } = await requireAccess(db, actor, 'package.upload', { kind: 'package', id: packageId })
      const orgId = orgOfPackage(ref)
      const body = request.body
      if (!(body instanceof Readable)) {
        throw new HubError(
          'invalid-argument',
          'Send the package bytes as Content-Type: application/octet-stream.',
        )
      }
      const declared = Number(request.headers['content-length'] ?? NaN)
      if (Number.isFinite(declared) && declared > maxBytes) {
        throw new HubError('payload-too-large', `A package version may hold at most ${maxBytes} bytes.`)
      }
      const now = new Date()
      await claimVersion(db, packageId, version, now)
      try {
        const stored = await storeChunks(db, packageId, version, body, maxBytes)
        if (stored.size === 0) throw new HubError('invalid-argument', 'A package version cannot be empty.')
        const expected = request.headers['x-content-sha256']
        if (expected !== undefined && expected !== stored.sha256) {
          throw new HubError(
            'invalid-argument',
            `The bytes received have SHA-256 ${stored.sha256}, not ${expected}; nothing was kept.`,
          )
        }
        await db.transaction(async (tx) => {
          await tx.query(
            `UPDATE package_versions SET state = 'ready', sha256 = $1, size = $2 WHERE package_id = $3 AND version = $4`,
            [stored.sha256, stored.size, packageId, version],
          )
          await recordChange(tx, {
            kind: 'package-version',
            resourceId: `${packageId}@${version}`,
            orgId,
            op: 'create',
            body: { packageId, version, ...stored },
            actor: actor.label,
          })
        })
        return reply.status(201).send({ version, ...stored, createdAt: now.toISOString() })
      } catch (err) {
        await dropVersion(db, packageId, version)
        throw err
      }
    },
  )

  r.get(
    '/v1/packages/:packageId/versions/:version',
    { schema: { params: PackageVersionParamsSchema, response: OctetStreamReply } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { packageId, version } = request.params
      const { ref } = await requireAccess(db, actor, 'package.use', { kind: 'package', id: packageId })
      const view = await onePackage(orgOfPackage(ref), packageId)
      const found = view.versions.find((v) => v.version === version)
      if (!found) throw new HubError('not-found', `The package has no version ${version}.`)
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(found.size))
        .header('x-content-sha256', found.sha256)
        .header('content-disposition', `attachment; filename="${view.name}-${version}"`)
        .send(Readable.from(readChunks(db, packageId, version)))
    },
  )

  r.delete(
    '/v1/packages/:packageId/versions/:version',
    { schema: { params: PackageVersionParamsSchema, response: NoContent } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { packageId, version } = request.params
      const { ref } = await requireAccess(db, actor, 'package.delete', { kind: 'package', id: packageId })
      const orgId = orgOfPackage(ref)
      await db.transaction(async (tx) => {
        const rows = await tx.query(
          `DELETE FROM package_versions WHERE package_id = $1 AND version = $2 AND state = 'ready' RETURNING version`,
          [packageId, version],
        )
        if (rows.length === 0) throw new HubError('not-found', `The package has no version ${version}.`)
        await recordChange(tx, {
          kind: 'package-version',
          resourceId: `${packageId}@${version}`,
          orgId,
          op: 'delete',
          body: { packageId, version },
          actor: actor.label,
        })
      })
      return reply.status(204).send(null)
    },
  )

  r.delete(
    '/v1/packages/:packageId',
    { schema: { params: PackageParamsSchema, response: NoContent } },
    async (request, reply) => {
      const actor = actorOf(request)
      const { packageId } = request.params
      const { ref } = await requireAccess(db, actor, 'package.delete', { kind: 'package', id: packageId })
      const orgId = orgOfPackage(ref)
      await db.transaction(async (tx) => {
        await tx.query(`DELETE FROM packages WHERE id = $1`, [packageId])
        await recordChange(tx, {
          kind: 'package',
          resourceId: packageId,
          orgId,
          op: 'delete',
          body: { id: packageId },
          actor: actor.label,
        })
      })
      return reply.status(204).send(null)
    },
  )
}
