import type { ComponentMethod, ComponentType } from './componentMethods'

// What each component method answers: always a JSON object, so a field can be added later without
// breaking callers. Positions and angles carry their unit in the name where it is not obvious.

export type Empty = Record<string, never>
export interface Vector3 {
  x: number
  y: number
  z: number
}
export interface IsMoving {
  isMoving: boolean
}
export interface Readings {
  readings: Record<string, unknown>
}

export interface ComponentResults {
  motor: {
    setPower: Empty
    goFor: Empty
    goTo: Empty
    stop: Empty
    /** Revolutions from home. */
    position: { position: number }
    isMoving: IsMoving
    isPowered: { isOn: boolean; powerPct: number }
    properties: { positionReporting: boolean; maxRpm: number }
  }
  servo: {
    move: Empty
    position: { angleDeg: number }
    isMoving: IsMoving
    stop: Empty
  }
  board: {
    setGpio: Empty
    getGpio: { high: boolean }
    readAnalog: { value: number; min: number; max: number; stepSize: number }
    setPwm: Empty
    pwm: { dutyCyclePct: number }
    setPwmFrequency: Empty
    pwmFrequency: { frequencyHz: number }
    analogNames: { names: string[] }
  }
  sensor: {
    readings: Readings
  }
  movement_sensor: {
    position: { latitude: number; longitude: number; altitudeM: number }
    /** m/s */
    linearVelocity: Vector3
    /** degrees/s */
    angularVelocity: Vector3
    compassHeading: { headingDeg: number }
    orientation: { ox: number; oy: number; oz: number; thetaDeg: number }
    readings: Readings
    properties: {
      positionSupported: boolean
      linearVelocitySupported: boolean
      angularVelocitySupported: boolean
      compassHeadingSupported: boolean
      orientationSupported: boolean
    }
  }
  encoder: {
    position: { position: number; positionType: 'ticks' }
    resetPosition: Empty
    properties: { ticksCountSupported: boolean; angleDegreesSupported: boolean; ticksPerRotation: number }
  }
  base: {
    moveStraight: Empty
    spin: Empty
    setPower: Empty
    setVelocity: Empty
    stop: Empty
    isMoving: IsMoving
    pose: { x: number; y: number; thetaDeg: number }
    properties: { widthMm: number; wheelCircumferenceMm: number; maxMmPerSec: number; maxDegsPerSec: number }
  }
  camera: {
    /** `data` is the image bytes in base64; `frame` counts frames since the camera was built. */
    image: { mimeType: 'image/png'; width: number; height: number; frame: number; data: string }
    properties: { width: number; height: number; fps: number; mimeTypes: string[] }
  }
  generic: {
    doCommand: Record<string, unknown>
  }
}

// Fails to compile when a method is added to COMPONENT_METHODS without a result here, or vice versa.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
type SameMethods = { [T in ComponentType]: Exact<ComponentMethod<T>, keyof ComponentResults[T]> }
const resultsCoverMethods: SameMethods[ComponentType] = true
void resultsCoverMethods

export type ComponentResult<
  T extends ComponentType,
  M extends ComponentMethod<T>,
> = M extends keyof ComponentResults[T] ? ComponentResults[T][M] : never
