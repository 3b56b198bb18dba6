/** `fn` called at most once per key: a later call with the same key gets the first call's result (a promise stays shared). */
export function oncePerKey<K, V>(fn: (key: K) => V): (key: K) => V {
  const results = new Map<K, V>();
  return (key) => {
    if (!results.has(key)) results.set(key, fn(key));
    return results.get(key) as V;
  };
}
