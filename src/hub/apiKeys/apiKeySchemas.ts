import { z } from 'zod'
import { ApiKeyIdSchema, GrantIdSchema, OrgIdSchema } from '../../shared/ids'
import { GrantResourceSchema, RoleSchema } from '../members/memberSchemas'

export const ApiKeyParamsSchema = z.object({ orgId: OrgIdSchema, keyId: ApiKeyIdSchema })
export const ApiKeyGrantParamsSchema = z.object({
  orgId: OrgIdSchema,
  keyId: ApiKeyIdSchema,
  grantId: GrantIdSchema,
})

export const ApiKeyCreateSchema = z.object({
  name: z.string().max(200).default(''),
  role: RoleSchema,
  resource: GrantResourceSchema,
})

export const ApiKeyGrantSchema = z.object({
  grantId: GrantIdSchema,
  role: RoleSchema,
  resource: GrantResourceSchema,
})

export const ApiKeyViewSchema = z.object({
  id: ApiKeyIdSchema,
  name: z.string(),
  createdAt: z.string(),
  grants: z.array(ApiKeyGrantSchema),
})
export const ApiKeyListSchema = z.object({ keys: z.array(ApiKeyViewSchema) })
/** Returned once, by create: the secret is never stored or shown again. */
export const ApiKeyCreatedSchema = ApiKeyViewSchema.extend({ secret: z.string() })

export const ApiKeyRoleChangeSchema = z.object({ role: RoleSchema })
export const ApiKeyGrantAddSchema = z.object({ role: RoleSchema, resource: GrantResourceSchema })
