/**
 * The one place tests import assertions from.
 *
 * `assertThrows` and `assertRejects` have `@std/assert`'s semantics for the class form:
 * `assertThrows(fn, ErrorClass?, msgIncludes?, msg?)` checks the class with `instanceof` and the
 * message as a substring, and returns the error. They also take `node:assert`'s matchers as the
 * second argument (a `RegExp` tested against `String(error)`, i.e. `"RangeError: ..."`; an object
 * whose properties must equal or match the error's, such as `{ message: "..." }`; an `Error`
 * instance, whose `name` and `message` must be equal; a validation function that must return
 * `true`); with a matcher the third argument is the failure message. `@std/assert` has no matcher
 * form: moving to it means rewriting those calls as the class form.
 *
 * `assertEquals` is `node:assert`'s `deepStrictEqual` and `assertStrictEquals` its `strictEqual`
 * (`Object.is`: `-0` differs from `0`, `NaN` equals `NaN`), pinned by `_assert_test.ts`:
 *
 * | compared                                   | result |
 * | ------------------------------------------ | ------ |
 * | `-0` and `0` (also inside arrays, objects) | fail   |
 * | `NaN` and `NaN` (also inside arrays)       | pass   |
 * | `Float32Array` and an `Array` of the same numbers | fail (prototypes differ) |
 * | `Float32Array` and `Float64Array`, `Int32Array` and `Float32Array`, same numbers | fail |
 * | two `Float32Array`s: compared byte by byte | `[-0]` vs `[0]` fail, `[NaN]` vs `[NaN]` pass, NaNs with different payloads fail |
 * | `Array.from(new Float32Array([0.1]))` and `[0.1]` | fail (0.1 is not a float32) |
 * | `{ a: undefined }` and `{}`                | fail   |
 *
 * So compare a typed array with a typed array of the same type, or `Array.from` it and compare with
 * numbers that are exact in float32 (or use {@linkcode assertAllClose}); never compare a length in
 * place of the values.
 *
 * @module
 */
import { AssertionError, throws as nodeThrows } from "node:assert/strict";

// The strict names on purpose: in Deno 2.9.6 the named exports `deepEqual` and `equal` of
// "node:assert/strict" are the loose ones (`deepEqual(1, "1")` and `equal(null, undefined)` pass).
export {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
  strictEqual as assertStrictEquals,
} from "node:assert/strict";

/** `Error` or a subclass of it, as `@std/assert` takes it. */
// deno-lint-ignore no-explicit-any
export type ErrorClass<E extends Error = Error> = abstract new (...args: any[]) => E;

/**
 * A `node:assert` matcher: a `RegExp` tested against `String(error)`, an object (or `Error`
 * instance) whose properties the error must have, or a validation function that returns `true`.
 */
// deno-lint-ignore no-explicit-any
export type ErrorMatcher = RegExp | Error | Record<string, unknown> | ((error: any) => boolean);

interface Expectation {
  errorClass?: ErrorClass;
  msgIncludes?: string;
  matcher?: ErrorMatcher;
  msg?: string;
}

function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === "function" &&
    (value === Error || (value as { prototype?: unknown }).prototype instanceof Error);
}

function expectation(expected: unknown, msgIncludes?: string, msg?: string): Expectation {
  if (expected === undefined) return { msg: msgIncludes ?? msg };
  if (typeof expected === "string") return { msg: expected };
  if (isErrorClass(expected)) return { errorClass: expected, msgIncludes, msg };
  return { matcher: expected as ErrorMatcher, msg: msgIncludes };
}

function describe({ errorClass, msgIncludes, matcher }: Expectation): string {
  if (matcher) return "an error matching the matcher";
  if (!errorClass) return "";
  return msgIncludes === undefined
    ? errorClass.name
    : `${errorClass.name} with a message including ${JSON.stringify(msgIncludes)}`;
}

function fail(message: string, msg: string | undefined): never {
  throw new AssertionError({ message: msg ? `${message}: ${msg}` : message });
}

function check(thrown: unknown, expected: Expectation): void {
  const { errorClass, msgIncludes, matcher, msg } = expected;
  if (matcher) {
    nodeThrows(
      () => {
        throw thrown;
      },
      matcher as RegExp,
      msg,
    );
    return;
  }
  if (!errorClass) return;
  if (!(thrown instanceof Error)) {
    fail(
      `Expected ${describe(expected)}, but a non-Error value was thrown: ${String(thrown)}`,
      msg,
    );
  }
  const actual = `${thrown.constructor.name}: ${JSON.stringify(thrown.message)}`;
  if (!(thrown instanceof errorClass)) {
    fail(`Expected ${describe(expected)}, but got ${actual}`, msg);
  }
  if (msgIncludes !== undefined && !thrown.message.includes(msgIncludes)) {
    fail(`Expected ${describe(expected)}, but got ${actual}`, msg);
  }
}

