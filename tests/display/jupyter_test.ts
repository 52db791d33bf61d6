import { display, isJupyter } from "../../lib/display/jupyter.ts";
import { assertEquals } from "../_assert.ts";

async function captureLog(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  try {
    await fn();
  } finally {
    console.log = log;
  }
  return lines;
}

Deno.test("isJupyter() is false outside a kernel", () => {
  assertEquals(isJupyter(), false);
});

Deno.test("display() prints toString() outside a notebook", async () => {
  const rich = {
    [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<b>rich</b>" }),
    toString: () => "plain text",
  };
  assertEquals(await captureLog(() => display(rich)), ["plain text"]);
  assertEquals(await captureLog(() => display(42)), ["42"]);
});
