import { Box, Button, Group, SegmentedControl, Text, TextInput, Title } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { useDeferredValue, useMemo, useState, type ReactElement } from 'react'
import { useAppStore } from '../state/useAppStore'
import { ancestorKeys, machinesUnder, nodeKey, pathNames, type FleetIndex } from '../state/buildFleetIndex'
import {
  countByStatus,
  sortFilterMachines,
  type OverviewQuery,
  type OverviewRow,
  type StatusFilter,
} from './sortFilterMachines'
import { MachineTable } from './MachineTable'

/**
 * Each machine with its location written below the node being viewed (the whole path, organization
 * included, for all machines), so a long column does not repeat what the title already says.
 */
function overviewRows(index: FleetIndex, key: string | null): OverviewRow[] {
  const machines = key ? machinesUnder(index, key) : [...index.machines.values()]
  const skip = key ? ancestorKeys(index, key).length + 1 : 0
  // Cached per location, since many machines share one.
  const locationText = new Map<string, string>()
  return machines.map((machine) => {
    let location = locationText.get(machine.locationId)
    if (location === undefined) {
      const locKey = nodeKey('location', machine.locationId)
      const names = [...pathNames(index, locKey), index.nodes.get(locKey)?.name ?? '']
      location = names.slice(skip).join(' / ') || (index.nodes.get(locKey)?.name ?? '')
      locationText.set(machine.locationId, location)
    }
    return { machine, location }
  })
}

const filters: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'online', label: 'Online' },
  { value: 'offline', label: 'Offline' },
  { value: 'unreachable', label: 'Unreachable' },
  { value: 'never-seen', label: 'Never seen' },
  { value: 'pending', label: 'Pending edits' },
]

/** The machines of an organization or location (all machines when nothing is selected). */
export function FleetOverview({ nodeKey: key }: { nodeKey: string | null }): ReactElement {
  const index = useAppStore((s) => s.index)
  const [query, setQuery] = useState<OverviewQuery>({
    sortKey: 'status',
    descending: false,
    text: '',
    status: 'all',
  })
  const text = useDeferredValue(query.text)
  const all = useMemo(() => (index ? overviewRows(index, key) : []), [index, key])
  const counts = useMemo(() => countByStatus(all), [all])
  const rows = useMemo(() => sortFilterMachines(all, { ...query, text }), [all, query, text])
  const node = key ? index?.nodes.get(key) : undefined

  return (
    <Box
      style={{ display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0 }}
      data-testid="fleet-overview"
    >
      <Box px="md" pt="md" pb="xs" style={{ flex: 'none' }}>
        <Group justify="space-between" align="flex-end" mb="sm">
          <div>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {node ? (node.kind === 'org' ? 'Organization' : 'Location') : 'Fleet'}
            </Text>
            <Title order={3}>{node?.name ?? 'All machines'}</Title>
          </div>
          <Text size="sm" c="dimmed">
            {rows.length === all.length
              ? `${all.length.toLocaleString()} machine${all.length === 1 ? '' : 's'}`
              : `${rows.length.toLocaleString()} of ${all.length.toLocaleString()} machines`}
          </Text>
        </Group>
        <Group gap="sm" wrap="wrap">
          <TextInput
            aria-label="Filter machines"
            placeholder="Filter by name, id, location, version"
            leftSection={<IconSearch size={15} aria-hidden="true" />}
            value={query.text}
            onChange={(e) => setQuery({ ...query, text: e.currentTarget.value })}
            w={300}
            data-testid="overview-filter"
          />
          <SegmentedControl
            size="xs"
            aria-label="Show machines with hub status"
            value={query.status}
            onChange={(v) => setQuery({ ...query, status: v as StatusFilter })}
            data={filters.map((f) => ({
              value: f.value,
              label: `${f.label} ${counts[f.value].toLocaleString()}`,
            }))}
          />
        </Group>
      </Box>
      <MachineTable
        rows={rows}
        empty={
          all.length === 0 ? (
            <Text size="sm" c="dimmed">
              No machines in {node?.name ?? 'this fleet'} yet. A robot found on the LAN can be added here with{' '}
              <b>Add to a location</b> in Nearby.
            </Text>
          ) : (
            <Group gap="sm">
              <Text size="sm" c="dimmed">
                None of the {all.length.toLocaleString()} machines here matches
                {query.text.trim() ? ` "${query.text.trim()}"` : ''}
                {query.status !== 'all'
                  ? ` with status ${filters.find((f) => f.value === query.status)?.label}`
                  : ''}
                .
              </Text>
              <Button
                size="xs"
                variant="default"
                onClick={() => setQuery({ ...query, text: '', status: 'all' })}
                data-testid="overview-clear-filter"
              >
                Clear the filter
              </Button>
            </Group>
          )
        }
        sortKey={query.sortKey}
        descending={query.descending}
        onSort={(sortKey) =>
          setQuery({ ...query, sortKey, descending: sortKey === query.sortKey ? !query.descending : false })
        }
      />
    </Box>
  )
}
