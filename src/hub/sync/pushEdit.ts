import { z } from 'zod'
import type { FieldError } from '../../shared/errors/CoreError'
import { FleetNameSchema } from '../../shared/sync/fleetNameSchema'

// The wire shape of a pushed edit and of its outcome. The envelope (client id, sequence number) is
// checked by the route, so that every edit can be answered; the kind, target and body are checked
// per edit, so that one bad edit is answered with its reason while the others are applied.

// The hub's id and name rules (as src/hub/routes/routeKit.ts has them; repeated here so that the
// sync folder does not import the routes folder that imports it).
const IdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'an id (letters, digits, _ and -)')
const NameSchema = FleetNameSchema

export const PushEditEnvelope = z.object({
  clientId: IdSchema,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  baseRevision: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  kind: z.string().min(1).max(100),
  target: z.unknown(),
  body: z.unknown(),
})
export type PushEditEnvelope = z.output<typeof PushEditEnvelope>

/** The edit kinds the hub accepts from a desktop's outbox. */
export const PushEditSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('config'),
    baseRevision: z.number().int().min(0),
    target: z.object({ partId: IdSchema }).strict(),
    body: z.object({ config: z.record(z.string(), z.unknown()) }).strict(),
  }),
  z.object({
    kind: z.literal('machine.rename'),
    target: z.object({ machineId: IdSchema }).strict(),
    /** previousName: the name the desktop saw; a different name on the hub means someone renamed it meanwhile. */
    body: z.object({ name: NameSchema, previousName: z.string().max(200).optional() }).strict(),
  }),
  z.object({
    kind: z.literal('part.rename'),
    target: z.object({ partId: IdSchema }).strict(),
    body: z.object({ name: NameSchema, previousName: z.string().max(200).optional() }).strict(),
  }),
  /** Ids made by the desktop (UUIDs), so that a create pushed twice names the same machine. */
  z.object({
    kind: z.literal('machine.create'),
    target: z.object({ machineId: IdSchema }).strict(),
    body: z.object({ locationId: IdSchema, name: NameSchema }).strict(),
  }),
  z.object({
    kind: z.literal('part.create'),
    target: z.object({ partId: IdSchema }).strict(),
    body: z.object({ machineId: IdSchema, name: NameSchema, main: z.boolean() }).strict(),
  }),
  /** previousLocationId: where the desktop saw it; elsewhere on the hub means someone moved it meanwhile. */
  z.object({
    kind: z.literal('machine.move'),
    target: z.object({ machineId: IdSchema }).strict(),
    body: z.object({ locationId: IdSchema, previousLocationId: IdSchema.optional() }).strict(),
  }),
])
export type PushEdit = z.output<typeof PushEditSchema>

export type PushStatus = 'applied' | 'merged' | 'unchanged' | 'conflict' | 'rejected'

export interface PushOutcome {
  clientId: string
  seq: number
  status: PushStatus
  /** The part's revision after the edit (applied, merged, unchanged). */
  revision?: number
  conflictId?: string
  /** Why it was refused: the hub's error code and message, and each bad field's path. */
  code?: string
  reason?: string
  errors?: FieldError[]
}
