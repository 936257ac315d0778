import { Alert, Badge, Box, Group, List, Loader, SegmentedControl, Stack, Table, Text } from '@mantine/core'
import { IconAlertCircle, IconPuzzle } from '@tabler/icons-react'
import { useMemo, useState, type ReactElement } from 'react'
import type { EffectiveConfigView } from '../../../shared/api/views'
import type { PartId } from '../../../shared/ids'
import { getCoreApi } from '../api/getCoreApi'
import { useCoreQuery } from '../state/useCoreQuery'
import ConfigEditor, { type EditorDoc } from './ConfigEditor'
import { effectiveProblems, fragmentUseLine, resourceSourceRows } from './effectiveSources'
import { errorMessage } from '../../../shared/errors/errorMessage'

export type ConfigShown = 'machine' | 'effective'

/** "This machine | Effective (with fragments)": which config CONFIGURE shows. */
export function ConfigShownSwitch({
  value,
  onChange,
}: {
  value: ConfigShown
  onChange(value: ConfigShown): void
}): ReactElement {
  return (
    <SegmentedControl
      size="xs"
      // In CONFIGURE's column: never squeezed by the panel below it.
      style={{ alignSelf: 'flex-start', flexShrink: 0 }}
      value={value}
      onChange={(v) => onChange(v === 'effective' ? 'effective' : 'machine')}
      data={[
        { value: 'machine', label: 'This machine' },
        { value: 'effective', label: 'Effective (with fragments)' },
      ]}
      aria-label="Config shown"
      data-testid="config-shown"
    />
  )
}

interface Props {
  partId: PartId
  /** The saved text of the machine's own config: a new one (after a save) fetches again. */
  saved: string
  /** Unsaved edits are not part of the effective config until saved. */
  dirty: boolean
}

/**
 * The config the robot runs: the machine's own with its fragments and their mods, read-only, and
 * each resource with where it comes from; or every reason it cannot be built.
 */
export function EffectiveConfigPanel({ partId, saved, dirty }: Props): ReactElement {
  // A new fetcher per saved text: the query fetches again after each save, and after each sync.
  const fetcher = useMemo(
    () => (saved === '' ? null : () => getCoreApi().getEffectiveConfig({ partId })),
    [partId, saved],
  )
  const query = useCoreQuery(fetcher, { refetchOnFleetChange: true })
  const view = query.data

  if (!view) {
    return query.error ? (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertCircle size={18} />}
        data-testid="effective-load-error"
      >
        Could not read the effective config: {errorMessage(query.error)}
      </Alert>
    ) : (
      <Group justify="center" p="xl">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          Resolving fragments…
        </Text>
      </Group>
    )
  }
  return (
    <Box data-testid="effective-config" style={{ display: 'flex', gap: 12, flex: '1 1 auto', minHeight: 0 }}>
      <Stack
        gap="xs"
        style={{ width: 'clamp(260px, 36%, 380px)', flex: '0 0 auto', minHeight: 0, overflowY: 'auto' }}
        tabIndex={0}
        aria-label="Resources of the effective config and their sources"
      >
        {dirty ? (
          <Text size="xs" c="yellow" data-testid="effective-unsaved">
            Unsaved edits are not included: this is the saved config with its fragments.
          </Text>
        ) : null}
        <FragmentsUsed view={view} />
        {view.effective.ok ? <ResourceSources view={view} /> : <EffectiveProblems view={view} />}
      </Stack>
      {view.effective.ok ? <EffectiveText config={view.effective.config} partId={partId} /> : null}
    </Box>
  )
}

function FragmentsUsed({ view }: { view: EffectiveConfigView }): ReactElement {
  if (view.fragments.length === 0)
    return (
      <Text size="sm" c="dimmed">
        This machine uses no fragment: its own config is the effective one.
      </Text>
    )
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        Fragments used
      </Text>
      <List size="sm" spacing={2} data-testid="effective-fragments">
        {view.fragments.map((f) => (
          <List.Item key={f.fragmentId} icon={<IconPuzzle size={14} />}>
            <Text size="sm" c={f.found ? undefined : 'red'} style={{ overflowWrap: 'anywhere' }}>
              {fragmentUseLine(f)}
            </Text>
          </List.Item>
        ))}
      </List>
    </div>
  )
}

function ResourceSources({ view }: { view: EffectiveConfigView }): ReactElement | null {
  if (!view.effective.ok) return null
  const rows = resourceSourceRows(view.effective.resources, view.config)
  return (
    <Table
      withTableBorder
      verticalSpacing={4}
      horizontalSpacing="xs"
      fz="sm"
      data-testid="effective-resources"
      aria-label="Where each resource comes from"
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Resource</Table.Th>
          <Table.Th>Source</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr
            key={`${r.kind}:${r.name}`}
            data-testid="effective-resource"
            data-name={r.name}
            data-source={r.fromFragment ? 'fragment' : 'machine'}
          >
            <Table.Td>
              <Text size="sm" className="fd-mono" style={{ overflowWrap: 'anywhere' }}>
                {r.name}
              </Text>
              <Text size="xs" c="dimmed">
                {r.kind}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                {r.fromFragment ? <IconPuzzle size={14} aria-hidden /> : null}
                <Text size="sm">{r.source}</Text>
              </Group>
              {r.mods.length > 0 ? (
                <Box data-testid="effective-mods">
                  <Badge size="xs" color="grape" variant="light" tt="none">
                    modified by fragment_mods
                  </Badge>
                  {r.mods.map((m) => (
                    <Text key={m} size="xs" className="fd-mono" style={{ overflowWrap: 'anywhere' }}>
                      {m}
                    </Text>
                  ))}
                </Box>
              ) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

function EffectiveProblems({ view }: { view: EffectiveConfigView }): ReactElement | null {
  if (view.effective.ok) return null
  const { clashes, errors } = effectiveProblems(view.effective.errors, view.effective.conflicts)
  return (
    <Alert
      color="red"
      variant="light"
      p="xs"
      icon={<IconAlertCircle size={18} />}
      title="No effective config: the robot cannot be given this config"
      data-testid="effective-errors"
    >
      {clashes.length > 0 ? (
        <>
          <Text size="sm" fw={600}>
            Names defined twice
          </Text>
          <List size="sm" spacing={2} mb={4}>
            {clashes.map((c) => (
              <List.Item key={c} style={{ overflowWrap: 'anywhere' }}>
                {c}
              </List.Item>
            ))}
          </List>
        </>
      ) : null}
      <List size="sm" spacing={2}>
        {errors.map((e, i) => (
          <List.Item key={`${i}-${e}`} style={{ overflowWrap: 'anywhere' }}>
            {e}
          </List.Item>
        ))}
      </List>
    </Alert>
  )
}

function EffectiveText({ config, partId }: { config: unknown; partId: PartId }): ReactElement {
  const text = JSON.stringify(config, null, 2)
  const [doc, setDoc] = useState<EditorDoc>({ text, version: 0, mode: 'load' })
  // A new effective config (after a save or a sync) replaces the text; adjusted while rendering.
  if (text !== doc.text) setDoc((d) => ({ text, version: d.version + 1, mode: 'load' }))
  return (
    <Box style={{ display: 'flex', flex: '1 1 auto', minWidth: 0, minHeight: 0 }}>
      <ConfigEditor
        doc={doc}
        label={`Effective config of part ${partId}, read-only`}
        readOnly
        withSchema={false}
        testId="effective-editor"
      />
    </Box>
  )
}
