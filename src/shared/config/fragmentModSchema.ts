import { z } from 'zod'
import { isRecord, JsonObjectSchema, NonEmptyStringSchema } from './resourceConfigSchema'

// How a machine config names the fragments it uses and the per-machine changes it makes to them.

const REVISION_MESSAGE = 'expected a revision number or "latest"'

/** `fragments` entry: a bare id, or `{id, version}` with a revision number or "latest". */
export const FragmentRefSchema = z
  .union(
    [
      NonEmptyStringSchema.meta({ description: 'Fragment id; uses the latest revision.' }),
      z.looseObject({
        id: NonEmptyStringSchema.meta({ description: 'Fragment id.' }),
        version: z
          .union([z.string().regex(/^(latest|\d+)$/, { message: REVISION_MESSAGE }), z.int().min(0)], {
            message: REVISION_MESSAGE,
          })
          .optional()
          .meta({
            description: 'Fragment revision to use, or "latest" (the default).',
            examples: ['latest'],
          }),
      }),
    ],
    { message: 'expected a fragment id or {"id": "<fragment id>", "version": "latest"}' },
  )
  .meta({ description: 'A fragment this machine uses: its id, or {"id", "version"}.' })

export type FragmentRef = z.output<typeof FragmentRefSchema>

/** The id a `fragments` entry refers to, in either form. */
export function fragmentRefId(ref: FragmentRef): string {
  return typeof ref === 'string' ? ref : ref.id
}

/** The lists a mod path may address, each keyed by the field that names an entry. */
export const MOD_SECTIONS = {
  components: 'name',
  services: 'name',
  modules: 'name',
  packages: 'name',
  remotes: 'name',
} as const
export type ModSection = keyof typeof MOD_SECTIONS

export interface ModPath {
  section: ModSection
  /** The entry's name in the fragment as published (a mod may rename it; others still use this). */
  name: string
  /** Keys (or array indexes written as digits) inside that entry; never empty. */
  field: string[]
}

/** Parses `components.arm1.attributes.speed`; null when the path does not have that shape. */
export function parseModPath(path: string): ModPath | null {
  const [section, name, ...field] = path.split('.')
  if (section === undefined || !Object.hasOwn(MOD_SECTIONS, section)) return null
  if (!name || field.length === 0 || field.some((key) => key === '')) return null
  return { section: section as ModSection, name, field }
}

const SUPPORTED_OPERATORS = ['$set', '$unset']

/** One update in `mods`: `{"$set": {path: value}}` and/or `{"$unset": {path: ""}}`. */
export const FragmentModSchema = z
  .looseObject({
    $set: JsonObjectSchema.optional().meta({
      description: 'Paths to set, e.g. {"components.motor1.attributes.max_rpm": 200}.',
    }),
    $unset: JsonObjectSchema.optional().meta({
      description: 'Paths to remove, e.g. {"components.motor1.attributes.pins.pwm": ""}.',
    }),
  })
  .superRefine(
    (value: unknown, ctx) => {
      if (!isRecord(value)) return
      if (value.$set === undefined && value.$unset === undefined) {
        ctx.addIssue({ code: 'custom', message: 'expected "$set" or "$unset"', path: [] })
      }
      for (const key of Object.keys(value)) {
        if (key.startsWith('$') && !SUPPORTED_OPERATORS.includes(key)) {
          ctx.addIssue({
            code: 'custom',
            message: `only "$set" and "$unset" are supported, not "${key}"`,
            path: [key],
          })
        }
      }
      for (const operator of SUPPORTED_OPERATORS) {
        const paths = value[operator]
        if (!isRecord(paths)) continue
        for (const path of Object.keys(paths)) {
          if (parseModPath(path)) continue
          ctx.addIssue({
            code: 'custom',
            message: `expected a path like "components.<name>.attributes.<key>" (the list is one of ${Object.keys(MOD_SECTIONS).join(', ')})`,
            path: [operator, path],
          })
        }
      }
    },
    { when: () => true },
  )

export const FragmentModsEntrySchema = z
  .looseObject({
    fragment_id: NonEmptyStringSchema.meta({ description: 'The fragment these mods change.' }),
    mods: z.array(FragmentModSchema).meta({
      description: "Updates applied in order to this machine's copy of the fragment, all or nothing.",
    }),
  })
  .meta({ description: 'Per-machine changes to one fragment.' })

export type FragmentModsEntry = z.output<typeof FragmentModsEntrySchema>
export type FragmentMod = z.output<typeof FragmentModSchema>
