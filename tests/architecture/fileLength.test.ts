import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listFiles, repoRoot } from './importGraph'

// Small modules named for their main export: a source file is split before it passes 400 lines.
const LIMIT = 400
const sources = listFiles('src', /\.(ts|tsx|mts|mjs|js|css|html)$/)

const lineCount = (file: string): number => {
  const text = readFileSync(resolve(repoRoot, file), 'utf8')
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
}

describe('source file length', () => {
  it(`keeps every file in src at ${LIMIT} lines or fewer`, () => {
    expect(sources.length).toBeGreaterThan(100)
    const long = sources
      .map((file) => ({ file, lines: lineCount(file) }))
      .filter(({ lines }) => lines > LIMIT)
      .map(({ file, lines }) => `${file}: ${lines} lines`)
    expect(long, `files over ${LIMIT} lines`).toEqual([])
  })
})
