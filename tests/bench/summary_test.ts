import { assertEquals, assertThrows } from "../_assert.ts";
import {
  formatRatio,
  markdownTable,
  median,
  pairedRatio,
  sideOrder,
  summarize,
} from "../../bench/_summary.ts";

Deno.test("sideOrder() alternates which side runs first, starting with ours", () => {
  const orders = [0, 1, 2, 3].map(sideOrder);
  assertEquals(orders, [
    ["ours", "reference"],
    ["reference", "ours"],
    ["ours", "reference"],
    ["reference", "ours"],
  ]);
});

Deno.test("median() takes the middle value, or the mean of the middle two", () => {
  const cases: [number[], number][] = [
    [[5], 5],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
    [[100, 1, 2], 2],
  ];
  for (const [values, expected] of cases) assertEquals(median(values), expected);
  assertThrows(() => median([]), RangeError);
});

Deno.test("summarize() takes medians of figures and keeps labels, or reports a failed round", () => {
  const rounds = [
    { ms: 30, acc: 0.8, backend: "wasm" },
    { ms: 10, acc: 0.8, backend: "wasm" },
    { ms: 20, acc: 0.8, backend: "wasm" },
  ];
  assertEquals(summarize(rounds), { ms: 20, acc: 0.8, backend: "wasm" });
  assertEquals(summarize([{ ms: 1 }, { error: "exit 1: out of memory" }]), {
    error: "exit 1: out of memory",
  });
});

Deno.test("pairedRatio() pairs rounds by index, not medians with medians", () => {
  // Load doubled in round 2 for both sides: per-round ratios are 1, 1, 1.
  const ours = [{ ms: 10 }, { ms: 20 }, { ms: 12 }];
  const ref = [{ ms: 10 }, { ms: 20 }, { ms: 12 }];
  assertEquals(pairedRatio(ours, ref, "ms"), { median: 1, min: 1, max: 1 });
  // A different reference key, and a round whose reference failed is left out.
  const r = pairedRatio(
    [{ a: 3 }, { a: 6 }, { a: 4 }],
    [{ b: 2 }, { error: "x" }, { b: 2 }],
    "a",
    "b",
  );
  assertEquals(r, { median: 1.75, min: 1.5, max: 2 });
  assertEquals(pairedRatio([{ a: 1 }], [], "a"), undefined);
});

Deno.test("formatRatio() gives two decimals and the range where the rounds differ at two decimals", () => {
  assertEquals(formatRatio({ median: 0.956, min: 0.9, max: 1.034 }), "0.96x (0.90-1.03)");
  assertEquals(formatRatio({ median: 1.5, min: 1.5, max: 1.5 }), "1.50x");
  assertEquals(formatRatio({ median: 0.16, min: 0.1601, max: 0.1649 }), "0.16x");
});

Deno.test("markdownTable() pads columns as deno fmt does and escapes pipes", () => {
  const md = markdownTable([
    { measurement: "GCN Cora", ours: "2.84 s", "met?": "yes" },
    { measurement: "a|b", ours: "1 ms", "met?": "NO" },
  ]);
  assertEquals(
    md,
    [
      "| measurement | ours   | met? |",
      "| ----------- | ------ | ---- |",
      "| GCN Cora    | 2.84 s | yes  |",
      "| a\\|b        | 1 ms   | NO   |",
    ].join("\n"),
  );
  assertThrows(() => markdownTable([]), RangeError);
});
