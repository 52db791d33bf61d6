import * as tf from "@tensorflow/tfjs";
import { Linear } from "../../lib/nn/linear.ts";
import { Module } from "../../lib/nn/module.ts";
import { assert, assertEquals } from "../_assert.ts";

class Block extends Module {
  lin = new Linear(2, 3);
  scale = tf.variable(tf.ones([3]));
  notAParameter = tf.zeros([1]);
  #hidden = tf.variable(tf.ones([1]));
  hidden(): tf.Variable {
    return this.#hidden;
  }
}

class Net extends Module {
  blocks = [new Block(), new Block()];
  head = new Linear(3, 1, { bias: false });
}

Deno.test("Module.namedParameters() walks fields, sub-modules and arrays with dotted names", () => {
  const net = new Net();
  assertEquals(net.namedParameters().map(([name]) => name), [
    "blocks.0.lin.weight",
    "blocks.0.lin.bias",
    "blocks.0.scale",
    "blocks.1.lin.weight",
    "blocks.1.lin.bias",
    "blocks.1.scale",
    "head.weight",
  ]);
  assertEquals(net.parameters().length, 7);
  assertEquals(net.numParameters(), 2 * (6 + 3 + 3) + 3);
  assert(net.parameters()[0] === net.blocks[0].lin.weight);
});

Deno.test("Module.dispose() frees every parameter", () => {
  const net = new Net();
  net.dispose();
  assert(net.parameters().every((v) => v.isDisposed));
});

Deno.test("Module.toString() defaults to the class name", () => {
  assertEquals(String(new Block()), "Block()");
});
