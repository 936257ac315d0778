import { Alert, Box, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core'
import { IconEdit, IconTrash } from '@tabler/icons-react'
import { lazy, Suspense, useCallback, type ReactElement } from 'react'
import { getCoreApi } from '../api/getCoreApi'
import { describeFailure } from '../common/describeFailure'
import { formatDateTime } from '../common/formatTime'
import { useCoreQuery } from '../state/useCoreQuery'
import type { DescribedOutboxItem } from './describeOutboxItems'

const ConfigEditor = lazy(() => import('../configure/ConfigEditor'))

interface Props {
  /** The edit shown; null keeps the dialog closed. */
  target: DescribedOutboxItem | null
  onClose(): void
  onOpenInEditor(target: DescribedOutboxItem): void
  onDiscard(target: DescribedOutboxItem): void
}

/** One waiting edit, read only: what it saves, when, by whom, and what it was based on. */
export function OutboxEditModal({ target, onClose, onOpenInEditor, onDiscard }: Props): ReactElement {
  const seq = target?.item.outboxSeq ?? null
  const fetcher = useCallback(() => getCoreApi().getOutboxEdit({ outboxSeq: seq ?? 0 }), [seq])
  const query = useCoreQuery(seq === null ? null : fetcher)
  const item = target?.item
  const where = item ? `${item.machineName} (${item.partName})` : ''

  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      title={`Edit of ${where}, not yet synced`}
      size="xl"
      centered
      data-testid="outbox-edit-dialog"
    >
      {item && target ? (
        <Stack gap="sm">
          <Text size="sm">
            Saved {formatDateTime(item.savedAt)} by {item.author}, based on revision{' '}
            <span className="fd-mono">{item.baseRevision}</span>
            {target.label ? ` (${target.label} waiting for this part)` : ''}.{' '}
            {target.newest
              ? 'CONFIGURE shows this one.'
              : 'A later edit of this part replaces it: CONFIGURE shows the newest.'}
          </Text>
          {query.error !== undefined ? (
            <Alert color="red" variant="light" p="xs" data-testid="outbox-edit-error">
              {describeFailure('read this edit', query.error).message}
            </Alert>
          ) : query.data === undefined ? (
            <Loader size="sm" />
          ) : (
            <Box style={{ display: 'flex', height: 'min(55vh, 480px)' }}>
              <Suspense fallback={<Loader size="sm" />}>
                <ConfigEditor
                  doc={{
                    text: JSON.stringify(query.data.config, null, 2),
                    version: item.outboxSeq,
                    mode: 'load',
                  }}
                  label={`Edit of ${where} saved ${formatDateTime(item.savedAt)}, read only`}
                  readOnly
                  withSchema={false}
                  testId="outbox-edit-viewer"
                />
              </Suspense>
            </Box>
          )}
          <Group justify="space-between">
            <Button
              variant="default"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => onDiscard(target)}
              data-testid="outbox-edit-discard"
            >
              Discard…
            </Button>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Close
              </Button>
              <Button
                leftSection={<IconEdit size={16} />}
                onClick={() => onOpenInEditor(target)}
                data-testid="outbox-edit-open"
              >
                Open in CONFIGURE
              </Button>
            </Group>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  )
}
