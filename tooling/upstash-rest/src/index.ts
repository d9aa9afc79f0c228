export {
  startUpstashRestServer,
  type UpstashRestServer,
  type UpstashRestServerOptions,
} from './upstash-rest-server.js'
