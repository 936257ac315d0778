/** A simulated machine: its name and its machine config (fake models only). */
export interface SimMachine {
  machineName: string
  config: { components: SimComponent[] }
}

interface SimComponent {
  name: string
  api: string
  model: 'fake'
  attributes?: Record<string, unknown>
  depends_on?: string[]
}

const c = (
  name: string,
  subtype: string,
  attributes?: Record<string, unknown>,
  dependsOn?: string[],
): SimComponent => ({
  name,
  api: `rdk:component:${subtype}`,
  model: 'fake',
  ...(attributes ? { attributes } : {}),
  ...(dependsOn ? { depends_on: dependsOn } : {}),
})

/**
 * Kinds of machines a fleet has, so the simulated fleet looks like one: each uses a different mix of
 * the fake models, with attributes varied by the machine's number so no two are identical.
 */
const KINDS: ReadonlyArray<{ kind: string; components: (n: number) => SimComponent[] }> = [
  {
    kind: 'rover',
    components: (n) => [
      c('base', 'base', { width_mm: 380 + 10 * (n % 5), max_speed_mm_per_sec: 400 + 50 * (n % 4) }),
      c('left-motor', 'motor', { max_rpm: 120 }),
      c('right-motor', 'motor', { max_rpm: 120 }),
      c('left-encoder', 'encoder', { ticks_per_rotation: 360, motor: 'left-motor' }, ['left-motor']),
      c('imu', 'movement_sensor', {
        latitude: 40.7 + n / 1000,
        longitude: -74 - n / 1000,
        speed_m_per_sec: 1.5,
      }),
      c('front-cam', 'camera', { width: 160, height: 120, fps: 5 }),
    ],
  },
  {
    kind: 'arm',
    components: (n) => [
      c('shoulder', 'servo', { min_angle_deg: 0, max_angle_deg: 180, initial_angle_deg: 90 }),
      c('elbow', 'servo', { min_angle_deg: -90, max_angle_deg: 90, initial_angle_deg: 0 }),
      c('wrist', 'servo', { speed_deg_per_sec: 200 + 20 * (n % 5) }),
      c('gripper', 'motor', { max_rpm: 30 }),
      c('controller', 'board', { analogs: [{ name: 'current' }, { name: 'pressure' }] }),
      c('load-cell', 'sensor', { readings: { load_kg: 0 } }),
    ],
  },
  {
    kind: 'station',
    components: (n) => [
      c('air', 'sensor', { base_temperature_c: 18 + (n % 7), readings: { humidity_pct: 40 + (n % 20) } }),
      c('battery', 'sensor', { base_temperature_c: 25, readings: { battery_v: 12 + (n % 10) / 10 } }),
      c('io', 'board'),
      c('ops', 'generic', { initial_counter: n }),
    ],
  },
  {
    kind: 'conveyor',
    components: (n) => [
      c('belt', 'motor', { max_rpm: 60 + 10 * (n % 6) }),
      c('belt-encoder', 'encoder', { ticks_per_rotation: 1024, motor: 'belt' }, ['belt']),
      c('plc', 'board', { default_pwm_frequency_hz: 1000 }),
      c('presence', 'sensor', { readings: { item_present: false } }),
      c('overhead-cam', 'camera', { width: 320, height: 240, fps: 2 }),
    ],
  },
  {
    kind: 'inspection',
    components: (n) => [
      c('cam-left', 'camera', { width: 160, height: 120, fps: 10 }),
      c('cam-right', 'camera', { width: 160, height: 120, fps: 10 }),
      c('pan', 'servo', { min_angle_deg: -45, max_angle_deg: 45, initial_angle_deg: 0 }),
      c('turntable', 'encoder', { ticks_per_rotation: 200, rpm: 2 + (n % 3) }),
      c('vision', 'generic'),
    ],
  },
]

/** The machine for simulator slot `index` (0-based): kinds take turns, names number within a kind. */
export function simMachine(index: number): SimMachine {
  const kind = KINDS[index % KINDS.length] ?? KINDS[0]!
  const n = Math.floor(index / KINDS.length) + 1
  return {
    machineName: `${kind.kind}-${String(n).padStart(2, '0')}`,
    config: { components: kind.components(n) },
  }
}
