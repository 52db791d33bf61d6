import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { ContentCache, fingerprint } from "../../lib/graph/_content_cache.ts";

Deno.test("fingerprint() is equal for equal content and changes with any one edited word", () => {
  // Lengths around the four-lane blocks, plus float, byte and unaligned views.
  for (const length of [0, 1, 3, 4, 5, 8, 13]) {
    const ints = Int32Array.from({ length }, (_, i) => i * 7 - 3);
    assertEquals(fingerprint([ints]), fingerprint([ints.slice()]), `Int32Array(${length}) copy`);
    for (let i = 0; i < length; i++) {
      const edited = ints.slice();
      edited[i] += 1;
      assert(fingerprint([edited]) !== fingerprint([ints]), `Int32Array(${length}) word ${i}`);
    }
  }
  const floats = new Float32Array([0.5, 1, 2]);
  const before = fingerprint([floats]);
  floats[2] = 2.0000002;
  assert(fingerprint([floats]) !== before, "a float edit in the last bit");
  const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
  const unaligned = bytes.subarray(1);
  const stamp = fingerprint([unaligned]);
  assertEquals(fingerprint([new Uint8Array([2, 3, 4, 5, 6, 7])]), stamp, "same bytes elsewhere");
  bytes[6] = 0;
  assert(fingerprint([unaligned]) !== stamp, "an edit in an unaligned view");
});

Deno.test("fingerprint() tells lengths, numbers, absent arrays and their order apart", () => {
  const a = new Int32Array([1, 2]);
  const b = new Int32Array([3]);
  const stamps = [
    fingerprint([a, b]),
    fingerprint([b, a]),
    fingerprint([new Int32Array([1, 2, 3])]),
    fingerprint([a, b, 4]),
    fingerprint([a, b, 5]),
    fingerprint([a, b, undefined]),
    fingerprint([a, new Int32Array([3, 0])]),
  ];
  assertEquals(new Set(stamps).size, stamps.length, stamps.join(" "));
});

Deno.test("ContentCache returns the cached value while the content holds and rebuilds after an edit", () => {
  const cache = new ContentCache<{ sum: number }>();
  const a = new Float32Array([1, 2, 3]);
  const key = {};
  let builds = 0;
  const sum = () =>
    cache.get([a, key], [a], () => {
      builds++;
      return { sum: a.reduce((s, v) => s + v, 0) };
    });
  const first = sum();
  assert(sum() === first, "unchanged content: the same object");
  assertEquals(builds, 1);
  a[1] = 20;
  const second = sum();
  assertEquals([second.sum, builds], [24, 2]);
  assert(sum() === second, "the rebuilt entry is cached again");
  assert(cache.get([a], [a], () => ({ sum: -1 })).sum === -1, "other keys, other entry");
  assertThrows(
    () =>
      cache.get([a, {}], [a], () => {
        throw new RangeError("Cannot build: broken");
      }),
    RangeError,
    "Cannot build: broken",
  );
  assertEquals(
    cache.get([a, key], [a], () => ({ sum: -2 })),
    second,
    "a failed build caches nothing",
  );
});
