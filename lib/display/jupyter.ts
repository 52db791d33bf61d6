/**
 * The one thin bridge to Deno's Jupyter kernel: everything else in `lib/display` builds plain
 * objects with a `toString()` and a {@link JUPYTER_DISPLAY} method, and this file decides where
 * they go.
 *
 * @module
 */

/** A Jupyter mime bundle: mime type -> content, e.g. `{ "text/plain": "...", "text/html": "..." }`. */
export type MimeBundle = Record<string, unknown>;

/**
 * The symbol Deno's kernel looks for: an object whose `[JUPYTER_DISPLAY]()` returns a
 * {@link MimeBundle} shows as that bundle when it is a notebook cell's last expression.
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** Something that renders itself richly in a notebook and as text elsewhere. */
export interface Displayable {
  /** The mime bundle shown in a notebook. */
  [JUPYTER_DISPLAY](): MimeBundle;
  /** The text shown in a terminal. */
  toString(): string;
}

interface JupyterApi {
  display(value: unknown, options?: { raw?: boolean }): Promise<void>;
}

// Reading `Deno.jupyter` outside `deno jupyter` throws, so every access goes through here.
function jupyterApi(): JupyterApi | undefined {
  try {
    const api = (Deno as unknown as { jupyter?: JupyterApi }).jupyter;
    return typeof api?.display === "function" ? api : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether this code runs inside a Deno Jupyter kernel.
 *
 * @returns `true` in a notebook, `false` under `deno run` / `deno test`
 *
 * @example
 * ```ts
 * import { isJupyter } from "./jupyter.ts";
 * if (isJupyter()) throw new Error("doc tests do not run in a kernel");
 * ```
 */
export function isJupyter(): boolean {
  return jupyterApi() !== undefined;
}

/**
 * Shows a value: in a notebook as its mime bundle (or plain text when it has none), elsewhere by
 * printing its `toString()` to stdout.
 *
 * @param value anything; objects with a {@link JUPYTER_DISPLAY} method display richly
 *
 * @example
 * ```ts
 * import { display, JUPYTER_DISPLAY } from "./jupyter.ts";
 * const value = {
 *   [JUPYTER_DISPLAY]: () => ({ "text/plain": "hi", "text/html": "<b>hi</b>" }),
 *   toString: () => "hi",
 * };
 * await display(value); // prints "hi" outside a notebook
 * ```
 */
export async function display(value: unknown): Promise<void> {
  const api = jupyterApi();
  if (!api) {
    console.log(String(value));
    return;
  }
  const render = (value as Partial<Displayable> | null | undefined)?.[JUPYTER_DISPLAY];
  const bundle = typeof render === "function"
    ? render.call(value)
    : { "text/plain": String(value) };
  await api.display(bundle, { raw: true });
}
