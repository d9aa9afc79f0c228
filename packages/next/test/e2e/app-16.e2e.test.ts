import { fileURLToPath } from 'node:url'
import { appSuite } from './app-suite.js'

appSuite({
  version: '16.4.6',
  appDir: fileURLToPath(new URL('../fixtures/app-16', import.meta.url)),
  next16: true,
})
