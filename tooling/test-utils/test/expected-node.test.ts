import { expect, test } from 'vitest'
import { checkNodeVersion, EXPECTED_NODE_MAJOR_ENV } from '../src/index.js'

test('passes and says which Node runs when it is the expected major', () => {
  expect(checkNodeVersion({ [EXPECTED_NODE_MAJOR_ENV]: '22' }, '22.23.5')).toBe(
    'tests on Node v22.23.5 (expected 22)',
  )
})

test('fails on another major', () => {
  expect(() => checkNodeVersion({ [EXPECTED_NODE_MAJOR_ENV]: '24' }, '20.19.6')).toThrow(
    /run on Node v20\.19\.6, but LAYERCACHE_EXPECTED_NODE_MAJOR expects Node 24/,
  )
})

test('expects nothing when the variable is not set', () => {
  expect(checkNodeVersion({}, '20.19.6')).toBeUndefined()
})

test('this process passes the check it would make in CI', () => {
  const major = process.versions.node.split('.')[0]!
  expect(checkNodeVersion({ [EXPECTED_NODE_MAJOR_ENV]: major })).toContain(`v${process.versions.node}`)
})
