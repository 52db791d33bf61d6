/**
 * Backends and the environment report: pick the fastest TensorFlow.js backend that works here and
 * see why.
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
  ensureBackend,
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
  TENSORFLOW_INSTALL_HINT,
  TENSORFLOW_PACKAGES,
  type TensorflowNodeOptions,
  type TensorflowNodeProbe,
} from "./tensorflow_node.ts";
