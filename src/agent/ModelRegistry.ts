import { BUILTIN_MODELS } from './models/builtinModels'
import type { ModelFactory } from './models/Resource'

// Which models this agent can build, by API and model name. Configs name the built-in models
// either "fake" or by their full triplet "rdk:builtin:fake"; both find the same factory. A service
// entry without a model means viam-server's built-in one ("builtin"), as users write data_manager.

function normalizeModel(model: string): string {
  return model.startsWith('rdk:builtin:') ? model.slice('rdk:builtin:'.length) : model
}

export class ModelRegistry {
  private readonly factories = new Map<string, ModelFactory>()

  constructor(factories: readonly ModelFactory[] = BUILTIN_MODELS) {
    for (const factory of factories) this.add(factory)
  }

  add(factory: ModelFactory): void {
    this.factories.set(`${factory.api}|${normalizeModel(factory.model)}`, factory)
  }

  find(api: string, model: string | undefined): ModelFactory | undefined {
    if (model === undefined) return api.startsWith('rdk:service:') ? this.find(api, 'builtin') : undefined
    return this.factories.get(`${api}|${normalizeModel(model)}`)
  }

  /** Model names available for an API, for error messages. */
  modelsFor(api: string): string[] {
    return [...this.factories.values()].filter((f) => f.api === api).map((f) => f.model)
  }
}
