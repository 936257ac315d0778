import { z } from 'zod'
import { safeText } from '../admin/safeText'
import { ApiKeyIdParam, GrantIdParam, OrgIdParam } from '../admin/adminIds'
import { GrantResourceOutSchema, GrantResourceSchema, RoleSchema } from '../members/memberSchemas'

export const ApiKeyParamsSchema = z.object({ orgId: OrgIdParam, keyId: ApiKeyIdParam })
export const ApiKeyGrantParamsSchema = z.object({
  orgId: OrgIdParam,
  keyId: ApiKeyIdParam,
  grantId: GrantIdParam,
})

export const ApiKeyCreateSchema = z
  .object({
    name: safeText(200).default(''),
    role: RoleSchema,
    resource: GrantResourceSchema,
  })
  .strict()

export const ApiKeyGrantSchema = z.object({
  grantId: z.string(),
  role: RoleSchema,
  resource: GrantResourceOutSchema,
})

export const ApiKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  grants: z.array(ApiKeyGrantSchema),
})
export const ApiKeyListSchema = z.object({ keys: z.array(ApiKeyViewSchema) })
/** Returned once, by create: the secret is never stored or shown again. */
export const ApiKeyCreatedSchema = ApiKeyViewSchema.extend({ secret: z.string() })

export const ApiKeyRoleChangeSchema = z.object({ role: RoleSchema }).strict()
export const ApiKeyGrantAddSchema = z.object({ role: RoleSchema, resource: GrantResourceSchema }).strict()
