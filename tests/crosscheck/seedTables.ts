import { readFileSync } from 'node:fs'
import type { Section } from '../../src/shared/access/permissionTable'
import { SEED_COLUMNS } from '../shared/access/fixtures/expectedCells'
import { sharedPath } from './sharedFolder'

/** The access-control specification: the seed document whose tables the fixture was written from. */
export const SEED_FILE = 'seeds/002_c64acabdf04b9f1c.txt'

const SECTIONS: Record<string, Section> = {
  Machines: 'machines',
  Locations: 'locations',
  'Organization settings and roles': 'organization',
  Fragments: 'fragments',
  'Data and machine learning': 'data',
}

export interface SeedRow {
  section: Section
  label: string
  /** Six cells in SEED_COLUMNS order; '' where the seed's row stops short. */
  cells: string[]
  /** How many cells the seed actually wrote. */
  written: number
  line: number
}

/** Markup reduced to text: glossary tooltips to their text, bold removed, `\*` unescaped. */
export function normalize(text: string): string {
  return text
    .replace(/\{\{<\s*glossary_tooltip[^>]*?text="([^"]*)"[^>]*>\}\}/g, '$1')
    .split('\\*') // an escaped star is a literal star; keep it out of the bold markers
    .map((part) => part.replace(/\*\*/g, ''))
    .join('*')
    .replace(/\s+/g, ' ')
    .trim()
}

const splitRow = (line: string): string[] => {
  const parts = line.trim().split('|')
  // A row starts and ends with '|': drop the empty ends.
  return parts.slice(1, parts.length - 1).map(normalize)
}

export function readSeed(): string {
  return readFileSync(sharedPath(SEED_FILE), 'utf8')
}

/** Every data row of the permission tables under "## Permissions", in order. */
export function parseSeedTables(markdown: string): SeedRow[] {
  const lines = markdown.split(/\r?\n/)
  const start = lines.findIndex((l) => l.trim() === '## Permissions')
  if (start < 0) throw new Error('The seed has no "## Permissions" section')
  const rows: SeedRow[] = []
  let section: Section | null = null
  let header: string[] | null = null
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const heading = /^###\s+(.+?)\s*$/.exec(line)
    if (heading) {
      const name = heading[1] ?? ''
      const known = SECTIONS[name]
      if (!known) throw new Error(`Unexpected permissions section "${name}" at line ${i + 1}`)
      section = known
      header = null
      continue
    }
    if (/^##\s/.test(line)) break
    if (!line.trim().startsWith('|')) {
      header = null
      continue
    }
    const cells = splitRow(line)
    if (header === null) {
      header = cells
      if (section === null) throw new Error(`Table outside a section at line ${i + 1}`)
      if (JSON.stringify(cells.slice(1)) !== JSON.stringify(SEED_COLUMNS)) {
        throw new Error(`Unexpected columns at line ${i + 1}: ${cells.join(' | ')}`)
      }
      continue
    }
    if (cells.every((c) => /^-+$/.test(c))) continue
    if (section === null) throw new Error(`Row outside a section at line ${i + 1}`)
    const [label = '', ...rest] = cells
    if (rest.length > SEED_COLUMNS.length) throw new Error(`Too many cells at line ${i + 1}`)
    rows.push({
      section,
      label,
      cells: SEED_COLUMNS.map((_, c) => rest[c] ?? ''),
      written: rest.length,
      line: i + 1,
    })
  }
  return rows
}
