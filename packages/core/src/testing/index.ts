export {
  type ConformanceOptions,
  cacheLayerConformanceSuite,
} from './cache-layer-conformance.js'
export { counterScript, deleteScript, setIfAbsentScript, shapesScript } from './conformance-scripts.js'
export { scriptRunnerConformanceSuite } from './script-runner-conformance.js'
