import { Alert, Text } from '@mantine/core'
import { IconFileText } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import type { MachineView } from '../../../shared/api/views'

/** LOGS: a placeholder that says what will be here and when. */
export function LogsTab({ view }: { view: MachineView }): ReactElement {
  return (
    <Alert
      variant="light"
      color="gray"
      icon={<IconFileText size={18} />}
      title="Logs arrive with the robot connection"
    >
      <Text size="sm">
        Once Fleetdesk connects to {view.machine.name} (on the LAN or over USB), its live log stream shows
        here, together with the logs it uploaded to the hub: filter by level and logger, search the text, and
        export a range to a file.
      </Text>
    </Alert>
  )
}
