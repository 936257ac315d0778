import { AppShell, Box } from '@mantine/core'
import { useEffect, type ReactElement } from 'react'
import { startCoreSync } from '../state/coreSync'
import { startRobotSync } from '../state/robotSync'
import { RobotSessionDialog } from '../nearby/RobotSessionDialog'
import { LeaveEditorModal } from '../configure/LeaveEditorModal'
import { ErrorBoundary } from '../common/ErrorBoundary'
import { MainArea } from './MainArea'
import { NoticeBanners } from './NoticeBanners'
import { Sidebar } from './Sidebar'
import { TopBar } from './TopBar'

const HEADER = 52
const SIDEBAR = 320

export function App(): ReactElement {
  useEffect(() => startCoreSync(), [])
  useEffect(() => startRobotSync(), [])
  return (
    <AppShell header={{ height: HEADER }} navbar={{ width: SIDEBAR, breakpoint: 0 }} padding={0}>
      <AppShell.Header>
        <TopBar />
      </AppShell.Header>
      <AppShell.Navbar aria-label="Fleet">
        <ErrorBoundary what="the fleet sidebar">
          <Sidebar />
        </ErrorBoundary>
      </AppShell.Navbar>
      <AppShell.Main style={{ height: '100dvh', display: 'flex', flexDirection: 'column' }}>
        <NoticeBanners />
        <Box style={{ flex: '1 1 auto', minHeight: 0, display: 'flex', flexDirection: 'column' }}>
          <MainArea />
        </Box>
      </AppShell.Main>
      <LeaveEditorModal />
      <RobotSessionDialog />
    </AppShell>
  )
}
