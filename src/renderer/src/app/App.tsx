import { AppShell, Box } from '@mantine/core'
import { useViewportSize } from '@mantine/hooks'
import { useEffect, type ReactElement } from 'react'
import { startCoreSync } from '../state/coreSync'
import { startRobotSync } from '../state/robotSync'
import { startSerialSync } from '../serial/serialSync'
import { RobotSessionDialog } from '../nearby/RobotSessionDialog'
import { LeaveEditorModal } from '../configure/LeaveEditorModal'
import { ErrorBoundary } from '../common/ErrorBoundary'
import { MainArea } from './MainArea'
import { NoticeBanners } from './NoticeBanners'
import { Sidebar } from './Sidebar'
import { SidebarResizer } from './SidebarResizer'
import { TopBar } from './TopBar'
import { startRouteSync } from '../routes/routeSync'
import { clampSidebarWidth } from '../state/sidebarWidth'
import { useSidebarStore } from '../state/useSidebarStore'

const HEADER = 52

export function App(): ReactElement {
  useEffect(() => startCoreSync(), [])
  useEffect(() => startRobotSync(), [])
  useEffect(() => startSerialSync(), [])
  useEffect(() => startRouteSync(), [])
  const stored = useSidebarStore((s) => s.width)
  const collapsed = useSidebarStore((s) => s.collapsed)
  const { width: viewport } = useViewportSize()
  // Before the first measure the viewport reads 0: use the window's width, so the first paint is right.
  const width = clampSidebarWidth(stored, viewport || window.innerWidth)
  return (
    <AppShell
      header={{ height: HEADER }}
      navbar={{ width, breakpoint: 0, collapsed: { mobile: collapsed, desktop: collapsed } }}
      padding={0}
      // No decorative animation: the sidebar folds and resizes at once.
      transitionDuration={0}
    >
      <AppShell.Header>
        <TopBar />
      </AppShell.Header>
      <AppShell.Navbar aria-label="Fleet" id="fd-sidebar" data-testid="sidebar" data-collapsed={collapsed}>
        <ErrorBoundary what="the fleet sidebar">
          <Sidebar />
        </ErrorBoundary>
        {collapsed ? null : <SidebarResizer width={width} />}
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
