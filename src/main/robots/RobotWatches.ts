import type { WatchTopic } from '../../shared/api/robotViews'
import type { LogEntry } from '../../shared/domain/model'
import type { MachineStatus, ReadingsData } from '../../shared/robot/protocol'
import type { RobotClient, Subscription } from '../../shared/robot/RobotClient'
import { errorMessage } from '../../shared/errors/errorMessage'

/** Where the data of the live watches goes (events to the UI, the log cache). */
export interface WatchDeliveries {
  logs(partId: string, entries: LogEntry[]): void
  readings(partId: string, data: ReadingsData): void
  status(partId: string, status: MachineStatus): void
}

export interface WatchRequest {
  topic: WatchTopic
  names?: string[]
  intervalMs?: number
}

interface Watch extends WatchRequest {
  sub?: Subscription
}

/** Log lines a new logs watch starts with. */
const LOG_TAIL = 200

/**
 * What the UI watches on each robot (logs, readings, status), kept across reconnects: after each
 * (re)connection the session's new client is subscribed again, so a view never needs to know the
 * link dropped. One watch per robot and topic; a new request for a topic replaces the old one.
 */
export class RobotWatches {
  private readonly byPart = new Map<string, Map<WatchTopic, Watch>>()

  constructor(private readonly deliver: WatchDeliveries) {}

  /** Subscribes; resolves when the robot accepted, rejects with its refusal (and keeps nothing). */
  async watch(partId: string, client: RobotClient, request: WatchRequest): Promise<void> {
    const byTopic = this.byPart.get(partId) ?? new Map<WatchTopic, Watch>()
    this.byPart.set(partId, byTopic)
    const previous = byTopic.get(request.topic)?.sub
    const watch: Watch = {
      topic: request.topic,
      ...(request.names ? { names: request.names } : {}),
      ...(request.intervalMs ? { intervalMs: request.intervalMs } : {}),
      ...(previous ? { sub: previous } : {}),
    }
    try {
      await this.subscribe(partId, client, watch)
    } catch (err) {
      // The robot refused (an operator session asking for logs, say): say so, keep nothing.
      if (byTopic.get(request.topic) === watch) byTopic.delete(request.topic)
      throw err
    }
    byTopic.set(request.topic, watch)
  }

  async unwatch(partId: string, topic: WatchTopic): Promise<void> {
    const watch = this.byPart.get(partId)?.get(topic)
    this.byPart.get(partId)?.delete(topic)
    await watch?.sub?.unsubscribe().catch(() => undefined)
  }

  /** After a reconnect: every watch of the robot on its new client. */
  resubscribe(partId: string, client: RobotClient): void {
    for (const watch of this.byPart.get(partId)?.values() ?? [])
      this.subscribe(partId, client, watch).catch((err: unknown) =>
        console.error(`watch ${watch.topic} on ${partId} failed after reconnecting:`, errorMessage(err)),
      )
  }

  /** The session was closed on purpose: its watches end with it. */
  forget(partId: string): void {
    this.byPart.delete(partId)
  }

  private async subscribe(partId: string, client: RobotClient, watch: Watch): Promise<void> {
    const sub = await this.open(partId, client, watch)
    void watch.sub?.unsubscribe().catch(() => undefined)
    watch.sub = sub
  }

  private open(partId: string, client: RobotClient, watch: Watch): Promise<Subscription> {
    switch (watch.topic) {
      case 'logs':
        return client.subscribe({ topic: 'logs', tail: LOG_TAIL }, (entries) =>
          this.deliver.logs(partId, entries),
        )
      case 'readings':
        return client.subscribe(
          {
            topic: 'readings',
            names: watch.names ?? [],
            ...(watch.intervalMs ? { intervalMs: watch.intervalMs } : {}),
          },
          (data) => this.deliver.readings(partId, data),
        )
      case 'status':
        return client.subscribe({ topic: 'status' }, (status) => this.deliver.status(partId, status))
    }
  }
}
