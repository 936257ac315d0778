import type { ConsoleLine } from '../api/serialViews'

export const MAX_CONSOLE_LINES = 10_000
/** About 8 MB of UTF-16 text: 10,000 lines of 400 characters. */
export const MAX_CONSOLE_CHARS = 4_000_000

/** The weight of a line against the character cap (a small constant for the row itself). */
export const lineWeight = (line: ConsoleLine): number => line.text.length + (line.hex?.length ?? 0) + 32

/**
 * The last lines of a console, capped by count and by size; what falls off the front is counted,
 * so the view can say "N lines trimmed". Shared by the core and the renderer's copy (pure).
 */
export class ConsoleBuffer {
  private lines: ConsoleLine[] = []
  private head = 0
  private chars = 0
  trimmed = 0

  constructor(
    private readonly maxLines = MAX_CONSOLE_LINES,
    private readonly maxChars = MAX_CONSOLE_CHARS,
  ) {}

  get size(): number {
    return this.lines.length - this.head
  }

  add(lines: readonly ConsoleLine[]): void {
    for (const line of lines) {
      this.lines.push(line)
      this.chars += lineWeight(line)
    }
    while (this.size > this.maxLines || (this.chars > this.maxChars && this.size > 1)) {
      this.chars -= lineWeight(this.lines[this.head]!)
      this.head++
      this.trimmed++
    }
    // Compacted now and then, so dropping from the front stays cheap.
    if (this.head > 1024 && this.head > this.lines.length / 2) {
      this.lines = this.lines.slice(this.head)
      this.head = 0
    }
  }

  toArray(): ConsoleLine[] {
    return this.lines.slice(this.head)
  }

  at(index: number): ConsoleLine | undefined {
    return this.lines[this.head + index]
  }

  clear(): void {
    this.lines = []
    this.head = 0
    this.chars = 0
    this.trimmed = 0
  }
}
