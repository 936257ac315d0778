import { Box, useComputedColorScheme } from '@mantine/core'
import { useEffect, useRef, type ReactElement } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { axisTickLabels, axisWidthFor, yTickSpace } from './axisTickLabels'
import { readingsHistory, useReadingsStore } from '../../state/useReadingsStore'

interface Props {
  partId: string
  name: string
  field: string
  height?: number
}

/**
 * One numeric field of a resource over the last minute, drawn with uPlot: it redraws from the ring
 * buffer in place (no React render per sample), and scales to far more points than this needs.
 */
export function ReadingsPlot({ partId, name, field, height = 140 }: Props): ReactElement {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const dark = useComputedColorScheme('dark') === 'dark'

  useEffect(() => {
    const el = box.current
    if (!el) return
    const axis = dark ? '#909296' : '#495057'
    const grid = dark ? 'rgba(255,255,255,0.07)' : 'rgba(0,0,0,0.07)'
    // A canvas cannot resolve CSS variables: read the accent colour's value once.
    const accent = getComputedStyle(el).getPropertyValue('--mantine-primary-color-filled').trim() || '#228be6'
    const data = readingsHistory(partId, name)?.toColumns([field]) ?? [[], []]
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [
          { stroke: axis, grid: { stroke: grid }, ticks: { stroke: grid }, size: 28 },
          {
            stroke: axis,
            grid: { stroke: grid },
            ticks: { stroke: grid },
            space: (_u, _axis, _min, _max, plotDim) => yTickSpace(plotDim),
            values: (_u, ticks, _axis, _space, increment) => axisTickLabels(ticks, increment),
            size: (_u, values) => axisWidthFor(values ?? []),
          },
        ],
        series: [{}, { label: field, stroke: accent, width: 1.5, spanGaps: false }],
      },
      data,
      el,
    )
    plot.current = u
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }))
    resize.observe(el)
    // Samples arrive through the store; the plot reads its ring buffer when the part's version moves.
    const off = useReadingsStore.subscribe((s, prev) => {
      if (s.version[partId] === prev.version[partId]) return
      const h = readingsHistory(partId, name)
      if (h) u.setData(h.toColumns([field]))
    })
    return () => {
      off()
      resize.disconnect()
      u.destroy()
      plot.current = null
    }
  }, [partId, name, field, height, dark])

  return (
    <Box
      ref={box}
      data-testid="readings-plot"
      data-field={field}
      aria-label={`Plot of ${field} over the last minute`}
      role="img"
    />
  )
}
