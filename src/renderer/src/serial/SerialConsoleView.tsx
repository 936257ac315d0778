import { Alert, Group, Stack, Text } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'
import { memo, useState, type ReactElement } from 'react'
import type { SerialConsoleView as ConsoleView } from '../../../shared/api/serialViews'
import { ConsoleInput } from './ConsoleInput'
import { ConsoleList } from './ConsoleList'
import { ConsoleToolbar } from './ConsoleToolbar'
import { useConsoleFeed } from './useConsoleFeed'
import { useSerialStore } from './useSerialStore'

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

/**
 * The part that changes with every batch (the counts and the lines), apart from the toolbar and
 * the input, so a flood re-renders only this and typing stays quick.
 */
const ConsoleBody = memo(function ConsoleBody({
  path,
  view,
  hex,
}: {
  path: string
  view: ConsoleView | undefined
  hex: boolean
}): ReactElement {
  const { feed, version } = useConsoleFeed(path)
  const [following, setFollowing] = useState(true)
  const open = view?.state === 'open'
  const lines = feed.size
  const bytesIn = Math.max(view?.bytesIn ?? 0, feed.bytesIn)
  return (
    <>
      <Group
        gap="md"
        wrap="wrap"
        data-testid="console-stats"
        data-bytes-in={bytesIn}
        data-trimmed={feed.trimmed}
      >
        <Text size="xs" c={open ? 'teal' : 'dimmed'} data-testid="console-state">
          {open
            ? `open at ${view.baudRate.toLocaleString('en')} baud`
            : view?.state === 'opening'
              ? 'opening…'
              : 'closed'}
          {view?.sharedWithSession ? ' · shared with the robot session' : ''}
        </Text>
        <Text size="xs" c="dimmed">
          {lines.toLocaleString('en')} line{lines === 1 ? '' : 's'} · {formatBytes(bytesIn)} in ·{' '}
          {formatBytes(view?.bytesOut ?? 0)} out
        </Text>
        {feed.trimmed > 0 ? (
          <Text size="xs" c="yellow" data-testid="console-trimmed">
            {feed.trimmed.toLocaleString('en')} older line{feed.trimmed === 1 ? '' : 's'} trimmed (the console
            keeps the last 10,000)
          </Text>
        ) : null}
        {!following ? (
          <Text size="xs" c="dimmed" data-testid="console-paused">
            autoscroll paused
          </Text>
        ) : null}
      </Group>
      <ConsoleList
        feed={feed}
        version={version}
        hex={hex}
        following={following}
        onFollowingChange={setFollowing}
      />
    </>
  )
})

/**
 * The serial console of one port: the whole view for a device that speaks no frames, and a tab of
 * a serial robot session (`sessionOwned`: the session opened the port; the console shows the text
 * the device prints between frames).
 */
export function SerialConsoleView({
  path,
  sessionOwned = false,
}: {
  path: string
  sessionOwned?: boolean
}): ReactElement {
  const view = useSerialStore((s) => s.consoles[path])
  const [hex, setHex] = useState(false)
  const open = view?.state === 'open'
  return (
    <Stack
      gap="xs"
      style={{ flex: '1 1 auto', minHeight: 0 }}
      data-testid="serial-console"
      data-state={view?.state ?? 'none'}
    >
      <ConsoleToolbar path={path} view={view} hex={hex} onHexChange={setHex} sessionOwned={sessionOwned} />
      {view?.state === 'closed' && view.error ? (
        <Alert
          color="red"
          icon={<IconAlertCircle size={16} />}
          title={`${path} is closed`}
          data-testid="console-error"
        >
          <Text size="sm" className="fd-wrap-anywhere" style={{ whiteSpace: 'pre-wrap' }}>
            {view.error}
          </Text>
        </Alert>
      ) : null}
      <ConsoleBody path={path} view={view} hex={hex} />
      <ConsoleInput path={path} enabled={open} />
    </Stack>
  )
}
