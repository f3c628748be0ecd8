package dev.scangate.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small bounded least-recently-used map, synchronized. Used instead of Caffeine to keep this
 * library's dependencies to CEL alone; the caches it backs are small and rarely contended.
 */
final class LruCache<K, V> {

  private final Map<K, V> map;

  LruCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("cache capacity must be positive, got " + capacity);
    }
    this.map = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The cached value, or null. */
  V getIfPresent(K key) {
    synchronized (map) {
      return map.get(key);
    }
  }

  void put(K key, V value) {
    synchronized (map) {
      map.put(key, value);
    }
  }

  /**
   * The cached value, or the computed one (which is then cached). The computation runs outside
   * the lock, so two threads may compute the same value; both results are equal.
   */
  V get(K key, Function<K, V> loader) {
    V value = getIfPresent(key);
    if (value == null) {
      value = loader.apply(key);
      put(key, value);
    }
    return value;
  }

  int size() {
    synchronized (map) {
      return map.size();
    }
  }
}
