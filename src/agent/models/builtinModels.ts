import { fakeBase } from './fakeBase'
import { fakeBoard } from './fakeBoard'
import { fakeCamera } from './fakeCamera'
import { fakeEncoder } from './fakeEncoder'
import { fakeGeneric } from './fakeGeneric'
import { fakeMotor } from './fakeMotor'
import { fakeMovementSensor } from './fakeMovementSensor'
import { fakeSensor } from './fakeSensor'
import { fakeServo } from './fakeServo'
import { FAKE_SERVICES } from './fakeServices'
import type { ModelFactory } from './Resource'

export const BUILTIN_MODELS: readonly ModelFactory[] = [
  fakeMotor,
  fakeServo,
  fakeBoard,
  fakeSensor,
  fakeMovementSensor,
  fakeEncoder,
  fakeBase,
  fakeCamera,
  fakeGeneric,
  ...FAKE_SERVICES,
]
