import { Alert, Box, Center, Group, Loader, Select, Tabs } from '@mantine/core'
import { Activity, lazy, useCallback, useEffect, useRef, useState, type ReactElement } from 'react'
import { CoreError } from '../../../shared/errors/CoreError'
import type { MachineTab } from '../../../shared/api/views'
import type { Revision } from '../../../shared/domain/model'
import type { MachineId, PartId } from '../../../shared/ids'
import { getCoreApi } from '../api/getCoreApi'
import { describeFailure } from '../common/describeFailure'
import { ErrorBoundary } from '../common/ErrorBoundary'
import { notifySuccess } from '../common/notifyFailure'
import { robotPartFor } from '../robots/robotPartFor'
import { guardedNavigate } from '../configure/useLeaveGuard'
import { useMachineStore } from './useMachineStore'
import { useRobotStore } from '../state/useRobotStore'
import { useTreeStore } from '../state/useTreeStore'
import { replaceRoute } from '../routes/routeSync'
import type { RestoreRequest } from '../configure/ConfigureTab'
import { ProgramAccessTab } from './ProgramAccessTab'
import { ControlTab } from '../control/ControlTab'
import { LogsTab } from '../logs/LogsTab'
import { MachineHeader } from './MachineHeader'
import { useCoreQuery } from '../state/useCoreQuery'
import { useRobotWatch } from '../robots/useRobotWatch'

// The editor, the config schema and its validator are the heaviest code in the window; they load when a
// tab that needs them is first opened, so launch and the tree stay fast.
const ConfigureTab = lazy(() =>
  import('../configure/ConfigureTab').then((m) => ({ default: m.ConfigureTab })),
)
const HistoryTab = lazy(() => import('../history/HistoryTab').then((m) => ({ default: m.HistoryTab })))

const TAB_ORDER: readonly MachineTab[] = ['control', 'configure', 'logs', 'history', 'connect']

function machineError(err: unknown): string {
  const { title, message } = describeFailure('open this machine', err)
  return err instanceof CoreError && err.code === 'not-found'
    ? `This machine is no longer in the local cache. ${message}`
    : `${title}. ${message}`
}

/** A tab that failed starts afresh on another part; CONTROL and LOGS follow the robot, not the part. */
const boundaryKey = (t: MachineTab, partId: string): string =>
  t === 'control' || t === 'logs' ? t : `${t}-${partId}`

function PendingDot(): ReactElement {
  return (
    <span
      aria-hidden="true"
      className="fd-status-dot"
      style={{ background: 'var(--mantine-color-yellow-6)', width: 7, height: 7 }}
    />
  )
}

