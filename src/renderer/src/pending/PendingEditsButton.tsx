import {
  ActionIcon,
  Badge,
  Button,
  getDefaultZIndex,
  Group,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core'
import { IconClockUp, IconEye, IconTrash } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react'
import type { FleetEditItem, OutboxItem, PendingItem } from '../../../shared/api/views'
import { getCoreApi } from '../api/getCoreApi'
import { formatDateTime, formatRelative } from '../common/formatTime'
import { runAction } from '../common/notifyFailure'
import { refreshStatus } from '../state/coreSync'
import { useAppStore } from '../state/useAppStore'
import { DiscardEditModal } from './DiscardEditModal'
import { describeOutboxItems, editCount, type DescribedOutboxItem } from './describeOutboxItems'
import { OutboxEditModal } from './OutboxEditModal'
import { openPendingEdit } from './openPendingEdit'

/**
 * The count of edits saved here but not yet on the hub; opens the outbox list. The list is read
 * again whenever the count moves while it is open, so the two never disagree on screen.
 */
export function PendingEditsButton(): ReactElement {
  const count = useAppStore((s) => s.status?.pendingCount ?? 0)
  const [opened, setOpened] = useState(false)
  const [items, setItems] = useState<PendingItem[] | null>(null)
  const [failed, setFailed] = useState(false)
  const [viewing, setViewing] = useState<DescribedOutboxItem | null>(null)
  const [discarding, setDiscarding] = useState<DescribedOutboxItem | null>(null)
  // Config edits are numbered per part ("edit 2 of 2, newest"); fleet edits read as a sentence.
  const described = useMemo(
    () => new Map(describeOutboxItems((items ?? []).filter(isConfigItem)).map((d) => [d.item.outboxSeq, d])),
    [items],
  )
  const loads = useRef(0)

  const load = useCallback(async (): Promise<void> => {
    const mine = ++loads.current
    const list = await runAction('list the edits waiting to sync', () => getCoreApi().listOutbox({}))
    if (mine !== loads.current) return // a newer load is under way
    setItems(list ?? [])
    setFailed(list === undefined)
  }, [])

  const open = (): void => {
    setOpened(true)
    setItems(null)
    setFailed(false)
    // The list loads from the effect below; the count is read again with the list, so what the button says matches what it opens.
    void refreshStatus()
  }
  useEffect(() => {
    if (opened) void load()
  }, [opened, count, load])

  const goTo = (d: DescribedOutboxItem): void => {
    setOpened(false)
    setViewing(null)
    openPendingEdit(d.item)
  }

  return (
    <>
      <Popover
        opened={opened}
        onChange={setOpened}
        width={440}
        position="bottom-end"
        shadow="md"
        withArrow
        // A dialog opened from the list is outside it: clicking there must not close the list.
        closeOnClickOutside={viewing === null && discarding === null}
        closeOnEscape={viewing === null && discarding === null}
        // Under the dialogs it opens (Mantine puts popovers above modals), not over their overlay.
        zIndex={getDefaultZIndex('modal') - 1}
      >
        <Popover.Target>
          <Button
            variant={count > 0 ? 'light' : 'subtle'}
            color={count > 0 ? 'yellow' : 'gray'}
            size="compact-sm"
            leftSection={<IconClockUp size={16} aria-hidden="true" />}
            onClick={() => (opened ? setOpened(false) : open())}
            aria-label={`${editCount(count)} not yet synced. Show them.`}
            data-testid="pending-button"
          >
            <span data-testid="pending-count">{count}</span>
            <span style={{ marginLeft: 4 }}>pending</span>
          </Button>
        </Popover.Target>
        <Popover.Dropdown p="xs" data-testid="pending-dropdown">
          <Text size="sm" fw={600} mb={6}>
            Saved locally, not yet synced
          </Text>
          {items === null ? (
            <Group justify="center" p="md">
              <Loader size="sm" />
            </Group>
          ) : failed ? (
            <Text size="sm" c="dimmed">
              The list could not be loaded (see the message). {editCount(count)} {count === 1 ? 'is' : 'are'}{' '}
              still kept on this computer.
            </Text>
          ) : items.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing is waiting. Every edit saved here has reached the hub.
            </Text>
          ) : (
            <ScrollArea.Autosize mah={360}>
              <Stack gap={2} data-testid="outbox-list">
                {items.map((item) => {
                  const d = described.get(item.outboxSeq)
                  return d ? (
                    <OutboxRow
                      key={item.outboxSeq}
                      d={d}
                      onOpen={() => goTo(d)}
                      onView={() => setViewing(d)}
                      onDiscard={() => setDiscarding(d)}
                    />
                  ) : item.kind !== 'config' ? (
                    <FleetEditRow key={item.outboxSeq} item={item} />
                  ) : null
                })}
              </Stack>
            </ScrollArea.Autosize>
          )}
        </Popover.Dropdown>
      </Popover>
      <OutboxEditModal
        target={viewing}
        onClose={() => setViewing(null)}
        onOpenInEditor={goTo}
        onDiscard={(d) => {
          setViewing(null)
          setDiscarding(d)
        }}
      />
      <DiscardEditModal
        target={discarding}
        onClose={() => setDiscarding(null)}
        onDiscarded={() => {
          setDiscarding(null)
          void load()
        }}
      />
    </>
  )
}

