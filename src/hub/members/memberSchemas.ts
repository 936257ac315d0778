import { z } from 'zod'
import {
  GrantIdParam,
  InviteIdParam,
  LocationIdParam,
  MachineIdParam,
  OrgIdParam,
  UserIdParam,
} from '../admin/adminIds'

export const RoleSchema = z.enum(['owner', 'operator'])

export const GrantResourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('organization'), id: OrgIdParam }),
  z.object({ kind: z.literal('location'), id: LocationIdParam }),
  z.object({ kind: z.literal('machine'), id: MachineIdParam }),
])

// Replies use plain strings: an id schema's transform (the brand) has no JSON Schema for OpenAPI.
const ResourceKindSchema = z.enum(['organization', 'location', 'machine'])
export const GrantResourceOutSchema = z.object({ kind: ResourceKindSchema, id: z.string() })

export const MemberGrantSchema = z.object({
  grantId: z.string(),
  role: RoleSchema,
  resource: GrantResourceOutSchema,
})

export const MemberViewSchema = z.object({
  userId: z.string(),
  email: z.string().nullable(),
  joinedAt: z.string().nullable(),
  grants: z.array(MemberGrantSchema),
})
export const MemberListSchema = z.object({ members: z.array(MemberViewSchema) })

export const OrgParamsSchema = z.object({ orgId: OrgIdParam })
export const MemberParamsSchema = z.object({ orgId: OrgIdParam, userId: UserIdParam })
export const GrantParamsSchema = z.object({
  orgId: OrgIdParam,
  userId: UserIdParam,
  grantId: GrantIdParam,
})
export const InviteParamsSchema = z.object({ orgId: OrgIdParam, inviteId: InviteIdParam })

export const InviteCreateSchema = z
  .object({
    email: z.email().max(320),
    role: RoleSchema,
    resource: GrantResourceSchema,
  })
  .strict()

export const InviteViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  resource: GrantResourceOutSchema,
  state: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  createdAt: z.string(),
  expiresAt: z.string(),
})
export const InviteListSchema = z.object({ invites: z.array(InviteViewSchema) })
/** The code is shown once, when made (or remade by a resend); the hub keeps only its hash. */
export const InviteWithCodeSchema = InviteViewSchema.extend({ code: z.string() })

export const InviteAcceptSchema = z.object({ code: z.string().min(1).max(200) }).strict()
export const InviteAcceptReplySchema = z.object({ orgId: z.string(), grant: MemberGrantSchema })

export const RoleChangeSchema = z.object({ role: RoleSchema }).strict()
export const GrantAddSchema = z.object({ role: RoleSchema, resource: GrantResourceSchema }).strict()
