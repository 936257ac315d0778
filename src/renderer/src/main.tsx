// First: configures zod before any schema module is evaluated (see the file).
import './common/zodJitless'
import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import './styles/app.css'
import './app/navigation.css'
import './configure/notices.css'
import './logs/logs.css'
import './serial/serial.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { App } from './app/App'
import { theme } from './common/theme'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="dark">
      <Notifications position="bottom-right" limit={5} />
      <App />
    </MantineProvider>
  </StrictMode>,
)
