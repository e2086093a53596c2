/**
 * Lazy loading of dependencies the discovery path never calls (the Cognito client, the ID-token
 * verifier, the guarded fetcher): each module is imported on the first call, not when the app is built,
 * so a cold start that only answers discovery never parses them. A failed import is retried next call.
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((error: unknown) => {
      loaded = undefined;
      throw error;
    }));
}

type AsyncFunction = (...args: never[]) => Promise<unknown>;

/** A function that imports its implementation on the first call. */
export function lazyFunction<F extends AsyncFunction>(load: () => Promise<F>): F {
  const get = once(load);
  return (async (...args: Parameters<F>) => (await get())(...args)) as F;
}

/** The keys of T that are not async methods: plain values the caller knows without loading anything. */
type ValueKeys<T> = { [K in keyof T]: T[K] extends AsyncFunction ? never : K }[keyof T];

/**
 * An object whose async methods import the implementation on the first call of any of them; its other
 * properties are the `values` given, read without loading anything.
 */
export function lazyMethods<T extends object>(values: Pick<T, ValueKeys<T>>, load: () => Promise<T>): T {
  const get = once(load);
  return new Proxy(values as T, {
    get(target, key) {
      if (Object.hasOwn(target, key)) return target[key as keyof T];
      // Not a thenable, and no symbol-keyed behaviour: only named methods are forwarded.
      if (typeof key !== 'string' || key === 'then') return undefined;
      return async (...args: unknown[]) => {
        const impl = await get();
        const method = impl[key as keyof T] as unknown;
        if (typeof method !== 'function') throw new TypeError(`${key} is not a method of the lazily loaded dependency.`);
        return method.apply(impl, args);
      };
    },
  });
}
