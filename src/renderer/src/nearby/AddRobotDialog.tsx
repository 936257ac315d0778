import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertCircle, IconMapPinPlus } from '@tabler/icons-react'
import { useMemo, useState, type FormEvent, type ReactElement } from 'react'
import type { NearbyRobot } from '../../../shared/api/robotViews'
import type { LocationId } from '../../../shared/ids'
import { getCoreApi } from '../api/getCoreApi'
import { notifySuccess } from '../common/notifyFailure'
import { useAppStore } from '../state/useAppStore'
import { nodeKey, pathNames } from '../state/buildFleetIndex'
import { openRobot } from '../robots/openRobot'
import { errorMessage } from '../../../shared/errors/errorMessage'

/** A robot the fleet does not know yet: seen on the LAN (a NearbyRobot), or on a serial port. */
export type AddableRobot = Pick<NearbyRobot, 'partId' | 'machineName'> &
  ({ host: string; port: number } | { path: string; baudRate: number })

interface Props {
  robot: AddableRobot | null
  onClose(): void
}

/** Where the robot is, as a technician reads it. */
const whereText = (robot: AddableRobot): string =>
  'path' in robot
    ? `${robot.path} @ ${robot.baudRate.toLocaleString('en')} baud`
    : `${robot.host}:${robot.port}`

/** Makes an unknown robot (on the LAN or a serial port) a machine of the fleet, in a location the user picks. */
export function AddRobotDialog({ robot, onClose }: Props): ReactElement {
  return (
    <Modal opened={robot !== null} onClose={onClose} title="Add this robot to a location" size="md">
      {robot ? <AddRobotForm key={robot.partId} robot={robot} onClose={onClose} /> : null}
    </Modal>
  )
}

function AddRobotForm({ robot, onClose }: { robot: AddableRobot; onClose(): void }): ReactElement {
  const index = useAppStore((s) => s.index)
  const locations = useAppStore((s) => s.tree?.locations)
  const [locationId, setLocationId] = useState<string | null>(null)
  const [name, setName] = useState(robot.machineName)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const choices = useMemo(() => {
    if (!index || !locations) return []
    return locations
      .map((l) => {
        const key = nodeKey('location', l.id)
        return { value: l.id, label: [...pathNames(index, key), l.name].join(' / ') }
      })
      .sort((a, b) => a.label.localeCompare(b.label))
  }, [index, locations])

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!locationId || !name.trim()) {
      setError('Pick a location and give the machine a name.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const added = await getCoreApi().addNearbyRobot({
        partId: robot.partId,
        locationId: locationId as LocationId,
        name: name.trim(),
      })
      notifySuccess(
        `${name.trim()} added`,
        'It is a machine of the fleet now; it goes to the hub at the next sync.',
      )
      onClose()
      openRobot({ partId: robot.partId, machineId: added.machineId })
    } catch (err) {
      // The core's words as they are: until the hub exists this says adding is not available yet.
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="add-robot-dialog">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Part <span className="fd-mono">{robot.partId}</span> at{' '}
          <span className="fd-mono">{whereText(robot)}</span>
        </Text>
        <Select
          label="Location"
          placeholder="Pick a location"
          data={choices}
          value={locationId}
          onChange={setLocationId}
          searchable
          nothingFoundMessage="No location matches"
          size="md"
          data-testid="add-robot-location"
        />
        <TextInput
          label="Machine name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          size="md"
          data-testid="add-robot-name"
        />
        {error ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertCircle size={18} />}
            p="xs"
            data-testid="add-robot-error"
          >
            <Text size="sm">{error}</Text>
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={busy}
            leftSection={<IconMapPinPlus size={16} />}
            data-testid="add-robot-submit"
          >
            Add to location
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
