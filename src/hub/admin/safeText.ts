import { z } from 'zod'

/** PostgreSQL text and jsonb cannot hold NUL; refusing it at the schema turns a would-be 500 into a 400. */
export const hasNoNul = (s: string): boolean => !s.includes('\u0000')

/** Free text of at most `max` characters that the database can store. */
export function safeText(max: number): z.ZodType<string> {
  return z.string().max(max).refine(hasNoNul, 'must not contain NUL characters')
}
