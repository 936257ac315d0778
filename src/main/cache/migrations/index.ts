import { migration001 } from './001_initial'
import { migration002 } from './002_fragment_columns'
import { migration003 } from './003_sync'
import { migration004 } from './004_outbox_kinds'
import type { Migration } from './Migration'

/** Main cache schema steps, in order. Append new ones; never edit or reorder a released one. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004]
