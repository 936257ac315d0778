import { z } from 'zod'
import { OrgIdParam, PackageIdParam } from '../admin/adminIds'

export const PackageKindSchema = z.enum(['module', 'ml_model', 'archive'])

/**
 * Names and versions become part of URLs and download file names: a small safe alphabet, no `/`,
 * no `..`, no leading dot or dash, so nothing built from them can walk a path or break a header.
 */
export const PackageNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'letters, digits, _ and -, starting with a letter or digit')
export const PackageVersionSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}$/, 'letters, digits, . + _ -, starting with a letter or digit')
  .refine((v) => !v.includes('..'), 'must not contain ..')

export const PackageCreateSchema = z.object({ name: PackageNameSchema, kind: PackageKindSchema }).strict()

export const PackageOrgParamsSchema = z.object({ orgId: OrgIdParam })
export const PackageParamsSchema = z.object({ packageId: PackageIdParam })
export const PackageVersionParamsSchema = z.object({
  packageId: PackageIdParam,
  version: PackageVersionSchema,
})

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits')

export const PackageVersionViewSchema = z.object({
  version: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
})

export const PackageViewSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  kind: PackageKindSchema,
  createdAt: z.string(),
  versions: z.array(PackageVersionViewSchema),
})
export const PackageListSchema = z.object({ packages: z.array(PackageViewSchema) })

/** Optional header: the uploader's own digest, checked against what arrived before anything is kept. */
export const UploadHeadersSchema = z.object({ 'x-content-sha256': Sha256Schema.optional() })
