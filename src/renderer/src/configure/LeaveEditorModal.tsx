import { Button, Group, Modal, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useLeaveGuard } from './useLeaveGuard'

/** Asked before navigation would throw away unsaved editor text, naming what would be lost. */
export function LeaveEditorModal(): ReactElement {
  const held = useLeaveGuard((s) => s.held)
  const dirty = useLeaveGuard((s) => s.dirty)
  const stay = useLeaveGuard((s) => s.stay)
  const leave = useLeaveGuard((s) => s.confirmLeave)
  return (
    <Modal opened={held !== null} onClose={stay} title="Discard unsaved changes?" centered>
      <Text size="sm">
        You have changes to {dirty ?? 'a config'} that are not saved. Leaving now discards them.
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={stay} data-autofocus>
          Keep editing
        </Button>
        <Button color="red" onClick={leave} data-testid="discard-changes">
          Discard changes
        </Button>
      </Group>
    </Modal>
  )
}
