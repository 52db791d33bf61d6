/**
 * A reader for GML (Graph Modelling Language) files as NetworkX writes them: nested `key [ ... ]`
 * blocks, `key value` pairs with quoted strings (HTML entities such as `&quot;` decoded) or numbers,
 * and `#` comments.
 *
 * @module
 */

/** A GML value: a number, a string, or a nested block. */
export type GmlValue = number | string | GmlBlock;

/** A `[ ... ]` block: its keys in file order (a repeated key keeps the last value). */
export interface GmlBlock {
  /** A key's value: a number, a string or a nested block. */
  [key: string]: GmlValue;
}

/** A parsed GML graph: its own attributes plus the `node` and `edge` blocks in file order. */
export interface GmlGraph {
  /** The graph's `directed` flag (GML's default: undirected). */
  readonly directed: boolean;
  /** Graph-level keys other than `node` and `edge` (e.g. `name`). */
  readonly attributes: GmlBlock;
  /** The `node [ ... ]` blocks. */
  readonly nodes: GmlBlock[];
  /** The `edge [ ... ]` blocks. */
  readonly edges: GmlBlock[];
}

const ENTITIES: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'" };

/**
 * Parses the first `graph [ ... ]` block of a GML text. `name` is used in error messages.
 *
 * @throws {SyntaxError} naming the file and line of the first malformed token.
 * @example
 * ```ts
 * import { parseGml } from "./gml.ts";
 * const g = parseGml(
 *   `graph [ name "toy" node [ id 0 club "A" ] node [ id 1 club "B" ] edge [ source 0 target 1 ] ]`,
 *   "toy.gml",
 * );
 * if (g.nodes.length !== 2 || g.edges[0].target !== 1 || g.attributes.name !== "toy") {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function parseGml(text: string, name: string): GmlGraph {
  const tokens = tokenize(text, name);
  let i = 0;
  const fail = (what: string, at = i): never => {
    const line = tokens[Math.min(at, tokens.length - 1)]?.line ?? 1;
    throw new SyntaxError(`Cannot parse ${name}: ${what} at line ${line}`);
  };
  const nodes: GmlBlock[] = [];
  const edges: GmlBlock[] = [];
  let graph: GmlBlock | undefined;
  // Parses `key value` pairs up to `]` (or the end of the text at the top level). Inside the
  // graph block, repeated `node` and `edge` blocks go to their lists instead of the block.
  const block = (level: "top" | "graph" | "inner"): GmlBlock => {
    const out: GmlBlock = {};
    while (i < tokens.length) {
      const key = tokens[i];
      if (key.kind === "close") {
        if (level === "top") fail('unexpected "]"');
        i++;
        return out;
      }
      if (key.kind !== "word") fail(`expected a key, got ${JSON.stringify(key.text)}`);
      i++;
      const value = tokens[i];
      if (!value || value.kind === "close") fail(`missing value for key "${key.text}"`, i - 1);
      i++;
      if (value.kind === "open") {
        const isGraph = level === "top" && key.text === "graph" && !graph;
        const inner = block(isGraph ? "graph" : "inner");
        if (isGraph) graph = inner;
        else if (level === "graph" && key.text === "node") nodes.push(inner);
        else if (level === "graph" && key.text === "edge") edges.push(inner);
        else out[key.text] = inner;
      } else if (value.kind === "string") out[key.text] = value.text;
      else out[key.text] = parseNumber(value.text, key.text);
    }
    if (level !== "top") fail('missing "]"');
    return out;
  };
  const parseNumber = (text: string, key: string): number => {
    if (/^[+-]?inf$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
    const n = Number(text);
    if (text === "" || !Number.isFinite(n)) {
      fail(`bad value ${JSON.stringify(text)} for key "${key}"`, i - 1);
    }
    return n;
  };
  block("top");
  if (!graph) throw new SyntaxError(`Cannot parse ${name}: no graph [ ... ] block`);
  const attributes = graph;
  return { directed: attributes.directed === 1, attributes, nodes, edges };
}

interface Token {
  kind: "open" | "close" | "string" | "word";
  text: string;
  line: number;
}

function tokenize(text: string, name: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  for (let p = 0; p < text.length;) {
    const c = text[p];
    if (c === "\n") {
      line++;
      p++;
    } else if (c === " " || c === "\t" || c === "\r") p++;
    else if (c === "#") {
      while (p < text.length && text[p] !== "\n") p++;
    } else if (c === "[" || c === "]") {
      tokens.push({ kind: c === "[" ? "open" : "close", text: c, line });
      p++;
    } else if (c === '"') {
      const end = text.indexOf('"', p + 1);
      if (end < 0) {
        throw new SyntaxError(`Cannot parse ${name}: unterminated string at line ${line}`);
      }
      const raw = text.slice(p + 1, end);
      tokens.push({ kind: "string", text: decodeEntities(raw), line });
      for (const ch of raw) if (ch === "\n") line++;
      p = end + 1;
    } else {
      let end = p;
      while (end < text.length && !/[\s[\]"]/.test(text[end])) end++;
      tokens.push({ kind: "word", text: text.slice(p, end), line });
      p = end;
    }
  }
  return tokens;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      return String.fromCodePoint(
        e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : +e.slice(1),
      );
    }
    return ENTITIES[e] ?? m;
  });
}
