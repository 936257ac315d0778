import { z } from 'zod'
import { GrantIdSchema, LocationIdSchema, MachineIdSchema, OrgIdSchema, UserIdSchema } from '../../shared/ids'

export const RoleSchema = z.enum(['owner', 'operator'])

export const GrantResourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('organization'), id: OrgIdSchema }),
  z.object({ kind: z.literal('location'), id: LocationIdSchema }),
  z.object({ kind: z.literal('machine'), id: MachineIdSchema }),
])

export const MemberGrantSchema = z.object({
  grantId: GrantIdSchema,
  role: RoleSchema,
  resource: GrantResourceSchema,
})

export const MemberViewSchema = z.object({
  userId: UserIdSchema,
  email: z.string().nullable(),
  joinedAt: z.string().nullable(),
  grants: z.array(MemberGrantSchema),
})
export const MemberListSchema = z.object({ members: z.array(MemberViewSchema) })

export const OrgParamsSchema = z.object({ orgId: OrgIdSchema })
export const MemberParamsSchema = z.object({ orgId: OrgIdSchema, userId: UserIdSchema })
export const GrantParamsSchema = z.object({
  orgId: OrgIdSchema,
  userId: UserIdSchema,
  grantId: GrantIdSchema,
})
export const InviteParamsSchema = z.object({ orgId: OrgIdSchema, inviteId: z.string().min(1).max(200) })

export const InviteCreateSchema = z.object({
  email: z.email().max(320),
  role: RoleSchema,
  resource: GrantResourceSchema,
})

export const InviteViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  resource: GrantResourceSchema,
  state: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  createdAt: z.string(),
  expiresAt: z.string(),
})
export const InviteListSchema = z.object({ invites: z.array(InviteViewSchema) })
/** The code is shown once, when made (or remade by a resend); the hub keeps only its hash. */
export const InviteWithCodeSchema = InviteViewSchema.extend({ code: z.string() })

export const InviteAcceptSchema = z.object({ code: z.string().min(1).max(200) })
export const InviteAcceptReplySchema = z.object({ orgId: OrgIdSchema, grant: MemberGrantSchema })

export const RoleChangeSchema = z.object({ role: RoleSchema })
export const GrantAddSchema = z.object({ role: RoleSchema, resource: GrantResourceSchema })
