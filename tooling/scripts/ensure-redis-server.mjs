// Makes sure the tests have a `redis-server` binary: the test setup starts one when nothing answers at
// REDIS_URL, and the cluster tests always start their own. On Debian/Ubuntu as root it installs one
// with apt; anywhere else it stops with one line saying how to get one.
import { execFileSync, spawnSync } from 'node:child_process'

const hasBinary = (name) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0

if (hasBinary('redis-server') && hasBinary('redis-cli')) process.exit(0)
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
if (isRoot && hasBinary('apt-get')) {
  console.log(
    'redis-server is missing: installing it with apt-get (the cluster tests start their own servers)',
  )
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
  execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  process.exit(0)
}
console.error(
  'layercache tests need redis-server: install it (apt-get install redis-server, brew install redis) or set REDIS_URL to a Redis you own',
)
process.exit(1)