/**
 * Asserts that `fn` throws, and returns what it threw. With an error class, the error must be an
 * instance of it and (when `msgIncludes` is given) its message must include `msgIncludes`.
 *
 * @param fn The function expected to throw.
 * @param ErrorClass The class the error must be an instance of.
 * @param msgIncludes A substring the error's message must contain.
 * @param msg Added to the failure message.
 * @returns The error `fn` threw.
 *
 * @example
 * ```ts
 * import { assertThrows } from "./_assert.ts";
 * const error = assertThrows(() => {
 *   throw new RangeError("Cannot split nodes: val must be in [0, 1), got 2");
 * }, RangeError, "val must be in [0, 1)");
 * if (!error.message.endsWith("got 2")) throw new Error("the error is returned");
 * ```
 */
export function assertThrows(fn: () => unknown, msg?: string): unknown;
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  ErrorClass: ErrorClass<E>,
  msgIncludes?: string,
  msg?: string,
): E;
export function assertThrows(fn: () => unknown, matcher: ErrorMatcher, msg?: string): unknown;
export function assertThrows(
  fn: () => unknown,
  expected?: unknown,
  msgIncludes?: string,
  msg?: string,
): unknown {
  const expectations = expectation(expected, msgIncludes, msg);
  try {
    fn();
  } catch (thrown) {
    check(thrown, expectations);
    return thrown;
  }
  return fail(
    `Expected the function to throw ${describe(expectations)}`.trimEnd(),
    expectations.msg,
  );
}

/**
 * Asserts that a promise (or the promise `fn` returns) rejects, and returns the rejection reason.
 * With an error class, the reason must be an instance of it and (when `msgIncludes` is given) its
 * message must include `msgIncludes`. A function that throws instead of returning a promise fails.
 *
 * @param fnOrPromise The promise, or a function returning it, expected to reject.
 * @param ErrorClass The class the rejection reason must be an instance of.
 * @param msgIncludes A substring the reason's message must contain.
 * @param msg Added to the failure message.
 * @returns The rejection reason.
 *
 * @example
 * ```ts
 * import { assertRejects } from "./_assert.ts";
 * const error = await assertRejects(
 *   () => Promise.reject(new TypeError("Cannot load dataset: expected a name, got 3")),
 *   TypeError,
 *   "expected a name",
 * );
 * if (!error.message.endsWith("got 3")) throw new Error("the reason is returned");
 * ```
 */
export function assertRejects(
  fnOrPromise: (() => PromiseLike<unknown>) | PromiseLike<unknown>,
  msg?: string,
): Promise<unknown>;
export function assertRejects<E extends Error = Error>(
  fnOrPromise: (() => PromiseLike<unknown>) | PromiseLike<unknown>,
  ErrorClass: ErrorClass<E>,
  msgIncludes?: string,
  msg?: string,
): Promise<E>;
export function assertRejects(
  fnOrPromise: (() => PromiseLike<unknown>) | PromiseLike<unknown>,
  matcher: ErrorMatcher,
  msg?: string,
): Promise<unknown>;
export async function assertRejects(
  fnOrPromise: (() => PromiseLike<unknown>) | PromiseLike<unknown>,
  expected?: unknown,
  msgIncludes?: string,
  msg?: string,
): Promise<unknown> {
  const expectations = expectation(expected, msgIncludes, msg);
  let promise: unknown = fnOrPromise;
  if (typeof fnOrPromise === "function") {
    try {
      promise = fnOrPromise();
    } catch (thrown) {
      fail(`Expected the function to return a promise, but it threw: ${String(thrown)}`, msg);
    }
  }
  if (typeof (promise as PromiseLike<unknown> | undefined)?.then !== "function") {
    fail(`Expected a promise, but got ${String(promise)}`, expectations.msg);
  }
  try {
    await promise;
  } catch (thrown) {
    check(thrown, expectations);
    return thrown;
  }
  return fail(
    `Expected the promise to reject ${describe(expectations)}`.trimEnd(),
    expectations.msg,
  );
}

/**
 * Asserts two numeric arrays (typed or not) have the same length and agree elementwise within
 * `atol`. `NaN` never agrees, not even with `NaN`; `-0` agrees with `0`.
 *
 * @example
 * ```ts
 * import { assertAllClose } from "./_assert.ts";
 * assertAllClose(new Float32Array([0.1, 2]), [0.1, 2], { atol: 1e-7 });
 * ```
 */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { atol = 1e-6, message = "" }: { atol?: number; message?: string } = {},
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${message}length ${actual.length} != expected ${expected.length}`);
  }
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= atol)) {
      throw new Error(
        `${message}index ${i}: ${actual[i]} != expected ${expected[i]} (atol ${atol})`,
      );
    }
  }
}
