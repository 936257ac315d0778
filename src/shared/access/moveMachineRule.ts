import type { Action } from './can'

/**
 * The seed's permission tables have no row for moving a machine between locations. A move takes
 * the machine out of one location and into another, so it is allowed when both ends are: the
 * machine may be deleted from where it is (`machine.delete` on the machine) and a machine may be
 * created where it goes (`location.createMachine` on the destination). The hub (push) and the
 * desktop (its own `can()`) ask the same two questions.
 */
export const MOVE_MACHINE_FROM = 'machine.delete' satisfies Action
export const MOVE_MACHINE_TO = 'location.createMachine' satisfies Action
