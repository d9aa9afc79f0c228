import { fileURLToPath } from 'node:url'
import { appSuite } from './app-suite.js'

appSuite({
  version: '15.5.29',
  appDir: fileURLToPath(new URL('../fixtures/app-15', import.meta.url)),
  next16: false,
  edge: true,
})