/** One machine: header, and the tabs the identity's role allows (the core says which). */
export function MachinePage({ machineId }: { machineId: MachineId }): ReactElement {
  // The tab is part of the page's address (app/routeSync): kept in the tree store with the selection.
  const tab = useTreeStore((s) => s.machineTab)
  const [visited, setVisited] = useState<ReadonlySet<MachineTab>>(() => new Set([tab]))
  const [restore, setRestore] = useState<RestoreRequest | null>(null)
  const [pendingParts, setPendingParts] = useState<ReadonlySet<PartId>>(new Set())
  const chosenPart = useTreeStore((s) => s.selectedPartId)

  const fetcher = useCallback(() => getCoreApi().getMachine({ machineId }), [machineId])
  const query = useCoreQuery(fetcher, { refetchOnFleetChange: true })
  const view = query.data ?? null
  const error = query.error === undefined ? null : machineError(query.error)
  // The top bar shows the role the core computed for this machine.
  useEffect(() => {
    useMachineStore.getState().setView(view)
  }, [view])
  useEffect(() => () => useMachineStore.getState().setView(null), [])
  // A tab this role may not open (an operator following a link to CONFIGURE): the address says what
  // is shown instead, without leaving the refused tab in the history.
  const shownTab = view ? TAB_ORDER.find((t) => t === tab && view.capabilities.tabs.includes(t)) : tab
  const firstTab = view ? TAB_ORDER.find((t) => view.capabilities.tabs.includes(t)) : undefined
  useEffect(() => {
    if (shownTab === undefined && firstTab !== undefined)
      replaceRoute(() => useTreeStore.getState().setMachineTab(firstTab))
  }, [shownTab, firstTab])

  // The part a robot session goes to, and the robot's live status while the session is live.
  const robotPartId = useRobotStore((s) => (view ? robotPartFor(view.machine, s.sessions, s.nearby) : null))
  const live = useRobotStore((s) => (robotPartId ? s.sessions[robotPartId]?.state === 'live' : false))
  useRobotWatch(robotPartId, 'status', live)

  const restoreCount = useRef(0)
  const onRestoreUsed = useCallback((nonce: number) => {
    setRestore((r) => (r?.nonce === nonce ? null : r))
  }, [])
  const onPendingChange = useCallback((partId: PartId, pending: boolean) => {
    setPendingParts((s) => {
      if (s.has(partId) === pending) return s
      const next = new Set(s)
      if (pending) next.add(partId)
      else next.delete(partId)
      return next
    })
  }, [])

  if (error) {
    return (
      <Box p="md" data-testid="machine-page" data-machine-id={machineId}>
        <Alert color="red" title="Machine unavailable">
          {error}
        </Alert>
      </Box>
    )
  }
  if (!view) {
    return (
      <Center h="100%" data-testid="machine-loading">
        <Loader size="sm" />
      </Center>
    )
  }

  const tabs = TAB_ORDER.filter((t) => view.capabilities.tabs.includes(t))
  const current = tabs.includes(tab) ? tab : (tabs[0] ?? 'control')
  const parts = view.machine.parts
  const mainPart = parts.find((p) => p.isMain) ?? parts[0]
  const part = parts.find((p) => p.id === chosenPart) ?? mainPart
  const partId = (part?.id ?? '') as PartId
  const pending = view.machine.pendingEdits > 0 || pendingParts.size > 0
  if (!visited.has(current)) setVisited(new Set(visited).add(current))
  const selectTab = (t: string | null): void => {
    if (t) useTreeStore.getState().setMachineTab(t as MachineTab)
  }
  const onRestore = (rev: Revision): void => {
    // Never reused: the editor compares nonces to apply each restore exactly once.
    restoreCount.current += 1
    setRestore({
      partId: rev.partId,
      revision: rev.revision,
      text: JSON.stringify(rev.config, null, 2),
      nonce: restoreCount.current,
    })
    selectTab('configure')
    notifySuccess(
      `Revision ${rev.revision} loaded into the editor`,
      'Review it, then save to make it the current config.',
    )
  }
  const showPartSelect =
    parts.length > 1 && (current === 'configure' || current === 'history' || current === 'connect')

  return (
    <Box
      data-testid="machine-page"
      data-machine-id={view.machine.id}
      style={{ display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0 }}
    >
      <MachineHeader view={view} pending={pending} robotPartId={robotPartId} />
      <Tabs
        value={current}
        onChange={selectTab}
        keepMountedMode="display-none"
        style={{ display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0 }}
      >
        <Group
          justify="space-between"
          px="md"
          wrap="nowrap"
          style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        >
          <Tabs.List className="fd-tabs-list" style={{ flexWrap: 'nowrap' }}>
            {tabs.map((t) => (
              <Tabs.Tab
                key={t}
                value={t}
                rightSection={t === 'configure' && pending ? <PendingDot /> : undefined}
              >
                {t.toUpperCase()}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {showPartSelect ? (
            <Select
              size="xs"
              aria-label="Part"
              w={200}
              value={partId}
              allowDeselect={false}
              data={parts.map((p) => ({
                value: p.id,
                label: p.isMain ? `Part ${p.name} (main part)` : `Part ${p.name}`,
              }))}
              onChange={(v) =>
                v && v !== partId && guardedNavigate(() => useTreeStore.getState().setSelectedPart(v))
              }
              data-testid="part-select"
            />
          ) : null}
        </Group>
        {tabs.map((t) => (
          <Tabs.Panel key={t} value={t} p="md" style={{ flex: '1 1 auto', minHeight: 0 }}>
            {/* One tab failing leaves the header, the other tabs and the rest of the window working. */}
            <ErrorBoundary
              key={boundaryKey(t, partId)}
              what={`the ${t.toUpperCase()} tab`}
              loading={<Loader size="sm" />}
            >
              {t === 'control' ? (
                // Hidden CONTROL keeps its panels' state (a typed command, a power setting) but not
                // their effects: readings stop streaming into panels nobody sees and the teleop keys
                // let go. Kept live, each reading re-laid out autosized inputs and tooltips behind
                // CONFIGURE, which froze the editor for seconds on a busy robot.
                <Activity mode={current === 'control' ? 'visible' : 'hidden'}>
                  <ControlTab view={view} partId={robotPartId} active={current === 'control'} />
                </Activity>
              ) : null}
              {t === 'configure' && part && visited.has('configure') ? (
                <ConfigureTab
                  key={partId}
                  view={view}
                  partId={partId}
                  partName={part.name}
                  active={current === 'configure'}
                  restore={restore}
                  onRestoreUsed={onRestoreUsed}
                  onSaved={query.reload}
                  onPendingChange={onPendingChange}
                />
              ) : null}
              {t === 'logs' ? (
                <LogsTab machineName={view.machine.name} partId={robotPartId} active={current === 'logs'} />
              ) : null}
              {t === 'history' && part && visited.has('history') ? (
                <HistoryTab
                  key={partId}
                  view={view}
                  partId={partId}
                  partName={part.name}
                  active={current === 'history'}
                  onRestore={onRestore}
                />
              ) : null}
              {t === 'connect' ? <ProgramAccessTab view={view} partId={partId} /> : null}
            </ErrorBoundary>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Box>
  )
}
