import type { MachineStatus } from '../../../shared/domain/model'
import { assertNever } from '../../../shared/errors/CoreError'

export function statusLabel(status: MachineStatus): string {
  switch (status) {
    case 'online':
      return 'Online'
    case 'offline':
      return 'Offline'
    case 'unreachable':
      return 'Unreachable'
    case 'never-seen':
      return 'Never seen'
    default:
      return assertNever(status, 'machine status')
  }
}

/** Sort order for the status column: what needs attention first. */
export const statusRank: Record<MachineStatus, number> = {
  unreachable: 0,
  offline: 1,
  'never-seen': 2,
  online: 3,
}
