import { Box, Center, Group, Text } from '@mantine/core'
import { IconCameraOff } from '@tabler/icons-react'
import type { ReactElement } from 'react'
import { PanelFrame } from './PanelFrame'
import type { PanelProps } from './panelProps'
import { useCameraFrames } from './useCameraFrames'
import { useComponentCall } from './useComponentCall'

/** A camera: live frames while the tab is on screen; none fetched while it is hidden. */
export function CameraPanel(props: PanelProps): ReactElement {
  const { partId, name, live, active } = props
  const camera = useComponentCall('camera', partId, name)
  const frame = useCameraFrames(camera, live && active)
  return (
    <PanelFrame {...props} type="camera" error={camera.error} onDismissError={camera.clearError}>
      <Box
        style={{
          background: 'var(--mantine-color-dark-8)',
          borderRadius: 'var(--mantine-radius-sm)',
          aspectRatio: frame ? `${frame.width} / ${frame.height}` : '4 / 3',
          overflow: 'hidden',
        }}
      >
        {frame ? (
          <img
            src={frame.src}
            alt={`Live image from ${name}, frame ${frame.frame}`}
            data-testid="camera-image"
            data-frame={frame.frame}
            style={{
              width: '100%',
              height: '100%',
              objectFit: 'contain',
              imageRendering: 'pixelated',
              display: 'block',
            }}
          />
        ) : (
          <Center h="100%">
            <Group gap={6} c="dimmed">
              <IconCameraOff size={18} aria-hidden="true" />
              <Text size="sm">{live ? 'Waiting for the first frame…' : 'Connect to see the camera.'}</Text>
            </Group>
          </Center>
        )}
      </Box>
      {frame ? (
        <Text size="xs" c="dimmed">
          {frame.width}×{frame.height}, frame <span className="fd-mono">{frame.frame}</span>
          {!active ? ' (paused while this tab is hidden)' : ''}
        </Text>
      ) : null}
    </PanelFrame>
  )
}
