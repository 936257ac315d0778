import { z } from 'zod'

// The component methods a session may call, per component type: an allow-list (anything else is
// "not found") with an argument schema each. `motion` marks commands that set an actuator moving:
// they need a live session (heartbeats), and the watchdog stops whatever a session moved when it
// goes silent. Names follow the usual robot component APIs in camelCase.

export interface ComponentMethodSpec {
  args: z.ZodType
  motion: boolean
  description: string
}

const spec = <S extends z.ZodRawShape>(shape: S, motion: boolean, description: string) => ({
  args: z.object(shape).strict(),
  motion,
  description,
})
const read = (description: string) => spec({}, false, description)

const pin = z.string().min(1).max(32)
const unit = z.number().min(-1).max(1)
const vector = z.object({ x: unit.default(0), y: unit.default(0), z: unit.default(0) }).strict()
const velocity = z
  .object({ x: z.number().default(0), y: z.number().default(0), z: z.number().default(0) })
  .strict()

export const COMPONENT_METHODS = {
  motor: {
    setPower: spec({ power: unit }, true, 'Run at a fraction of full power, -1 (full reverse) to 1.'),
    goFor: spec(
      { rpm: z.number(), revolutions: z.number() },
      true,
      'Turn the given revolutions at rpm (the signs multiply for the direction); 0 revolutions runs until stopped. Returns at once.',
    ),
    goTo: spec(
      { rpm: z.number(), position: z.number() },
      true,
      'Turn at |rpm| to the absolute position in revolutions. Returns at once.',
    ),
    stop: read('Cut power.'),
    position: read('Position in revolutions from home.'),
    isMoving: read('Whether the motor is turning.'),
    isPowered: read('Whether power is applied and how much.'),
    properties: read('What the motor supports.'),
  },
  servo: {
    move: spec({ angleDeg: z.number() }, true, 'Move to the angle in degrees (within the configured range).'),
    position: read('Current angle in degrees.'),
    isMoving: read('Whether the servo is still travelling.'),
    stop: read('Hold the current angle.'),
  },
  board: {
    setGpio: spec({ pin, high: z.boolean() }, false, 'Drive a GPIO pin high or low.'),
    getGpio: spec({ pin }, false, 'Read a GPIO pin.'),
    readAnalog: spec({ name: z.string().min(1).max(64) }, false, 'Read an analog reader by name.'),
    setPwm: spec({ pin, dutyCyclePct: z.number().min(0).max(100) }, false, 'Set a pin’s PWM duty cycle.'),
    pwm: spec({ pin }, false, 'A pin’s PWM duty cycle in percent.'),
    setPwmFrequency: spec(
      { pin, frequencyHz: z.number().min(0).max(1_000_000) },
      false,
      'Set PWM frequency.',
    ),
    pwmFrequency: spec({ pin }, false, 'A pin’s PWM frequency in Hz.'),
    analogNames: read('Names of the analog readers.'),
  },
  sensor: {
    readings: read('Current readings.'),
  },
  movement_sensor: {
    position: read('Latitude, longitude (degrees) and altitude (m).'),
    linearVelocity: read('Linear velocity in m/s.'),
    angularVelocity: read('Angular velocity in degrees/s.'),
    compassHeading: read('Heading in degrees clockwise from north.'),
    orientation: read('Orientation vector in degrees.'),
    readings: read('All of the above in one reading.'),
    properties: read('Which readings are supported.'),
  },
  encoder: {
    position: read('Position in ticks.'),
    resetPosition: read('Make the current position zero.'),
    properties: read('What the encoder supports.'),
  },
  base: {
    moveStraight: spec(
      { distanceMm: z.number(), mmPerSec: z.number() },
      true,
      'Drive straight for the distance (signs multiply for the direction). Returns at once.',
    ),
    spin: spec(
      { angleDeg: z.number(), degsPerSec: z.number() },
      true,
      'Turn in place by the angle, counter-clockwise positive. Returns at once.',
    ),
    setPower: spec(
      { linear: vector, angular: vector },
      true,
      'Drive at fractions of full power (-1..1); y forward, z turn.',
    ),
    setVelocity: spec(
      { linear: velocity, angular: velocity },
      true,
      'Drive at mm/s (y forward) and degrees/s (z).',
    ),
    stop: read('Stop driving.'),
    isMoving: read('Whether the base is driving.'),
    pose: read('Dead-reckoned pose since start: x, y in mm, theta in degrees.'),
    properties: read('Width and wheel circumference.'),
  },
  camera: {
    image: read('The current frame as a base64 PNG.'),
    properties: read('Image size and frame rate.'),
  },
  generic: {
    doCommand: spec({ command: z.record(z.string(), z.unknown()) }, false, 'Run a model-specific command.'),
  },
} as const satisfies Record<string, Record<string, ComponentMethodSpec>>

export type ComponentType = keyof typeof COMPONENT_METHODS
export type ComponentMethod<T extends ComponentType> = keyof (typeof COMPONENT_METHODS)[T] & string
type SpecOf<T extends ComponentType, M extends ComponentMethod<T>> = (typeof COMPONENT_METHODS)[T][M]
/** Arguments as a caller writes them (defaults may be left out). */
export type ComponentArgsInput<T extends ComponentType, M extends ComponentMethod<T>> =
  SpecOf<T, M> extends { args: infer A extends z.ZodType } ? z.input<A> : never
/** Arguments after validation, as a model receives them. */
export type ComponentArgs<T extends ComponentType, M extends ComponentMethod<T>> =
  SpecOf<T, M> extends { args: infer A extends z.ZodType } ? z.output<A> : never

export const COMPONENT_TYPES = Object.keys(COMPONENT_METHODS) as ComponentType[]

export function isComponentType(value: string): value is ComponentType {
  return Object.hasOwn(COMPONENT_METHODS, value)
}

/** The method spec, or undefined when the type has no such method (prototype keys never match). */
export function componentMethodSpec(type: ComponentType, method: string): ComponentMethodSpec | undefined {
  const methods: Record<string, ComponentMethodSpec> = COMPONENT_METHODS[type]
  return Object.hasOwn(methods, method) ? methods[method] : undefined
}

/** `rdk:component:motor` -> `motor`; undefined for services and types this protocol does not know. */
export function componentTypeOfApi(api: string): ComponentType | undefined {
  const [namespace, kind, subtype] = api.split(':')
  if (namespace !== 'rdk' || kind !== 'component' || subtype === undefined) return undefined
  return isComponentType(subtype) ? subtype : undefined
}
