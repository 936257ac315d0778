import { Bonjour, type ServiceConfig } from 'bonjour-service'
import type { MdnsOptions } from './mdnsOptions'
import { asError } from '../../shared/errors/errorMessage'

/**
 * A Bonjour instance whose multicast-dns socket uses exactly the given interface. bonjour-service
 * hands its first argument to multicast-dns but types it as a service config, so the socket options
 * are passed through this one cast. Errors are reported instead of thrown (bonjour-service's default
 * throws from inside a socket callback, which would take the process down).
 */
export function createBonjour(mdns: MdnsOptions, onError: (error: Error) => void): Bonjour {
  const socketOptions = { interface: mdns.interface, bind: mdns.bind }
  return new Bonjour(socketOptions as Partial<ServiceConfig>, (err: unknown) => onError(asError(err)))
}
