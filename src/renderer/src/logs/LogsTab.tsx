import { Alert, Badge, Box, Button, Checkbox, Group, Select, Text, TextInput, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import {
  IconArrowBarToDown,
  IconDownload,
  IconFileText,
  IconPlayerPause,
  IconPlayerPlay,
  IconSearch,
  IconShieldLock,
} from '@tabler/icons-react'
import { useEffect, useState, type ReactElement } from 'react'
import { logsToJsonl } from './logFilter'
import { LOG_LEVELS, type LogLevel } from '../../../shared/domain/logLevel'
import { useSession } from '../state/useRobotStore'
import { sessionRoleAllows } from '../../../shared/robot/sessionRoleAllows'
import { LogList } from './LogList'
import { LOG_CAPACITY, useLogStream } from './useLogStream'
import { useRobotWatch } from '../robots/useRobotWatch'

interface Props {
  machineName: string
  /** The part whose robot logs are shown (see robotPartFor); null for a machine with no parts. */
  partId: string | null
  active: boolean
}

/** LOGS: the robot's live log merged with the log cache, filtered, searchable, pausable, exportable. */
export function LogsTab({ machineName, partId, active }: Props): ReactElement {
  if (!partId) {
    return (
      <Alert variant="light" color="gray" icon={<IconFileText size={18} />} title="No logs">
        <Text size="sm">{machineName} has no part to read logs from.</Text>
      </Alert>
    )
  }
  return <LogsView key={partId} machineName={machineName} partId={partId} active={active} />
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  // The download has its own reference by now; the object URL is not needed any more.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

const fileStamp = (): string => new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)

function LogsView({ machineName, partId, active }: Required<Props> & { partId: string }): ReactElement {
  const session = useSession(partId)
  const live = session?.state === 'live'
  // Robots send logs to owners only; an operator session would be refused by the robot.
  const mayWatch = live && sessionRoleAllows(session.role, { topic: 'logs' })
  const watchError = useRobotWatch(partId, 'logs', mayWatch)
  const stream = useLogStream(partId)
  const [following, setFollowing] = useState(true)
  const [text, setText] = useState('')
  const [debouncedText] = useDebouncedValue(text, 150)
  const { filter, setFilter } = stream

  useEffect(() => {
    if (debouncedText !== filter.text) setFilter({ ...filter, text: debouncedText })
  }, [debouncedText, filter, setFilter])

  const toggleLevel = (level: LogLevel, on: boolean): void => {
    const levels = new Set(filter.levels)
    if (on) levels.add(level)
    else levels.delete(level)
    setFilter({ ...filter, levels })
  }

  return (
    <Box
      style={{ display: 'flex', flexDirection: 'column', gap: 8, height: '100%', minHeight: 0 }}
      data-testid="logs-tab"
    >
      {live && !mayWatch ? (
        <Alert
          color="orange"
          variant="light"
          p="xs"
          icon={<IconShieldLock size={18} />}
          data-testid="logs-refused"
        >
          <Text size="sm">
            The robot granted this session the operator role, and robots send their logs to owners only.
            Reconnect with the part secret or an owner token to see live logs. Cached logs are shown below.
          </Text>
        </Alert>
      ) : !live ? (
        <Text size="sm" c="dimmed" data-testid="logs-offline">
          Not connected to {machineName}: showing the logs cached on this computer. Connect to see live logs.
        </Text>
      ) : null}
      {watchError ? (
        <Alert color="red" variant="light" p="xs" data-testid="logs-error">
          <Text size="sm">Live logs are not available: {watchError}</Text>
        </Alert>
      ) : null}
      {stream.cacheError ? (
        <Alert color="red" variant="light" p="xs">
          <Text size="sm">Cached logs could not be read: {stream.cacheError}</Text>
        </Alert>
      ) : null}
      <Group gap="sm" wrap="wrap" justify="space-between">
        <Group gap="sm" wrap="wrap">
          <Group gap={10} role="group" aria-label="Levels shown">
            {LOG_LEVELS.map((level) => (
              <Checkbox
                key={level}
                label={level}
                checked={filter.levels.has(level)}
                onChange={(e) => toggleLevel(level, e.currentTarget.checked)}
                data-testid={`logs-level-${level}`}
              />
            ))}
          </Group>
          <Select
            size="sm"
            w={200}
            placeholder="Every logger"
            data={[...stream.loggers]}
            value={filter.logger}
            onChange={(logger) => setFilter({ ...filter, logger })}
            clearable
            searchable
            aria-label="Logger"
            data-testid="logs-logger"
          />
          <TextInput
            size="sm"
            w={240}
            placeholder="Search messages"
            leftSection={<IconSearch size={15} />}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            aria-label="Search the log text"
            data-testid="logs-search"
          />
        </Group>
        <Group gap="xs">
          <Button
            size="sm"
            variant={stream.paused ? 'filled' : 'default'}
            leftSection={stream.paused ? <IconPlayerPlay size={15} /> : <IconPlayerPause size={15} />}
            onClick={() => stream.setPaused(!stream.paused)}
            data-testid="logs-pause"
            data-paused={stream.paused}
          >
            {stream.paused ? 'Resume' : 'Pause'}
          </Button>
          <Button
            size="sm"
            variant="default"
            leftSection={<IconArrowBarToDown size={15} />}
            onClick={() => setFollowing(true)}
            data-testid="logs-newest"
            data-following={following}
          >
            Jump to newest
          </Button>
          <Tooltip label="Save the lines shown (after filters) as JSON Lines">
            <Button
              size="sm"
              variant="default"
              leftSection={<IconDownload size={15} />}
              disabled={stream.rows.length === 0}
              onClick={() => download(`${machineName}-logs-${fileStamp()}.jsonl`, logsToJsonl(stream.rows))}
              data-testid="logs-export"
            >
              Export
            </Button>
          </Tooltip>
        </Group>
      </Group>
      <Group gap="sm">
        <Text size="xs" c="dimmed" data-testid="logs-count">
          Showing {stream.rows.length.toLocaleString()} of {stream.total.toLocaleString()} lines
        </Text>
        {stream.paused ? (
          <Badge color="yellow" variant="light" tt="none" data-testid="logs-new-count">
            Paused · {stream.waiting.toLocaleString()} new
          </Badge>
        ) : null}
        {stream.dropped > 0 ? (
          <Text size="xs" c="orange" data-testid="logs-dropped">
            {stream.dropped.toLocaleString()} older lines dropped (this view keeps the newest{' '}
            {LOG_CAPACITY.toLocaleString()})
          </Text>
        ) : null}
      </Group>
      <LogList rows={stream.rows} active={active} following={following} onFollowingChange={setFollowing} />
    </Box>
  )
}
