/**
 * Backends and the environment report: pick the fastest TensorFlow.js backend that works here and
 * see why. The top-level module exports `setBackend` and `environmentReport` with their types;
 * the probes of WebGPU and native TensorFlow live here.
 *
 * @example
 * ```ts
 * import { setBackend } from "./mod.ts";
 * const choice = await setBackend("cpu");
 * if (choice.name !== "cpu") throw new Error(choice.reason);
 * ```
 *
 * @module
 */

export {
  BACKEND_NAMES,
  type BackendAttempt,
  type BackendChoice,
  type BackendName,
  type ConcreteBackendName,
  getBackendChoice,
  setBackend,
  type SetBackendOptions,
} from "./set_backend.ts";
export {
  type EnvironmentReport,
  environmentReport,
  type EnvironmentReportOptions,
  type JupyterInfo,
} from "./environment_report.ts";
export { probeWebGpu, type WebGpuProbe } from "./webgpu_adapter.ts";
export {
  loadTensorflowNode,
  type TensorflowNodeOptions,
  type TensorflowNodeProbe,
} from "./tensorflow_node.ts";
