import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import { getCoreApi } from '../api/getCoreApi'
import { formatDateTime } from '../common/formatTime'
import { notifySuccess, runAction } from '../common/notifyFailure'
import { refreshStatus } from '../state/coreSync'
import type { DescribedOutboxItem } from './describeOutboxItems'

interface Props {
  /** The edit to discard; null keeps the dialog closed. */
  target: DescribedOutboxItem | null
  onClose(): void
  onDiscarded(): void
}

/** Asks before an edit is thrown away, naming which one and what the part is left with. */
export function DiscardEditModal({ target, onClose, onDiscarded }: Props): ReactElement {
  const [busy, setBusy] = useState(false)
  const item = target?.item
  const where = item ? `${item.machineName} (${item.partName})` : ''
  const after = !target
    ? ''
    : !target.newest
      ? 'A later edit of this part stays waiting; CONFIGURE keeps showing that one.'
      : target.ofPart > 1
        ? 'CONFIGURE will show the edit saved before it, which stays waiting.'
        : 'CONFIGURE will show the config the hub last sent.'

  const discard = async (): Promise<void> => {
    if (!item) return
    setBusy(true)
    const done = await runAction(`discard the edit of ${where}`, () =>
      getCoreApi().discardOutboxEdit({ outboxSeq: item.outboxSeq }),
    )
    setBusy(false)
    if (!done) return
    // The core pushes the new count too; reading it here keeps the top bar right even if that is late.
    void refreshStatus()
    notifySuccess('Edit discarded', `The edit of ${where} will not reach the hub.`)
    onDiscarded()
  }

  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title="Discard this edit?"
      centered
      data-testid="outbox-discard-dialog"
    >
      {item ? (
        <Stack gap="sm">
          <Text size="sm">
            The edit of <b>{where}</b> saved {formatDateTime(item.savedAt)} by {item.author}
            {target?.label ? ` (${target.label})` : ''} is deleted from this computer and never reaches the
            hub. Its changes are lost; this cannot be undone.
          </Text>
          <Text size="sm" c="dimmed">
            {after}
          </Text>
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose} data-autofocus>
              Keep it
            </Button>
            <Button
              color="red"
              leftSection={<IconTrash size={16} />}
              loading={busy}
              onClick={() => void discard()}
              data-testid="outbox-discard-confirm"
            >
              Discard the edit
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  )
}
