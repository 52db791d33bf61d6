/**
 * Internal helpers shared by the splitters: grouping labelled nodes by class.
 *
 * @module
 */

/** Nodes grouped by class: members of class `c` are `nodes[start[c]..start[c+1]]`, ascending. */
export interface ClassGroups {
  readonly numClasses: number;
  readonly start: Int32Array;
  readonly nodes: Int32Array;
}

/**
 * Groups nodes by label with a counting sort. Nodes with a negative label (unlabelled, as in
 * some OGB data sets) belong to no class and are left out.
 */
export function groupByClass(y: Int32Array): ClassGroups {
  let numClasses = 0;
  for (let i = 0; i < y.length; i++) if (y[i] + 1 > numClasses) numClasses = y[i] + 1;
  const start = new Int32Array(numClasses + 1);
  for (let i = 0; i < y.length; i++) if (y[i] >= 0) start[y[i] + 1]++;
  for (let c = 0; c < numClasses; c++) start[c + 1] += start[c];
  const cursor = start.slice(0, numClasses);
  const nodes = new Int32Array(start[numClasses]);
  for (let i = 0; i < y.length; i++) if (y[i] >= 0) nodes[cursor[y[i]]++] = i;
  return { numClasses, start, nodes };
}

/** A sorted copy of collected indices. */
export function sortedIndex(values: ArrayLike<number>, length = values.length): Int32Array {
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) out[i] = values[i];
  return out.sort();
}
