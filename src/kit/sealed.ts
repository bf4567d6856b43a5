/**
 * Freezes what a spec hands to learner code (services, options), deeply, so
 * the learner can call it but never change it: not its methods, not the
 * numbers it reports. Under SES lockdown (every runtime that runs learner
 * code) this is `harden`, which also freezes prototypes. Elsewhere, in unit
 * tests that call a spec directly, it is a deep freeze of own properties,
 * which leaves the shared built-in prototypes alone.
 *
 * State a sealed service changes must therefore live in closures or
 * `#private` fields, which freezing does not touch.
 */
declare const harden: (<T>(value: T) => T) | undefined;

export function sealed<T>(value: T): T {
  if (typeof harden === 'function') return harden(value);
  return deepFreeze(value, new WeakSet());
}

function deepFreeze<T>(value: T, seen: WeakSet<object>): T {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value;
  const object = value as object;
  if (seen.has(object)) return value;
  seen.add(object);
  for (const key of Reflect.ownKeys(object)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
    if (descriptor && 'value' in descriptor) deepFreeze(descriptor.value, seen);
  }
  Object.freeze(object);
  return value;
}
