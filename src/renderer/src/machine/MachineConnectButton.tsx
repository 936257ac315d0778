import { Button } from '@mantine/core'
import { IconPlugConnected, IconPlugConnectedX } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import type { RobotSessionView } from '../../../shared/api/robotViews'
import { getCoreApi } from '../api/getCoreApi'
import { runAction } from '../common/notifyFailure'
import { isSessionOpen } from '../robots/sessionText'
import { openSessionDialog } from '../nearby/useSessionDialogStore'
import { useRobotStore } from '../state/useRobotStore'

interface Props {
  partId: string
  machineName: string
  known: boolean
  session: RobotSessionView | null
  size?: 'sm' | 'md'
}

/** Connect (opens the dialog) or Disconnect, on the page of the machine itself. */
export function MachineConnectButton({
  partId,
  machineName,
  known,
  session,
  size = 'sm',
}: Props): ReactElement {
  const [busy, setBusy] = useState(false)
  if (isSessionOpen(session)) {
    return (
      <Button
        size={size}
        variant="default"
        leftSection={<IconPlugConnectedX size={16} />}
        loading={busy}
        data-testid="machine-connect"
        data-action="disconnect"
        onClick={() => {
          setBusy(true)
          void runAction(`disconnect from ${machineName}`, () => getCoreApi().disconnectRobot({ partId }))
            .then((view) => {
              if (view) useRobotStore.getState().upsertSession(view)
            })
            .finally(() => setBusy(false))
        }}
      >
        Disconnect
      </Button>
    )
  }
  return (
    <Button
      size={size}
      leftSection={<IconPlugConnected size={16} />}
      data-testid="machine-connect"
      data-action="connect"
      onClick={() => openSessionDialog({ partId, machineName, known })}
    >
      Connect
    </Button>
  )
}
