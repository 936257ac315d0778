import { z } from 'zod'
import type { Clock } from '../runtime/Clock'
import { encodePng } from './encodePng'
import { defineModel, dispatcher, type Resource } from './Resource'

// A camera that renders a test pattern: a colour gradient that scrolls, a white bar sweeping
// across, and the frame number printed in the corner. The frame number is time since build times
// the frame rate, so the image changes over time and is the same for the same clock reading.

const Attributes = z.looseObject({
  width: z.number().int().min(16).max(1920).default(160),
  height: z.number().int().min(16).max(1080).default(120),
  fps: z.number().positive().max(60).default(10),
})

type CameraAttributes = z.output<typeof Attributes>

// 3x5 digits, one row per string, '#' lit.
const DIGITS: readonly string[][] = [
  ['###', '#.#', '#.#', '#.#', '###'],
  ['.#.', '##.', '.#.', '.#.', '###'],
  ['###', '..#', '###', '#..', '###'],
  ['###', '..#', '.##', '..#', '###'],
  ['#.#', '#.#', '###', '..#', '..#'],
  ['###', '#..', '###', '..#', '###'],
  ['###', '#..', '###', '#.#', '###'],
  ['###', '..#', '.#.', '.#.', '.#.'],
  ['###', '#.#', '###', '#.#', '###'],
  ['###', '#.#', '###', '..#', '###'],
]

export class FakeCamera implements Resource {
  readonly type = 'camera'
  readonly isActuator = false
  private readonly builtAt: number
  private cached: { frame: number; data: string } | undefined

  constructor(
    private readonly clock: Clock,
    private readonly attributes: CameraAttributes,
  ) {
    this.builtAt = clock.now()
  }

  readonly call = dispatcher('camera', {
    image: () => {
      const frame = this.frame()
      if (this.cached?.frame !== frame) {
        this.cached = {
          frame,
          data: encodePng(this.attributes.width, this.attributes.height, this.render(frame)).toString(
            'base64',
          ),
        }
      }
      return {
        mimeType: 'image/png' as const,
        width: this.attributes.width,
        height: this.attributes.height,
        frame,
        data: this.cached.data,
      }
    },
    properties: () => ({
      width: this.attributes.width,
      height: this.attributes.height,
      fps: this.attributes.fps,
      mimeTypes: ['image/png'],
    }),
  })

  frame(): number {
    return Math.floor(((this.clock.now() - this.builtAt) * this.attributes.fps) / 1000)
  }

  /** RGB pixels of one frame. */
  render(frame: number): Uint8Array {
    const { width: w, height: h } = this.attributes
    const rgb = new Uint8Array(w * h * 3)
    const bar = (frame * 4) % w
    const set = (x: number, y: number, r: number, g: number, b: number): void => {
      const i = (y * w + x) * 3
      rgb[i] = r
      rgb[i + 1] = g
      rgb[i + 2] = b
    }
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (x >= bar && x < bar + 6) set(x, y, 255, 255, 255)
        else set(x, y, (Math.floor((x * 255) / w) + frame * 3) & 0xff, Math.floor((y * 255) / h), 96)
      }
    }
    // The frame number, 2x scaled, black on a white box at the top left.
    const text = String(frame)
    const scale = 2
    const boxW = Math.min(w, text.length * 4 * scale + scale)
    const boxH = Math.min(h, 5 * scale + 2 * scale)
    for (let y = 0; y < boxH; y++) for (let x = 0; x < boxW; x++) set(x, y, 255, 255, 255)
    ;[...text].forEach((ch, n) => {
      const glyph = DIGITS[Number(ch)] ?? []
      glyph.forEach((row, gy) => {
        ;[...row].forEach((cell, gx) => {
          if (cell !== '#') return
          for (let dy = 0; dy < scale; dy++) {
            for (let dx = 0; dx < scale; dx++) {
              const px = scale + (n * 4 + gx) * scale + dx
              const py = scale + gy * scale + dy
              if (px < w && py < h) set(px, py, 0, 0, 0)
            }
          }
        })
      })
    })
    return rgb
  }

  readings(): Record<string, unknown> {
    return { frame: this.frame() }
  }

  stop(): void {}
  close(): void {}
}

export const fakeCamera = defineModel({
  api: 'rdk:component:camera',
  model: 'fake',
  attributes: Attributes,
  build: (context, attributes) => new FakeCamera(context.clock, attributes),
})
