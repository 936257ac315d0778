import { Badge, Button, Group, Loader, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core'
import { IconClockUp } from '@tabler/icons-react'
import { useState, type ReactElement } from 'react'
import type { OutboxItem } from '../../../shared/api/views'
import { getCoreApi } from '../api/getCoreApi'
import { formatDateTime, formatRelative } from '../common/formatTime'
import { runAction } from '../common/notifyFailure'
import { useAppStore } from '../state/useAppStore'
import { nodeKey } from '../fleet/buildFleetIndex'
import { openTreeNode } from '../fleet/openTreeNode'

/** The count of edits saved here but not yet on the hub; opens the outbox list. */
export function PendingEditsButton(): ReactElement {
  const count = useAppStore((s) => s.status?.pendingCount ?? 0)
  const [opened, setOpened] = useState(false)
  const [items, setItems] = useState<OutboxItem[] | null>(null)
  const [failed, setFailed] = useState(false)

  const open = async (): Promise<void> => {
    setOpened(true)
    setItems(null)
    setFailed(false)
    const list = await runAction('list the edits waiting to sync', () => getCoreApi().listOutbox({}))
    setItems(list ?? [])
    setFailed(list === undefined)
  }

  return (
    <Popover opened={opened} onChange={setOpened} width={420} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <Button
          variant={count > 0 ? 'light' : 'subtle'}
          color={count > 0 ? 'yellow' : 'gray'}
          size="compact-sm"
          leftSection={<IconClockUp size={16} aria-hidden="true" />}
          onClick={() => (opened ? setOpened(false) : void open())}
          aria-label={`${count} edits not yet synced. Show them.`}
        >
          <span data-testid="pending-count">{count}</span>
          <span style={{ marginLeft: 4 }}>pending</span>
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Text size="sm" fw={600} mb={6}>
          Saved locally, not yet synced
        </Text>
        {items === null ? (
          <Group justify="center" p="md">
            <Loader size="sm" />
          </Group>
        ) : failed ? (
          <Text size="sm" c="dimmed">
            The list could not be loaded (see the message). {count} edit{count === 1 ? ' is' : 's are'} still
            kept on this computer.
          </Text>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nothing is waiting. Every edit saved here has reached the hub.
          </Text>
        ) : (
          <ScrollArea.Autosize mah={360}>
            <Stack gap={2} data-testid="outbox-list">
              {items.map((item) => (
                <UnstyledButton
                  key={item.outboxSeq}
                  p={6}
                  className="fd-outbox-item"
                  onClick={() => {
                    setOpened(false)
                    openTreeNode({
                      key: nodeKey('machine', item.machineId),
                      kind: 'machine',
                      id: item.machineId,
                      expandable: false,
                      expanded: false,
                    })
                  }}
                >
                  <Group justify="space-between" wrap="nowrap">
                    <Text size="sm" fw={500} truncate>
                      {item.machineName}{' '}
                      <Text span c="dimmed">
                        / {item.partName}
                      </Text>
                    </Text>
                    <Text size="xs" c="dimmed" title={formatDateTime(item.savedAt)} style={{ flex: 'none' }}>
                      {formatRelative(item.savedAt)}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed">
                    by {item.author}, based on revision <span className="fd-mono">{item.baseRevision}</span>
                  </Text>
                  {item.rejection ? (
                    <Badge color="red" variant="light" size="sm" mt={2} style={{ textTransform: 'none' }}>
                      Hub refused it: {item.rejection}
                    </Badge>
                  ) : null}
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  )
}
