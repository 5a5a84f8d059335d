// DataLoaders that report cache hits, for the `dataloader_deduplicated_total` metric.
import DataLoader from 'dataloader';

/**
 * A DataLoader that reports cache hits. DataLoader answers a key from its cache (a duplicate in
 * the same batch, a later load, a primed entry) without calling the batch function; `loadMany`
 * goes through `load`, so every lookup passes here exactly once. `prime` is not a lookup.
 */
class ObservedDataLoader<K, V> extends DataLoader<K, V, string | K> {
  private readonly cache: Map<string | K, Promise<V>>;
  private readonly cacheKey: (key: K) => string;
  private readonly onHit: () => void;

  constructor(
    batch: DataLoader.BatchLoadFn<K, V>,
    cache: Map<string | K, Promise<V>>,
    cacheKey: (key: K) => string,
    onHit: () => void,
  ) {
    super(batch, { cacheMap: cache, cacheKeyFn: cacheKey });
    this.cache = cache;
    this.cacheKey = cacheKey;
    this.onHit = onHit;
  }

  override load(key: K): Promise<V> {
    if (this.cache.has(this.cacheKey(key))) this.onHit();
    return super.load(key);
  }
}

/** A loader over `batch`; with `onDeduplicated`, every lookup answered from its cache is told. */
export function createObservedLoader<V, K = string>(
  batch: DataLoader.BatchLoadFn<K, V>,
  onDeduplicated: ((count: number) => void) | undefined,
  cacheKeyFn?: (key: K) => string,
): DataLoader<K, V, string | K> {
  const cacheKey = cacheKeyFn ?? ((key: K) => key as unknown as string);
  if (onDeduplicated === undefined) {
    return new DataLoader<K, V, string | K>(batch, { cacheKeyFn: cacheKey });
  }
  return new ObservedDataLoader<K, V>(batch, new Map(), cacheKey, () => onDeduplicated(1));
}
