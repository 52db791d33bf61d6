import { gunzipSync } from "node:zlib";
import { assertEquals, assertThrows } from "../_assert.ts";
import { rawDataFile } from "../_data.ts";
import { timeSplit } from "../../lib/splits/time_split.ts";
import { assertSortedDisjoint } from "./_checks.ts";

Deno.test("timeSplit() splits at the inclusive year bounds", () => {
  const years = [2018, 2017, 2019, 1999, 2018, 2020, 2017];
  const s = timeSplit(years, { trainUntil: 2017, valUntil: 2018 });
  assertEquals(Array.from(s.train), [1, 3, 6]);
  assertEquals(Array.from(s.val), [0, 4]);
  assertEquals(Array.from(s.test), [2, 5]);
  assertEquals(s.name, "time");
});

Deno.test("timeSplit() reproduces OGB's ogbn-arxiv split sizes 90941/29799/48603", async () => {
  const gz = await rawDataFile("ogbn_arxiv-gnnguard/raw/node_year.csv.gz");
  const years = new TextDecoder().decode(gunzipSync(gz)).trim().split("\n").map(Number);
  assertEquals(years.length, 169343);
  const s = timeSplit(years, { trainUntil: 2017, valUntil: 2018 });
  assertSortedDisjoint(s);
  assertEquals([s.train.length, s.val.length, s.test.length], [90941, 29799, 48603]);
});

Deno.test("timeSplit() rejects reversed bounds and non-finite years", () => {
  assertThrows(() => timeSplit([2000], { trainUntil: 2018, valUntil: 2017 }), {
    message: "Cannot split nodes by time: valUntil (2017) must not be before trainUntil (2018)",
  });
  assertThrows(() => timeSplit([2000, NaN], { trainUntil: 2017, valUntil: 2018 }), {
    message: "Cannot split nodes by time: year of node 1 is NaN",
  });
});
