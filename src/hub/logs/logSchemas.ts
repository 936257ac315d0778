import { z } from 'zod'
import { hasNoNul as noNul } from '../admin/safeText'
import { LogLevelSchema } from '../../shared/domain/logLevel'
import { RETENTION_LIMITS } from './planRetention'

const text = (max: number): z.ZodString => z.string().max(max)

export const MAX_LOG_BATCH = 5000
export const MAX_MESSAGE_CHARS = 16_384
export const MAX_FIELDS_JSON_CHARS = 16_384

export const LogEntryInSchema = z
  .object({
    time: z.iso.datetime({ offset: true }),
    level: LogLevelSchema,
    logger: text(200).refine(noNul, 'must not contain NUL').default(''),
    message: text(MAX_MESSAGE_CHARS).refine(noNul, 'must not contain NUL'),
    fields: z
      .record(z.string(), z.unknown())
      .refine((f) => {
        const json = JSON.stringify(f)
        return json.length <= MAX_FIELDS_JSON_CHARS && !json.includes('\\u0000')
      }, `must be JSON of at most ${MAX_FIELDS_JSON_CHARS} characters without NUL`)
      .default({}),
  })
  .strict()

export const LogBatchSchema = z
  .object({
    entries: z.array(LogEntryInSchema).min(1).max(MAX_LOG_BATCH),
  })
  .strict()
export type LogBatch = z.infer<typeof LogBatchSchema>

export const LogIngestReplySchema = z.object({ accepted: z.number().int() })

export const LogQuerySchema = z.object({
  level: LogLevelSchema.optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  text: text(200).refine(noNul, 'must not contain NUL').optional(),
  cursor: text(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})

export const LogEntryOutSchema = z.object({
  id: z.string(),
  time: z.string(),
  level: LogLevelSchema,
  logger: z.string(),
  message: z.string(),
  fields: z.record(z.string(), z.unknown()),
})

export const LogPageSchema = z.object({
  entries: z.array(LogEntryOutSchema),
  nextCursor: z.string().nullable(),
})

export const RetentionSchema = z
  .object({
    maxAgeDays: z.number().int().min(RETENTION_LIMITS.maxAgeDays.min).max(RETENTION_LIMITS.maxAgeDays.max),
    maxRowsPerPart: z
      .number()
      .int()
      .min(RETENTION_LIMITS.maxRowsPerPart.min)
      .max(RETENTION_LIMITS.maxRowsPerPart.max),
  })
  .strict()
