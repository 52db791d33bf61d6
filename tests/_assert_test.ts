/**
 * Proves the assertion helpers can fail: each one on a wrong class, a wrong message and no throw,
 * and pins what `assertEquals` (`node:assert`'s `deepStrictEqual`) does with typed arrays, `-0` and
 * `NaN`. Failures are caught by hand here, not with the helpers under test.
 */
import { AssertionError } from "node:assert/strict";
import {
  assertAllClose,
  assertEquals,
  assertRejects,
  assertStrictEquals,
  assertThrows,
} from "./_assert.ts";

/** The error `fn` throws; throws itself when `fn` does not. */
function failureOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the assertion to fail, but it passed");
}

async function asyncFailureOf(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the assertion to fail, but it passed");
}

function assertFailsWith(error: Error, message: string): void {
  assertStrictEquals(error instanceof AssertionError, true, `not an AssertionError: ${error}`);
  assertStrictEquals(error.message, message);
}

const throwRange = () => {
  throw new RangeError("Cannot split nodes: val must be in [0, 1), got 2");
};
const rejectRange = () => Promise.reject(new RangeError("Cannot split nodes: val is 2"));

Deno.test("assertThrows() passes on the right class and message and returns the error", () => {
  const error = assertThrows(throwRange, RangeError, "val must be in [0, 1), got 2");
  assertStrictEquals(error.message, "Cannot split nodes: val must be in [0, 1), got 2");
  // A subclass is an instance of its base class; the message is optional.
  assertStrictEquals(assertThrows(throwRange, Error) instanceof RangeError, true);
  assertStrictEquals(assertThrows(throwRange) instanceof RangeError, true);
});

Deno.test("assertThrows() fails on a wrong class, a wrong message, no throw and a non-Error", () => {
  assertFailsWith(
    failureOf(() => assertThrows(throwRange, TypeError, "val must be")),
    'Expected TypeError with a message including "val must be", but got RangeError: ' +
      '"Cannot split nodes: val must be in [0, 1), got 2"',
  );
  assertFailsWith(
    failureOf(() => assertThrows(throwRange, RangeError, "test must be")),
    'Expected RangeError with a message including "test must be", but got RangeError: ' +
      '"Cannot split nodes: val must be in [0, 1), got 2"',
  );
  // A substring, not a pattern: regex syntax in the expected text is literal.
  failureOf(() => assertThrows(throwRange, RangeError, "val .* got 2"));
  assertFailsWith(
    failureOf(() => assertThrows(() => 1, RangeError, "val")),
    'Expected the function to throw RangeError with a message including "val"',
  );
  assertFailsWith(
    failureOf(() => assertThrows(() => 1, "split first")),
    "Expected the function to throw: split first",
  );
  assertFailsWith(
    failureOf(() =>
      assertThrows(() => {
        throw "text";
      }, Error)
    ),
    "Expected Error, but a non-Error value was thrown: text",
  );
  assertFailsWith(
    failureOf(() => assertThrows(throwRange, TypeError, undefined, "in case 3")),
    'Expected TypeError, but got RangeError: "Cannot split nodes: val must be in [0, 1), got 2"' +
      ": in case 3",
  );
});

Deno.test("assertThrows() checks node:assert matchers: RegExp, object, Error and validator", () => {
  assertThrows(throwRange, /^RangeError: Cannot split nodes: val/);
  assertThrows(throwRange, { message: "Cannot split nodes: val must be in [0, 1), got 2" });
  assertThrows(throwRange, new RangeError("Cannot split nodes: val must be in [0, 1), got 2"));
  assertThrows(throwRange, (e: Error) => e.message.endsWith("got 2"));
  for (
    const matcher of [
      /^Cannot split/, // tested against "RangeError: Cannot split ...", so it does not match
      { message: "Cannot split nodes: val must be in [0, 1)" }, // equality, not a substring
      new TypeError("Cannot split nodes: val must be in [0, 1), got 2"), // the name differs
      (e: Error) => e.message.endsWith("got 3"),
    ]
  ) {
    const error = failureOf(() => assertThrows(throwRange, matcher));
    assertStrictEquals(error instanceof AssertionError, true, String(error));
  }
  assertFailsWith(
    failureOf(() => assertThrows(() => 1, /anything/, "no throw")),
    "Expected the function to throw an error matching the matcher: no throw",
  );
});

Deno.test("assertRejects() passes on the right class and message and returns the reason", async () => {
  const error = await assertRejects(rejectRange, RangeError, "val is 2");
  assertStrictEquals(error.message, "Cannot split nodes: val is 2");
  await assertRejects(rejectRange());
  await assertRejects(rejectRange, { message: "Cannot split nodes: val is 2" });
});

