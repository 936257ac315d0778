import { Badge, Box, Button, Group, Loader, ScrollArea, Text, UnstyledButton } from '@mantine/core'
import { IconRestore } from '@tabler/icons-react'
import { lazy, Suspense, useCallback, useMemo, useState, type ReactElement } from 'react'
import type { MachineView } from '../../../shared/api/views'
import type { Revision, RevisionMeta } from '../../../shared/domain/model'
import type { PartId } from '../../../shared/ids'
import { getCoreApi } from '../api/getCoreApi'
import { formatDateTime, formatRelative } from '../common/formatTime'
import { runAction } from '../common/notifyFailure'
import { useCoreQuery } from '../state/useCoreQuery'

const ConfigEditor = lazy(() => import('../configure/ConfigEditor'))

interface Props {
  view: MachineView
  partId: PartId
  partName: string
  active: boolean
  onRestore(revision: Revision): void
}

/** HISTORY: every revision of the part's config; open one read-only and, if wanted, restore it. */
export function HistoryTab({ view, partId, partName, active, onRestore }: Props): ReactElement {
  const [shown, setShown] = useState<Revision | null>(null)
  const [opening, setOpening] = useState<number | null>(null)
  const canRestore = view.capabilities.canEditConfig && view.capabilities.tabs.includes('configure')

  // Loaded when first shown, not with the page: most visits never open HISTORY.
  const [wasShown, setWasShown] = useState(active)
  if (active && !wasShown) setWasShown(true)
  const fetcher = useCallback(() => getCoreApi().getPartHistory({ partId }), [partId])
  const query = useCoreQuery(wasShown ? fetcher : null, {
    what: `load the history of ${view.machine.name} (${partName})`,
    refetchOnFleetChange: true,
  })
  const revisions = useMemo(
    () => (query.data ? [...query.data.revisions].sort((a, b) => b.revision - a.revision) : null),
    [query.data],
  )
  const open = async (meta: RevisionMeta): Promise<void> => {
    setOpening(meta.revision)
    const rev = await runAction(`open revision ${meta.revision} of ${view.machine.name}`, () =>
      getCoreApi().getPartRevision({ partId, revision: meta.revision }),
    )
    setOpening(null)
    if (rev) setShown(rev)
  }

  // Nothing to pick from: one message for the whole tab, not an empty list beside "pick a revision".
  if (revisions === null || revisions.length === 0) {
    return (
      <Box p="md">
        {query.error !== undefined ? (
          <Group gap="sm" data-testid="history-error">
            <Text size="sm" c="dimmed">
              The history of {view.machine.name} ({partName}) could not be read from the local cache.
            </Text>
            <Button size="xs" variant="light" onClick={query.reload}>
              Try again
            </Button>
          </Group>
        ) : revisions === null ? (
          <Loader size="sm" />
        ) : (
          <Text size="sm" c="dimmed" maw={640} data-testid="history-empty">
            {view.machine.name} ({partName}) has no config revisions yet. Each config the hub accepts becomes
            a revision listed here; edits saved on this computer wait in the outbox (the pending count in the
            top bar) until then.
          </Text>
        )}
      </Box>
    )
  }

  return (
    <Box style={{ display: 'flex', gap: 12, height: '100%', minHeight: 0 }}>
      <ScrollArea
        w={340}
        style={{ flex: 'none', borderRight: '1px solid var(--mantine-color-default-border)' }}
        data-testid="history-list"
      >
        {revisions.map((r) => (
          <UnstyledButton
            key={r.revision}
            onClick={() => void open(r)}
            w="100%"
            p={8}
            aria-pressed={shown?.revision === r.revision}
            data-testid="history-row"
            style={{
              borderBottom: '1px solid var(--mantine-color-default-border)',
              background: shown?.revision === r.revision ? 'var(--mantine-primary-color-light)' : undefined,
            }}
          >
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" fw={600} className="fd-mono">
                rev {r.revision}
              </Text>
              <Text size="xs" c="dimmed" title={formatDateTime(r.createdAt)}>
                {formatRelative(r.createdAt)}
              </Text>
            </Group>
            <Group justify="space-between" wrap="nowrap" gap={6}>
              <Text size="xs" c="dimmed" truncate>
                {r.author}
              </Text>
              <Badge size="xs" variant="outline" color="gray">
                {r.source}
              </Badge>
            </Group>
            {opening === r.revision ? <Loader size="xs" mt={4} /> : null}
          </UnstyledButton>
        ))}
      </ScrollArea>
      <Box style={{ flex: '1 1 auto', minWidth: 0, display: 'flex', flexDirection: 'column', gap: 8 }}>
        {shown ? (
          <>
            <Group justify="space-between">
              <Text size="sm">
                Revision <b className="fd-mono">{shown.revision}</b> by {shown.author},{' '}
                {formatDateTime(shown.createdAt)}{' '}
                <Text span c="dimmed">
                  (read only)
                </Text>
              </Text>
              {canRestore ? (
                <Button
                  size="sm"
                  variant="light"
                  leftSection={<IconRestore size={16} />}
                  onClick={() => onRestore(shown)}
                  data-testid="history-restore"
                >
                  Restore into editor
                </Button>
              ) : null}
            </Group>
            <Suspense fallback={<Loader size="sm" />}>
              <ConfigEditor
                doc={{ text: JSON.stringify(shown.config, null, 2), version: shown.revision, mode: 'load' }}
                label={`Revision ${shown.revision} of ${view.machine.name}, read only`}
                readOnly
                withSchema={false}
                testId="history-viewer"
              />
            </Suspense>
          </>
        ) : (
          <Text size="sm" c="dimmed" p="md">
            Pick a revision to see its config. Restoring one loads it into the CONFIGURE editor, where you
            review it and save it as a new edit; nothing changes until you save.
          </Text>
        )}
      </Box>
    </Box>
  )
}
