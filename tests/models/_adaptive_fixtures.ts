import { assert, assertEquals } from "../_assert.ts";

/**
 * The per-epoch terms of a 4-epoch AdaptiveGNN run with `refreshEvery: 2`, `maxIterations: 3`,
 * `tolerance: 0`, a learnable share starting at 0.3 and every graph term on: co-evolution ran all 3
 * rounds before epochs 1 and 3, every loss term was recorded, and the share moved.
 */
export function assertCoEvolutionTerms(terms: Record<string, number | undefined>[]): void {
  assertEquals(terms.map((t) => t["graph iterations"]), [3, undefined, 3, undefined]);
  assert(terms[0]["graph change"]! >= 0 && terms[2]["graph change"]! >= 0);
  for (const t of terms) {
    for (const key of ["task", "consistency", "sparsity", "connectivity", "smoothness"]) {
      assert(Number.isFinite(t[key]), `${key} missing from ${JSON.stringify(t)}`);
    }
  }
  const share = terms[2]["learned share"]!;
  assert(share > 0 && share < 1 && share !== 0.3, `learned share ${share} should have moved`);
}
