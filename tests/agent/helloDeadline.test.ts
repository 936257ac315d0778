import { afterEach, describe, expect, it } from 'vitest'
import { HELLO_DEADLINE_MS } from '../../src/agent/AgentSession'
import type { ManualClock } from '../../src/agent/runtime/ManualClock'
import { nextEvent } from '../support/eventually'
import { startHarness, type Harness } from './agentHarness'

let harness: Harness | undefined
afterEach(async () => {
  await harness?.agent.close()
  harness = undefined
})

describe('the hello deadline', () => {
  it('closes a connection that never authenticates, and only that one', async () => {
    harness = await startHarness()
    const clock = harness.clock as ManualClock
    const silent = harness.connect()
    const owner = await harness.owner()
    const closed = nextEvent<string>('the silent connection closed', (listener) =>
      silent.channel.onClose(listener),
    )

    clock.advance(HELLO_DEADLINE_MS - 1)
    expect(silent.channel.isOpen).toBe(true)
    clock.advance(1)
    expect(await closed).toBe(`no session.hello within ${HELLO_DEADLINE_MS / 1000} s`)
    // The authenticated session goes on past the deadline.
    expect(owner.isOpen).toBe(true)
    expect(await owner.status()).toMatchObject({ partId: expect.any(String) })
    owner.close()
  })
})
