import { z } from 'zod'

// Shared pieces of the route schemas, so every area validates ids and names alike.

/** An id in a path or body: the hub's ids are short url-safe strings. Anything else is a 400. */
export const IdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'an id (letters, digits, _ and -)')

/** A display name: trimmed, 1–200 characters, no control characters. */
export const NameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .regex(/^[^\p{Cc}]*$/u, 'no control characters')

export const idParams = <K extends string>(key: K): z.ZodObject<Record<K, typeof IdSchema>> =>
  z.object({ [key]: IdSchema } as Record<K, typeof IdSchema>)

export const RenameBody = z.object({ name: NameSchema }).strict()