Deno.test("assertRejects() fails on a wrong class, a wrong message, no rejection and a sync throw", async () => {
  assertFailsWith(
    await asyncFailureOf(() => assertRejects(rejectRange, TypeError, "val is 2")),
    'Expected TypeError with a message including "val is 2", but got RangeError: ' +
      '"Cannot split nodes: val is 2"',
  );
  assertFailsWith(
    await asyncFailureOf(() => assertRejects(rejectRange(), RangeError, "val is 3")),
    'Expected RangeError with a message including "val is 3", but got RangeError: ' +
      '"Cannot split nodes: val is 2"',
  );
  assertFailsWith(
    await asyncFailureOf(() => assertRejects(() => Promise.resolve(1), RangeError)),
    "Expected the promise to reject RangeError",
  );
  assertFailsWith(
    await asyncFailureOf(() => assertRejects(Promise.resolve(1), "load first")),
    "Expected the promise to reject: load first",
  );
  assertFailsWith(
    await asyncFailureOf(() =>
      assertRejects(
        (() => {
          throw new RangeError("sync");
        }) as () => Promise<never>,
        RangeError,
      )
    ),
    "Expected the function to return a promise, but it threw: RangeError: sync",
  );
  const error = await asyncFailureOf(() => assertRejects(rejectRange, { message: "val is 2" }));
  assertStrictEquals(error instanceof AssertionError, true, String(error));
});

Deno.test("assertEquals() is deepStrictEqual: -0, NaN and typed arrays", () => {
  const cases: [string, unknown, unknown, boolean][] = [
    ["-0 and 0", -0, 0, false],
    ["[-0] and [0]", [-0], [0], false],
    ["NaN and NaN", NaN, NaN, true],
    ["[NaN] and [NaN]", [NaN], [NaN], true],
    ["Float32Array and Array", new Float32Array([1, 2]), [1, 2], false],
    ["Float32Array and Float64Array", new Float32Array([1, 2]), new Float64Array([1, 2]), false],
    ["Int32Array and Float32Array", new Int32Array([1, 2]), new Float32Array([1, 2]), false],
    ["two Float32Arrays", new Float32Array([1, 2]), new Float32Array([1, 2]), true],
    ["Float32Array [-0] and [0]", new Float32Array([-0]), new Float32Array([0]), false],
    ["Float32Array [NaN] and [NaN]", new Float32Array([NaN]), new Float32Array([NaN]), true],
    ["float32 0.1 as a number and 0.1", Array.from(new Float32Array([0.1])), [0.1], false],
    [
      "a subarray and a copy",
      new Float32Array([0, 1, 2]).subarray(1),
      new Float32Array([1, 2]),
      true,
    ],
    ["{ a: undefined } and {}", { a: undefined }, {}, false],
  ];
  for (const [name, actual, expected, equal] of cases) {
    let passed = true;
    try {
      assertEquals(actual, expected);
    } catch {
      passed = false;
    }
    assertStrictEquals(passed, equal, name);
  }
  // Float arrays compare byte by byte: a NaN with another payload is not equal.
  const otherNaN = new Float32Array(1);
  new DataView(otherNaN.buffer).setUint32(0, 0x7fc00001, true);
  assertStrictEquals(Number.isNaN(otherNaN[0]), true);
  failureOf(() => assertEquals(otherNaN, new Float32Array([NaN])));
});

Deno.test("assertStrictEquals() is Object.is: -0 differs from 0, NaN equals NaN", () => {
  failureOf(() => assertStrictEquals(-0, 0));
  assertStrictEquals(NaN, NaN);
});

Deno.test("assertAllClose() fails on length, distance and NaN, and accepts -0 for 0", () => {
  assertAllClose(new Float32Array([-0, 1]), [0, 1]);
  assertStrictEquals(
    failureOf(() => assertAllClose([1, 2], [1])).message,
    "length 2 != expected 1",
  );
  assertStrictEquals(
    failureOf(() => assertAllClose([1, 2.1], [1, 2], { atol: 0.05, message: "x: " })).message,
    "x: index 1: 2.1 != expected 2 (atol 0.05)",
  );
  failureOf(() => assertAllClose([NaN], [NaN]));
});

Deno.test("assertEquals() and assertStrictEquals() are strict: no type coercion", () => {
  // Deno 2.9.6's named `deepEqual`/`equal` exports of node:assert/strict are loose; these are not.
  failureOf(() => assertEquals(1 as unknown, "1"));
  failureOf(() => assertEquals([1], ["1"]));
  failureOf(() => assertStrictEquals(1 as unknown, "1"));
  failureOf(() => assertStrictEquals(null as unknown, undefined));
});
