import { ActionIcon, Tooltip } from '@mantine/core'
import { IconSettings } from '@tabler/icons-react'
import { useEffect, useState, type ReactElement } from 'react'
import { SettingsDialog } from './SettingsDialog'
import { isSettingsShortcut, SETTINGS_SHORTCUT_LABEL } from './settingsShortcut'

/** The top bar's settings button, and its shortcut from anywhere in the window. */
export function SettingsButton(): ReactElement {
  const [opened, setOpened] = useState(false)

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isSettingsShortcut(e)) return
      e.preventDefault()
      setOpened(true)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const label = `Settings: network, discovery (${SETTINGS_SHORTCUT_LABEL})`
  return (
    <>
      <Tooltip label={label}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          onClick={() => setOpened(true)}
          aria-label={label}
          aria-keyshortcuts="Control+,"
          data-testid="settings-open"
        >
          <IconSettings size={18} />
        </ActionIcon>
      </Tooltip>
      <SettingsDialog opened={opened} onClose={() => setOpened(false)} />
    </>
  )
}
