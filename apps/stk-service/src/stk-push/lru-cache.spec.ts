import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('creates once per key and hands back the same value', () => {
    const cache = new LruCache<object>(2);
    const first = cache.getOrCreate('a', () => ({}));
    expect(cache.getOrCreate('a', () => ({}))).toBe(first);
    expect(cache.size).toBe(1);
  });

  it('evicts the least recently used entry past its bound, and hands it to onEvict', () => {
    const evicted: string[] = [];
    const cache = new LruCache<string>(2, (value) => evicted.push(value));
    cache.getOrCreate('a', () => 'A');
    cache.getOrCreate('b', () => 'B');
    cache.getOrCreate('a', () => 'A2'); // a is now the most recently used
    cache.getOrCreate('c', () => 'C');
    expect(evicted).toEqual(['B']);
    expect([cache.has('a'), cache.has('b'), cache.has('c'), cache.size]).toEqual([true, false, true, 2]);
    cache.clear();
    expect(evicted).toEqual(['B', 'A', 'C']);
    expect(cache.size).toBe(0);
  });
});
