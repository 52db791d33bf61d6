/**
 * JSON with sorted object keys, so that two configs built in different key orders compare equal.
 *
 * @module
 */

/** `JSON.stringify(value)` with every object's keys sorted. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
        : v,
  );
}
