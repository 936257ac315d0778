import { z } from 'zod'

// Branded ids: a PartId cannot be passed where a MachineId is expected, though both are strings
// on the wire. Brands exist only in the type system; the schemas below add them after validation.
declare const brand: unique symbol
export type Brand<T, B extends string> = T & { readonly [brand]: B }

export type OrgId = Brand<string, 'OrgId'>
export type LocationId = Brand<string, 'LocationId'>
export type MachineId = Brand<string, 'MachineId'>
export type PartId = Brand<string, 'PartId'>
export type UserId = Brand<string, 'UserId'>
export type ApiKeyId = Brand<string, 'ApiKeyId'>
export type FragmentId = Brand<string, 'FragmentId'>
export type PackageId = Brand<string, 'PackageId'>
export type GrantId = Brand<string, 'GrantId'>

const idString = z.string().min(1).max(200)
export const OrgIdSchema = idString.transform((s) => s as OrgId)
export const LocationIdSchema = idString.transform((s) => s as LocationId)
export const MachineIdSchema = idString.transform((s) => s as MachineId)
export const PartIdSchema = idString.transform((s) => s as PartId)
export const UserIdSchema = idString.transform((s) => s as UserId)
export const ApiKeyIdSchema = idString.transform((s) => s as ApiKeyId)
export const FragmentIdSchema = idString.transform((s) => s as FragmentId)
export const PackageIdSchema = idString.transform((s) => s as PackageId)
export const GrantIdSchema = idString.transform((s) => s as GrantId)
