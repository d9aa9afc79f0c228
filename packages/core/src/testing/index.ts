export { counterScript, deleteScript, setIfAbsentScript, shapesScript } from './conformance-scripts.js'
export { type StoreConformanceOptions, storeConformanceSuite } from './store-conformance.js'
