declare const harden: (<T>(value: T) => T) | undefined;

/**
 * The base of every error a lesson's services, or the engine, throw into
 * learner code. Learner code catches these, and through one it reaches its
 * class: left unfrozen, that class would be a notice board every compartment
 * shares (two copies of a module, or another side), or a way to change how
 * the spec reads its own errors. So the class is hardened (frozen, with its
 * prototype) when the first one is made under lockdown, which every runtime
 * that runs learner code is.
 */
export class ServiceError extends Error {
  constructor(message: string) {
    super(message);
    if (typeof harden === 'function') harden(new.target);
  }
}
