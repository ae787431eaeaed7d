import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export { expect };

const SCREENSHOTS = resolve(__dirname, '../../../../test-results/web/screens');

/** A Cambodian mobile number no other test uses (012 + 6 digits, as people type it). */
export function newPhone(): string {
  return `012 ${String(randomInt(0, 1_000_000)).padStart(6, '0').replace(/(\d{3})(\d{3})/, '$1 $2')}`;
}

export const PASSWORD = 'kbeung-tile-2026';

export interface Account {
  phone: string;
  token: string;
  userId: string;
}

/** An account made through the API, for the parts of a test that are not about signing up. */
export async function registerViaApi(request: APIRequestContext, name: string): Promise<Account> {
  const phone = newPhone();
  const response = await request.post('/api/v1/auth/register', { data: { name, phone, password: PASSWORD, locale: 'km' } });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { accessToken: string; user: { id: string } };
  return { phone, token: body.accessToken, userId: body.user.id };
}

/** Signs the page in as `account` by the sign-in screen. */
export async function signInOnPage(page: Page, account: Account): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(/លេខទូរស័ព្ទ|Phone number/).fill(account.phone);
  await page.getByLabel(/ពាក្យសម្ងាត់|Password/).fill(PASSWORD);
  await page.getByRole('button', { name: /^(ចូល|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Saves a screenshot under test-results/web/screens/ (not committed) for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

// Khmer consonants and independent vowels: any Khmer word has one (the riel sign ៛ is not one).
const KHMER_LETTERS = /[\u1780-\u17B3]/;

/** No Khmer word left on the page (after switching to English) but the people's own content. */
export async function expectNoKhmer(page: Page, userContent: string[]): Promise<void> {
  let text = await page.locator('body').innerText();
  for (const content of userContent) text = text.split(content).join('');
  // The language switch names Khmer in Khmer, on purpose.
  const left = text.split('\n').filter((line) => line.trim() !== 'ខ្មែរ' && KHMER_LETTERS.test(line));
  expect(left).toEqual([]);
}

/**
 * The page fixture, whose goto() returns once the app has taken the page over: a public page
 * comes drawn by the server, readable (and its links working) before its script has run,
 * but a button tapped that early does nothing.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    await use(waitingForTheApp(page));
  },
});

/** The same goto() for a page of another browser context (a second phone). */
export function waitingForTheApp(page: Page): Page {
  const goto = page.goto.bind(page);
  page.goto = async (url, options) => {
    const response = await goto(url, options);
    await page.locator('html[data-app="ready"]').waitFor({ state: 'attached' });
    return response;
  };
  return page;
}