const isConfigItem = (item: PendingItem): item is OutboxItem => item.kind === 'config'

/** A new machine or part, a rename or a move: what it does and who did it; nothing to diff. */
function FleetEditRow({ item }: { item: FleetEditItem }): ReactElement {
  return (
    <div className="fd-outbox-item" data-testid="outbox-item" data-seq={item.outboxSeq} data-kind={item.kind}>
      <div className="fd-outbox-open">
        <RowHeading title={item.machineName} savedAt={item.savedAt} />
        <Text size="xs" c="dimmed">
          {item.summary}, by {item.author}
        </Text>
        <RefusedBadge rejection={item.rejection} />
      </div>
    </div>
  )
}

function RowHeading({ title, savedAt }: { title: ReactNode; savedAt: string }): ReactElement {
  return (
    <Group justify="space-between" wrap="nowrap" gap={6}>
      <Text size="sm" fw={500} truncate>
        {title}
      </Text>
      <Text size="xs" c="dimmed" title={formatDateTime(savedAt)} style={{ flex: 'none' }}>
        {formatRelative(savedAt)}
      </Text>
    </Group>
  )
}

function RefusedBadge({ rejection }: { rejection: string | null }): ReactElement | null {
  return rejection ? (
    <Badge color="red" variant="light" size="sm" mt={2} style={{ textTransform: 'none' }}>
      Hub refused it: {rejection}
    </Badge>
  ) : null
}

interface RowProps {
  d: DescribedOutboxItem
  onOpen(): void
  onView(): void
  onDiscard(): void
}

function OutboxRow({ d, onOpen, onView, onDiscard }: RowProps): ReactElement {
  const { item } = d
  const where = `${item.machineName} (${item.partName})`
  return (
    <div className="fd-outbox-item" data-testid="outbox-item" data-seq={item.outboxSeq}>
      <button
        type="button"
        className="fd-outbox-open"
        onClick={onOpen}
        title={`Open ${where} on CONFIGURE`}
        data-testid="outbox-open"
      >
        <RowHeading
          title={
            <>
              {item.machineName}{' '}
              <Text span c="dimmed">
                / {item.partName}
              </Text>
            </>
          }
          savedAt={item.savedAt}
        />
        <Text size="xs" c="dimmed">
          by {item.author}, based on revision <span className="fd-mono">{item.baseRevision}</span>
          {d.label ? ` · ${d.label}` : ''}
        </Text>
        <RefusedBadge rejection={item.rejection} />
      </button>
      <Group gap={2} wrap="nowrap" style={{ flex: 'none' }}>
        <Tooltip label="See what this edit saves">
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={onView}
            aria-label={`See the edit of ${where} saved ${formatDateTime(item.savedAt)}`}
            data-testid="outbox-view"
          >
            <IconEye size={16} />
          </ActionIcon>
        </Tooltip>
        <Tooltip label="Discard this edit…">
          <ActionIcon
            variant="subtle"
            color="red"
            onClick={onDiscard}
            aria-label={`Discard the edit of ${where} saved ${formatDateTime(item.savedAt)}`}
            data-testid="outbox-discard"
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </div>
  )
}
