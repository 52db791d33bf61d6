/**
 * Number formatting that matches Python's, for sklearn-identical text output.
 *
 * @module
 */

/**
 * Formats like Python's `format(x, ".{digits}f")`: exact binary ties round half to even
 * (`0.125` -> `"0.12"`), where `toFixed` rounds them up.
 */
export function pyFixed(x: number, digits: number): string {
  const rounded = x.toFixed(digits);
  const exact = x.toFixed(Math.min(100, digits + 30));
  const cut = exact.length - 30;
  if (exact.slice(cut) !== "5" + "0".repeat(29)) return rounded;
  const truncated = exact.slice(0, digits === 0 ? cut - 1 : cut);
  return Number(truncated.at(-1)) % 2 === 0 ? truncated : rounded;
}
