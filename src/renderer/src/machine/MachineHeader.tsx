import { Badge, Group, Stack, Text, Title, Tooltip } from '@mantine/core'
import { IconClockUp, IconInfoCircle } from '@tabler/icons-react'
import { useMemo, type ReactElement } from 'react'
import type { MachineView } from '../../../shared/api/views'
import { useNow } from '../common/useNow'
import { useAppStore } from '../state/useAppStore'
import { useRobotStore, useSession } from '../state/useRobotStore'
import { Fact } from '../common/Fact'
import { SessionStateBadge } from '../robots/SessionState'
import { isSessionOpen } from '../robots/sessionText'
import { LiveStatusFacts } from './LiveStatusFacts'
import { MachineConnectButton } from './MachineConnectButton'
import { HeadlineBadge } from './StatusIndicator'
import { machineStatusFacts, type StatusFact } from './machineStatusFacts'

/** A fact with its source beside it, smaller: "Hub Online · as of the last sync 3 min ago". */
function SourcedFact({ fact, showSource }: { fact: StatusFact; showSource: boolean }): ReactElement {
  return (
    <Text size="sm" span data-testid="status-fact" data-fact={fact.id} data-tone={fact.tone}>
      <Text span c="dimmed" size="sm">
        {fact.label}{' '}
      </Text>
      <span
        className={fact.id === 'lan' || fact.id === 'revision' ? 'fd-mono' : undefined}
        data-testid="fact-value"
      >
        {fact.value}
      </span>
      {showSource ? (
        <Text span c="dimmed" size="xs" data-testid="fact-source">
          {' · '}
          {fact.source}
        </Text>
      ) : null}
    </Text>
  )
}

/**
 * Name, where it is, and its state from each source with its age (machineStatusFacts): the hub's
 * word as last synced, the LAN, this computer's session; with a session, a connect or disconnect
 * button and what the robot reports live. Where two sources disagree, a note says why.
 */
export function MachineHeader({
  view,
  pending,
  robotPartId,
}: {
  view: MachineView
  pending: boolean
  /** The part a session goes to (see robotPartFor). */
  robotPartId: string | null
}): ReactElement {
  const m = view.machine
  const path = [view.org.name, ...view.locationPath.map((l) => l.name)].join(' / ')
  const session = useSession(robotPartId)
  const nearby = useRobotStore((s) => s.nearby.find((r) => r.partId === robotPartId) ?? null)
  const live = useRobotStore((s) => (robotPartId ? (s.status[robotPartId]?.status ?? null) : null))
  const coreReachable = useRobotStore((s) => s.coreReachable)
  const lastSyncAt = useAppStore((s) => s.status?.lastSyncAt ?? null)
  const now = useNow(30_000)
  const status = useMemo(
    () =>
      machineStatusFacts({
        machine: m,
        lastSyncAt,
        nearby,
        session,
        live,
        coreReachable,
        now,
      }),
    [m, lastSyncAt, nearby, session, live, coreReachable, now],
  )
  // The hub's facts first, their one source said once after the last of them; then the fresher ones,
  // each with its own. LAN only where this role can open a session to the machine.
  const canSession = robotPartId !== null && view.capabilities.canControl
  const hubFact = status.facts.find((f) => f.id === 'hub')
  const usable = status.facts.filter((f) => f.id !== 'session' && (f.id !== 'lan' || canSession))
  const fromHub = usable.filter((f) => f.source === hubFact?.source)
  const shown = [...fromHub, ...usable.filter((f) => f.source !== hubFact?.source)]
  const sessionLive = session?.state === 'live' && coreReachable
  const sessionOpen = isSessionOpen(session) && canSession
  return (
    // At most a third of a short window (a shop-floor panel at 700 px): the rest scrolls inside the
    // header, so CONFIGURE keeps room for its editor and problems however many notes there are.
    <Stack
      gap={4}
      px="md"
      pt="md"
      pb="xs"
      data-testid="machine-header"
      style={{ flex: 'none', maxHeight: 'max(33vh, 200px)', overflowY: 'auto' }}
    >
      <Group gap="sm" wrap="wrap" justify="space-between" style={{ rowGap: 6 }}>
        <Group gap="sm" wrap="wrap" style={{ minWidth: 0, rowGap: 4 }}>
          <Title order={3} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
            {m.name}
          </Title>
          {/* With a session, its badge (beside Connect / Disconnect) is the headline: one word, not two. */}
          {sessionOpen ? null : <HeadlineBadge headline={status.headline} />}
          {pending ? (
            <Tooltip label="Your saved edit is kept on this computer and goes to the hub when it is reachable.">
              <Badge
                color="yellow"
                variant="light"
                size="lg"
                tt="none"
                leftSection={<IconClockUp size={14} aria-hidden="true" />}
                data-testid="pending-marker"
              >
                Saved locally, not yet synced
              </Badge>
            </Tooltip>
          ) : null}
        </Group>
        {robotPartId && view.capabilities.canControl ? (
          <Group gap="sm" wrap="nowrap" align="flex-start" style={{ marginLeft: 'auto' }}>
            <SessionStateBadge session={session} />
            <MachineConnectButton partId={robotPartId} machineName={m.name} known session={session} />
          </Group>
        ) : null}
      </Group>
      <Text size="sm" c="dimmed">
        {path}
      </Text>
      <Group gap="lg" style={{ rowGap: 2 }} data-testid="status-facts">
        {shown.map((fact) => (
          <SourcedFact
            key={fact.id}
            fact={fact}
            showSource={fact.source !== hubFact?.source || fact === fromHub[fromHub.length - 1]}
          />
        ))}
        <Fact label="Id" mono>
          {m.id}
        </Fact>
        <Fact label="Your role">{view.role}</Fact>
      </Group>
      {robotPartId && sessionLive ? <LiveStatusFacts partId={robotPartId} standalone={false} /> : null}
      {status.notes.map((note) => (
        <Group key={note} gap={6} wrap="nowrap" align="flex-start" data-testid="status-note">
          <IconInfoCircle
            size={15}
            aria-hidden="true"
            color="var(--mantine-color-yellow-6)"
            style={{ flex: 'none', marginTop: 2 }}
          />
          <Text size="xs" c="dimmed">
            {note}
          </Text>
        </Group>
      ))}
    </Stack>
  )
}
