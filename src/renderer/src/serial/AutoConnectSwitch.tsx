import { Switch, Tooltip } from '@mantine/core'
import { useEffect, useState, type ReactElement } from 'react'
import { getCoreApi } from '../api/getCoreApi'
import { runAction } from '../common/notifyFailure'

/**
 * Auto-connect for the serial ports (off by default, kept in the core's settings): a device plugged
 * in that answers as a Fleetdesk agent, with its secret remembered here, is connected by itself.
 */
export function AutoConnectSwitch(): ReactElement {
  const [enabled, setEnabled] = useState<boolean | null>(null)
  useEffect(() => {
    let live = true
    getCoreApi()
      .getSettings({})
      .then((s) => {
        if (live) setEnabled(s.serialAutoConnect)
      })
      .catch(() => undefined) // the core is away: the switch stays disabled until it is back
    return () => {
      live = false
    }
  }, [])
  const change = async (next: boolean): Promise<void> => {
    const saved = await runAction('change auto-connect', () =>
      getCoreApi().setSerialAutoConnect({ enabled: next }),
    )
    if (saved) setEnabled(saved.enabled)
  }
  return (
    <Tooltip
      label="Connect by itself to a newly plugged device that answers as a Fleetdesk robot (its secret remembered here). Other devices are left alone."
      multiline
      w={260}
    >
      <Switch
        size="xs"
        label="Auto-connect"
        checked={enabled === true}
        disabled={enabled === null}
        onChange={(e) => void change(e.currentTarget.checked)}
        data-testid="serial-auto-connect"
        styles={{ label: { fontSize: 'var(--mantine-font-size-xs)', paddingInlineStart: 4 } }}
      />
    </Tooltip>
  )
}
