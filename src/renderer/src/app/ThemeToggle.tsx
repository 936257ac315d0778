import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core'
import { IconMoon, IconSun } from '@tabler/icons-react'
import { useEffect, type ReactElement } from 'react'
import { getCoreApi } from '../api/getCoreApi'
import { runAction } from '../common/notifyFailure'
import { useAppStore } from '../state/useAppStore'

/** Dark by default (kinder on a dim shop floor); the choice is kept in the core's settings. */
export function ThemeToggle(): ReactElement {
  const { setColorScheme } = useMantineColorScheme()
  const scheme = useComputedColorScheme('dark')
  const ready = useAppStore((s) => s.identity !== null)

  // Adopt the saved theme once the core is reachable (Mantine's localStorage covers the first paint).
  useEffect(() => {
    if (!ready) return
    let live = true
    getCoreApi()
      .getSettings({})
      .then((s) => {
        if (live) setColorScheme(s.theme)
      })
      .catch(() => undefined) // keep the local choice; the toggle still works
    return () => {
      live = false
    }
  }, [ready, setColorScheme])

  const next = scheme === 'dark' ? 'light' : 'dark'
  const toggle = (): void => {
    setColorScheme(next)
    void runAction('remember the theme', () => getCoreApi().updateSettings({ theme: next }))
  }
  return (
    <Tooltip label={`Switch to the ${next} theme`}>
      <ActionIcon
        variant="subtle"
        color="gray"
        size="lg"
        onClick={toggle}
        aria-label={`Switch to the ${next} theme`}
      >
        {scheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  )
}
