/// @playground 1
// A Fast Under Load playground. Open it in the playground (Open a file), or time it
// from a terminal with: npm run bench -- examples/playground/await-loop-vs-all.ts
/// @options {"title":"await in a loop vs Promise.all","baseline":"await in a loop","size":8,"compare":true}

/// @setup
import type { SetupContext } from './types';

// Loading `size` users from a service that answers each request after about
// 1 ms (simulated with setTimeout). Both snippets return the same users, in
// the same order.
//
// What to look for: the loop waits for each answer before it asks for the
// next, so its time is the sum of the waits, about `size` ms. Promise.all
// sends every request first and then waits once, so its time is about the
// slowest single wait, whatever the size. The CPU does almost nothing in
// either: this is time spent waiting, and only overlapping the waits helps.
// (A real service may limit how many requests it takes at once; lesson 03 is
// about that.)
export function setup({ rng, size }: SetupContext) {
  const ids = Array.from({ length: size }, () => rng.int(1, 100_000));
  const fetchUser = (id: number) =>
    new Promise<{ id: number; name: string }>((resolve) => setTimeout(() => resolve({ id, name: `user ${id}` }), 1));
  return { ids, fetchUser };
}

export type Input = ReturnType<typeof setup>;

/// @snippet await in a loop
import type { Input } from './setup';

export async function run({ ids, fetchUser }: Input) {
  const users = [];
  for (const id of ids) users.push(await fetchUser(id));
  return users;
}

/// @snippet Promise.all
import type { Input } from './setup';

export async function run({ ids, fetchUser }: Input) {
  return Promise.all(ids.map((id) => fetchUser(id)));
}
