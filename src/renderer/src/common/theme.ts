import { createTheme } from '@mantine/core'

/** Monospace for ids, configs and logs; system fonts only, since the app runs offline. */
export const MONO_FONT =
  'ui-monospace, "SFMono-Regular", "JetBrains Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace'

export const theme = createTheme({
  // The one accent colour. Status colours (green, grey, orange) are separate and always come with a word.
  primaryColor: 'blue',
  primaryShade: { light: 7, dark: 5 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: MONO_FONT,
  defaultRadius: 'sm',
  cursorType: 'pointer',
  focusRing: 'auto',
  headings: { fontWeight: '600' },
})

/** The status palette, kept apart from the accent so selection never looks like a status. */
export const statusColor = {
  online: 'green',
  offline: 'gray',
  unreachable: 'orange',
  'never-seen': 'dark',
} as const satisfies Record<string, string>
