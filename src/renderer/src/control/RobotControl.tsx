import { Alert, Box, Group, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconShieldLock } from '@tabler/icons-react'
import { useMemo, type ReactElement } from 'react'
import type { RobotSessionView } from '../../../shared/api/robotViews'
import type { ComponentType } from '../../../shared/robot/componentMethods'
import { assertNever } from '../../../shared/errors/CoreError'
import { controlGroups, watchedNames, type ControlItem } from './controlGroups'
import { ErrorBoundary } from '../common/ErrorBoundary'
import { sessionLabel } from '../robots/sessionText'
import { useRobotStore } from '../state/useRobotStore'
import { sessionRoleAllows } from '../../../shared/robot/sessionRoleAllows'
import { BasePanel } from './panels/BasePanel'
import { BoardPanel } from './panels/BoardPanel'
import { CameraPanel } from './panels/CameraPanel'
import { EncoderPanel } from './panels/EncoderPanel'
import { GenericPanel } from './panels/GenericPanel'
import { MotorPanel } from './panels/MotorPanel'
import type { PanelProps } from './panels/panelProps'
import { SensorPanel } from './panels/SensorPanel'
import { ServoPanel } from './panels/ServoPanel'
import { ResourceStatusList } from './ResourceStatusList'
import { useRobotWatch } from '../robots/useRobotWatch'

/** Live readings five times a second: smooth enough for positions, light for the robot. */
export const READINGS_INTERVAL_MS = 200

function Panel({ type, ...props }: PanelProps & { type: ComponentType }): ReactElement {
  switch (type) {
    case 'motor':
      return <MotorPanel {...props} />
    case 'servo':
      return <ServoPanel {...props} />
    case 'board':
      return <BoardPanel {...props} />
    case 'sensor':
    case 'movement_sensor':
      return <SensorPanel {...props} type={type} />
    case 'encoder':
      return <EncoderPanel {...props} />
    case 'base':
      return <BasePanel {...props} />
    case 'camera':
      return <CameraPanel {...props} />
    case 'generic':
      return <GenericPanel {...props} />
    default:
      return assertNever(type, 'component type')
  }
}

interface Props {
  partId: string
  session: RobotSessionView
  /** Components from the cached config, shown until the robot's own status arrives. */
  cached: ReadonlyArray<{ name: string; api: string; model: string | null }>
  active: boolean
}

/** The panels of a robot with an open session; every control is disabled unless the session is live. */
export function RobotControl({ partId, session, cached, active }: Props): ReactElement {
  const live = session.state === 'live'
  const status = useRobotStore((s) => s.status[partId])
  const groups = useMemo(() => controlGroups(status?.status.resources ?? null, cached), [status, cached])
  const names = useMemo(() => watchedNames(groups), [groups])
  const watchError = useRobotWatch(partId, 'readings', live, { names, intervalMs: READINGS_INTERVAL_MS })

  // Each panel has its own boundary: one robot answering oddly about one component leaves the others usable.
  const panel = (type: ComponentType, item: ControlItem): ReactElement => (
    <ErrorBoundary key={item.name} what={`the ${type.replace('_', ' ')} panel "${item.name}"`} compact>
      <Panel
        type={type}
        partId={partId}
        name={item.name}
        model={item.model}
        resource={item.resource}
        live={live}
        active={active}
      />
    </ErrorBoundary>
  )

  return (
    <Stack gap="md" data-testid="robot-control" data-live={live}>
      {!live ? (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title={`Controls are disabled: ${sessionLabel(session.state).toLowerCase()}`}
        >
          <Text size="sm">
            {session.state === 'connecting'
              ? 'Waiting for the robot to accept the session.'
              : 'The robot is not answering. Fleetdesk reconnects by itself; the robot stops what this session moved on its own once it hears nothing.'}
            {session.error ? ` Last error: ${session.error}` : ''}
          </Text>
        </Alert>
      ) : null}
      {session.role !== null && !sessionRoleAllows(session.role, { method: 'config.apply' }) ? (
        <Group gap={6} c="dimmed">
          <IconShieldLock size={16} aria-hidden="true" />
          <Text size="sm">
            The robot granted this session the <b>operator</b> role: you may drive and read; logs, config and
            restart need an owner (the part secret, or an owner token).
          </Text>
        </Group>
      ) : null}
      {watchError ? (
        <Alert color="red" variant="light" p="xs" data-testid="readings-error">
          <Text size="sm">Live readings are not available: {watchError}</Text>
        </Alert>
      ) : null}
      <ResourceStatusList partId={partId} />
      {groups.length === 0 ? (
        <Text size="sm" c="dimmed">
          {status
            ? 'The robot runs no components this app can control.'
            : 'Waiting for the robot to list its components…'}
        </Text>
      ) : (
        // One grid for every panel, in type order (PANEL_ORDER): each panel names its type, so
        // a type with a single component does not take a whole row.
        <Box className="fd-panel-grid">
          {groups.flatMap((g) => g.items.map((item) => panel(g.type, item)))}
        </Box>
      )}
    </Stack>
  )
}
