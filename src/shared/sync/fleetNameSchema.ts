import { z } from 'zod'

/**
 * A machine's or part's name as the hub takes it (trimmed, 1–200 characters, no control
 * characters). The desktop checks its renames and creates with the same rule, so an edit the
 * desktop accepted offline is not refused for its name later.
 */
export const FleetNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .regex(/^[^\p{Cc}]*$/u, 'no control characters')
