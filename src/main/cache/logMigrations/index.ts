import type { Migration } from '../migrations/Migration'
import { logMigration001 } from './001_initial'

/** Log database schema steps, in order (numbered separately from the main cache's). */
export const LOG_MIGRATIONS: readonly Migration[] = [logMigration001]
