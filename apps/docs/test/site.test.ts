import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchChromium, pageWithErrors } from './support/browser.js'

const siteUrl = inject('siteUrl')
const screenshots = join(import.meta.dirname, '..', 'test-results', 'screenshots')

/** Internal links of a page, without their #fragment; API routes and files are fetched, not crawled. */
function internalPath(href: string): string | undefined {
  if (!href.startsWith('/') || href.startsWith('//')) return undefined
  return href.split('#')[0]?.split('?')[0] || '/'
}

describe('the documentation site, built once and started with no Redis', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchChromium()
    mkdirSync(screenshots, { recursive: true })
  })
  afterAll(async () => browser?.close())

  it('every page reachable from the home page answers 200, logs no console error, and links to no missing page', async () => {
    const seen = new Set<string>(['/'])
    const queue = ['/']
    const visited: string[] = []
    const problems: string[] = []
    const visit = async ({ page, errors }: { page: Page; errors: string[] }, path: string) => {
      if (path.startsWith('/api/') || /\.\w+$/.test(path)) {
        const response = await fetch(`${siteUrl}${path}`)
        if (response.status !== 200) problems.push(`${path} answered ${response.status}`)
        return
      }
      errors.length = 0
      const response = await page.goto(`${siteUrl}${path}`, { waitUntil: 'networkidle' })
      visited.push(path)
      if (response?.status() !== 200) problems.push(`${path} answered ${response?.status()}`)
      for (const error of errors) problems.push(`${path}: ${error}`)
      const hrefs = await page.$$eval('a[href]', (links) =>
        links.map((link) => link.getAttribute('href') ?? ''),
      )
      for (const href of hrefs) {
        const target = internalPath(href)
        if (target !== undefined && !seen.has(target)) {
          seen.add(target)
          queue.push(target)
        }
      }
    }
    // The home page first (it links to the rest), then three tabs share the queue.
    const tabs = await Promise.all([0, 1, 2].map(() => pageWithErrors(browser)))
    await visit(tabs[0]!, queue.shift()!)
    await Promise.all(
      tabs.map(async (tab) => {
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) await visit(tab, path)
      }),
    )
    expect(problems).toEqual([])
    // The crawl reached the pages the site promises (guides, every package, migrations, benchmarks).
    for (const path of [
      '/docs/getting-started',
      '/docs/packages/core',
      '/docs/packages/next',
      '/docs/migration/cache-manager',
      '/docs/benchmarks',
      '/dashboard',
    ]) {
      expect(visited).toContain(path)
    }
    await Promise.all(tabs.map(({ page }) => page.close()))
  }, 300_000)

  it('an unknown address gets the 404 page', async () => {
    const { page } = await pageWithErrors(browser)
    const response = await page.goto(`${siteUrl}/docs/no-such-page`)
    expect(response?.status()).toBe(404)
    await page.getByText('Page not found').first().waitFor({ state: 'visible', timeout: 30_000 })
    await page.close()
  })

  it('search finds "invalidateByTags", in the search route and in the search dialog', async () => {
    const response = await fetch(`${siteUrl}/api/search?query=invalidateByTags`)
    expect(response.status).toBe(200)
    const results = (await response.json()) as { url: string }[]
    expect(results.length).toBeGreaterThan(0)

    const { page, errors } = await pageWithErrors(browser)
    await page.goto(`${siteUrl}/docs`, { waitUntil: 'networkidle' })
    await page.locator('button[data-search-full]').first().click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('textbox').fill('invalidateByTags')
    // The typed query is the input's value, not text: text in the dialog that says it is a result.
    await expect.poll(async () => dialog.textContent(), { timeout: 30_000 }).toMatch(/invalidateByTags/)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the home page renders (screenshot: test-results/screenshots/home.png)', async () => {
    const { page, errors } = await pageWithErrors(browser)
    await page.goto(siteUrl, { waitUntil: 'networkidle' })
    await expect(page.getByRole('heading', { name: 'layercache', level: 1 }).isVisible()).resolves.toBe(true)
    await page.screenshot({ path: join(screenshots, 'home.png'), fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })

  it('the dashboard, after demo load, shows a hit rate above 0 in its chart and its table (screenshot: dashboard.png)', async () => {
    const { page, errors } = await pageWithErrors(browser)
    await page.goto(`${siteUrl}/dashboard`, { waitUntil: 'networkidle' })
    await page.getByTestId('demo-load').click()
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="hit-rate"]')?.getAttribute('data-value') ?? 0) > 0,
      undefined,
      { timeout: 30_000 },
    )
    const tableText = await page.getByTestId('hit-rate').textContent()
    expect(Number.parseFloat(tableText ?? '')).toBeGreaterThan(0)
    // The chart's line ends above its 0% line (the bottom of the y axis) once a poll has seen the hits.
    const chart = page.getByTestId('hit-rate-chart')
    const heightAboveZero = async () =>
      chart.evaluate((figure) => {
        const path = figure.querySelector('.recharts-line-curve')?.getAttribute('d') ?? ''
        const lastPoint = /(-?[\d.]+),(-?[\d.]+)$/.exec(path)
        const zeroLine = figure
          .querySelector('.recharts-yAxis .recharts-cartesian-axis-line')
          ?.getAttribute('y2')
        if (!lastPoint || zeroLine === null || zeroLine === undefined) return 0
        return Number(zeroLine) - Number(lastPoint[2])
      })
    await expect.poll(heightAboveZero, { timeout: 30_000, interval: 250 }).toBeGreaterThan(0)
    const layersText = await page.getByTestId('layers-table').textContent()
    expect(layersText).toMatch(/memory/)
    await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  })
})
