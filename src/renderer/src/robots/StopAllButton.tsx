import { Button, Tooltip } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { IconHandStop, IconPlugConnectedX } from '@tabler/icons-react'
import { useEffect, type ReactElement } from 'react'
import type { StopAllResult } from '../../../shared/api/robotViews'
import { getCoreApi } from '../api/getCoreApi'
import { notifyFailure } from '../common/notifyFailure'
import { stopAllVisible } from './sessionText'
import { isStopAllShortcut, STOP_ALL_SHORTCUT_LABEL } from './stopAllShortcut'
import { useRobotStore } from '../state/useRobotStore'

/** What the stop reached and what it did not, in one toast: a partial stop must never look complete. */
function report(result: StopAllResult): void {
  const reached = result.reached.map(
    (r) =>
      `${r.machineName}: ${r.stopped.length > 0 ? `stopped ${r.stopped.join(', ')}` : 'nothing was moving'}`,
  )
  const failed = result.failed.map((f) => `${f.machineName}: NOT REACHED (${f.error})`)
  const none = result.reached.length === 0 && result.failed.length === 0
  notifications.show({
    color: result.failed.length > 0 ? 'red' : 'teal',
    title: none
      ? 'STOP ALL: no machine is connected'
      : result.failed.length > 0
        ? `STOP ALL reached ${result.reached.length} of ${result.reached.length + result.failed.length} machines`
        : `STOP ALL reached ${result.reached.length} machine${result.reached.length === 1 ? '' : 's'}`,
    message: [...failed, ...reached].join('\n') || 'Nothing to stop.',
    autoClose: result.failed.length > 0 ? false : 6_000,
    withBorder: true,
    style: { whiteSpace: 'pre-line' },
  })
}

/** Said when the page has lost the core: pressing STOP ALL here cannot reach any robot. */
export const STOP_ALL_UNAVAILABLE =
  'This page has lost the Fleetdesk core, so STOP ALL cannot reach any robot from here. Stop the machines at the robot (its own stop), or from the Fleetdesk window; robots stop by themselves within half a second once their session goes silent.'

export async function stopAllNow(): Promise<void> {
  const reachable = useRobotStore.getState().coreReachable
  try {
    // Tried even without the core: the link may be back already, and a stop is harmless to repeat.
    report(await getCoreApi().stopAll({}))
  } catch (err) {
    if (reachable) notifyFailure('stop all machines', err)
    else
      notifications.show({
        color: 'red',
        title: 'STOP ALL could not be sent',
        message: STOP_ALL_UNAVAILABLE,
        autoClose: false,
        withBorder: true,
      })
  }
}

/**
 * The red STOP ALL: shown while any machine is connected, sent to every session at once. The
 * keyboard shortcut works from anywhere in the window, also inside inputs, since that is exactly
 * where a hand is when something goes wrong.
 */
export function StopAllButton(): ReactElement | null {
  const visible = useRobotStore((s) => stopAllVisible(Object.values(s.sessions)))

  // Never disabled or debounced: a stop is harmless to repeat, and a second press must always go out.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isStopAllShortcut(e)) return
      e.preventDefault()
      e.stopPropagation()
      void stopAllNow()
    }
    // Capture phase: a focused widget that handles Space itself cannot swallow the stop.
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [])

  const reachable = useRobotStore((s) => s.coreReachable)
  if (!visible) return null
  if (!reachable) {
    // Not a live red button: it cannot reach anything now, and must not look as if it could.
    return (
      <Tooltip label={STOP_ALL_UNAVAILABLE} multiline w={340} withArrow>
        <Button
          color="red"
          variant="outline"
          size="sm"
          fw={700}
          leftSection={<IconPlugConnectedX size={18} aria-hidden="true" />}
          onClick={() => void stopAllNow()}
          aria-keyshortcuts="Control+Shift+Space"
          aria-description={STOP_ALL_UNAVAILABLE}
          data-testid="stop-all"
          data-available="false"
        >
          STOP ALL unavailable
        </Button>
      </Tooltip>
    )
  }
  return (
    <Tooltip label={`Stop every connected machine now (${STOP_ALL_SHORTCUT_LABEL})`} withArrow>
      <Button
        color="red.8"
        variant="filled"
        size="sm"
        fw={800}
        autoContrast
        leftSection={<IconHandStop size={18} aria-hidden="true" />}
        onClick={() => void stopAllNow()}
        aria-keyshortcuts="Control+Shift+Space"
        data-testid="stop-all"
        data-available="true"
      >
        STOP ALL
      </Button>
    </Tooltip>
  )
}
