import { z } from 'zod'
import type {
  ApiKeyId,
  GrantId,
  LocationId,
  MachineId,
  OrgId,
  PackageId,
  PartId,
  UserId,
} from '../../shared/ids'

// The hub's id rule, the same as routes/routeKit.ts's IdSchema (url-safe, bounded), branded for the
// administration schemas: a path or body id built to break SQL or a path is a 400 before any query
// runs. Restated rather than imported: the routes import these schemas, so importing the routes'
// kit from here would make a circle between the folders.
const IdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'an id (letters, digits, _ and -)')
type Branded<T> = z.ZodPipe<typeof IdSchema, z.ZodTransform<T, string>>
const branded = <T>(): Branded<T> => IdSchema.transform((s) => s as T)

export const OrgIdParam: Branded<OrgId> = branded<OrgId>()
export const LocationIdParam: Branded<LocationId> = branded<LocationId>()
export const MachineIdParam: Branded<MachineId> = branded<MachineId>()
export const PartIdParam: Branded<PartId> = branded<PartId>()
export const UserIdParam: Branded<UserId> = branded<UserId>()
export const ApiKeyIdParam: Branded<ApiKeyId> = branded<ApiKeyId>()
export const PackageIdParam: Branded<PackageId> = branded<PackageId>()
export const GrantIdParam: Branded<GrantId> = branded<GrantId>()
export const InviteIdParam = IdSchema
