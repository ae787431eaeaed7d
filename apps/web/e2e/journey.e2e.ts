import type { Browser, Page } from '@playwright/test';
import { expect, expectAccessible, expectNoKhmer, newPhone, PASSWORD, registerViaApi, screenshot, test } from './support/fixtures';

// The whole trade, as the issue tells it: a tile maker signs up in Khmer on a phone and lists
// 20,000 grade-A tiles; a construction firm's buyer posts a 40,000-tile demand and sees a
// pooled match naming that maker; the buyer orders, the maker accepts and delivers, the
// buyer confirms, both review; the market price page shows the deal. Every step of the two
// people is in the browser; the second maker of the pool is made through the API.
// Takeo, so the other files' listings stay out of this pool and these market prices.
const TAKEO = 'KH-21';

async function phone(browser: Browser): Promise<Page> {
  const use = test.info().project.use;
  const context = await browser.newContext({ baseURL: use.baseURL, viewport: use.viewport ?? { width: 360, height: 640 }, isMobile: use.isMobile, hasTouch: use.hasTouch, locale: use.locale });
  return context.newPage();
}

async function signUp(page: Page, name: string): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('ឈ្មោះរបស់អ្នក').fill(name);
  await page.getByLabel('លេខទូរស័ព្ទ').fill(newPhone());
  await page.getByLabel('ពាក្យសម្ងាត់').fill(PASSWORD);
  await page.getByRole('button', { name: 'ចុះឈ្មោះ' }).click();
  await page.waitForURL('**/organizations/new');
}

async function createOrganization(page: Page, name: string, capability: 'sell' | 'buy'): Promise<void> {
  await page.getByLabel('ឈ្មោះអង្គការ').fill(name);
  if (capability === 'buy') {
    await page.getByRole('checkbox', { name: 'លក់', exact: true }).uncheck();
    await page.getByRole('checkbox', { name: 'ទិញ', exact: true }).check();
  }
  await page.getByLabel('ខេត្ត', { exact: true }).selectOption(TAKEO);
  await page.getByRole('checkbox', { name: 'ក្បឿង និងឥដ្ឋ' }).check();
  await page.getByRole('button', { name: 'បង្កើតអង្គការ' }).click();
  await page.waitForURL('**/my');
}

function inCambodia(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

test('a tile maker and a construction firm trade through Psar, from sign-up to the market price', async ({ page: maker, browser, request }) => {
  test.setTimeout(180_000);
  const tag = Math.random().toString(36).slice(2, 6);
  const makerOrg = `ឡក្បឿងតាកែវ ${tag}`;
  const buyerOrg = `សំណង់ចាន់ ${tag}`;

  // The tile maker, in Khmer on a 360×640 phone.
  await signUp(maker, 'សុខា ចាន់');
  await createOrganization(maker, makerOrg, 'sell');
  await maker.getByRole('link', { name: 'ដាក់លក់ថ្មី' }).click();
  await maker.getByLabel('ផលិតផល').selectOption('clay_roof_tile');
  await maker.getByLabel('ថ្នាក់គុណភាព').selectOption('A');
  await maker.getByLabel('បរិមាណ', { exact: true }).fill('20000');
  await maker.getByLabel('តម្លៃ', { exact: true }).fill('1200');
  await maker.getByRole('button', { name: 'ដាក់លក់', exact: true }).click();
  await maker.waitForURL(/\/my\/listings\/[0-9a-f-]{36}$/);
  await expect(maker.getByText('នៅសល់ 20,000 គ្រាប់ ក្នុងចំណោម 20,000 គ្រាប់')).toBeVisible();

  // A second maker in Takeo (through the API) with another 20,000.
  const other = await registerViaApi(request, 'Dara Kiln owner');
  const otherOrg = (await (
    await request.post('/api/v1/organizations', {
      headers: { Authorization: `Bearer ${other.token}` },
      data: { name: `Dara Kiln ${tag}`, kind: 'firm', capabilities: ['sell'], provinceCode: TAKEO, valueChains: ['clay_tiles_bricks'] },
    })
  ).json()) as { id: string };
  const otherListing = await request.post('/api/v1/listings', {
    headers: { Authorization: `Bearer ${other.token}` },
    data: { organizationId: otherOrg.id, productCode: 'clay_roof_tile', title: 'Dara grade-A roof tiles', quantity: '20000', unit: 'piece', price: { amount: '1250', currency: 'KHR' }, qualityGrade: 'A', provinceCode: TAKEO },
  });
  expect(otherListing.status(), await otherListing.text()).toBe(201);

  // The buyer, on their own phone: a 40,000-tile demand, pooled supply allowed.
  const buyer = await phone(browser);
  await signUp(buyer, 'វិចិត្រ សំណង់');
  await createOrganization(buyer, buyerOrg, 'buy');
  await buyer.getByRole('link', { name: 'តម្រូវការរបស់ខ្ញុំ' }).click();
  await buyer.getByRole('link', { name: 'ប្រកាសតម្រូវការថ្មី' }).click();
  await buyer.getByLabel('ផលិតផល').selectOption('clay_roof_tile');
  await buyer.getByLabel('បរិមាណ').fill('40000');
  await buyer.getByLabel('ថ្នាក់គុណភាព').selectOption({ label: 'ថ្នាក់ A' });
  await buyer.getByLabel('តម្លៃខ្ពស់បំផុតក្នុងមួយឯកតា').fill('1500');
  await buyer.getByLabel('ខេត្តដឹកជញ្ជូនទៅ').selectOption(TAKEO);
  await buyer.getByLabel('ត្រូវការមុនថ្ងៃ').fill(inCambodia(30));
  await expect(buyer.getByLabel('ទទួលយកទំនិញពីអ្នកផលិតច្រើននាក់រួមគ្នា')).toBeChecked();
  await buyer.getByRole('button', { name: 'ប្រកាសតម្រូវការ' }).click();
  await buyer.waitForURL(/\/my\/demands\/[0-9a-f-]{36}$/);
  // Other files' tile makers (Kep, Prey Veng) may pool with ours too: the pool of the two Takeo makers.
  const pool = buyer.getByRole('listitem').filter({ has: buyer.getByRole('heading', { name: `អ្នកផលិត 2 នាក់រួមគ្នា៖ ${makerOrg}, Dara Kiln ${tag}` }) });
  await expect(pool).toHaveCount(1);
  await expect(pool.getByRole('list', { name: 'ចំណែករបស់អ្នកផលិតម្នាក់ៗ' })).toContainText(`${makerOrg}: 20,000 គ្រាប់ (50%)`);
  await screenshot(buyer, 'journey-pooled-match-km');

  // The buyer orders the maker's share.
  await pool.getByRole('link', { name: `បញ្ជាទិញពី ${makerOrg}` }).click();
  await buyer.waitForURL(/\/listings\/[0-9a-f-]{36}\/order$/);
  await buyer.getByLabel('បរិមាណដែលចង់ទិញ').fill('20000');
  await buyer.getByLabel('ចង់បានមុនថ្ងៃ').fill(inCambodia(21));
  await buyer.getByRole('button', { name: 'ផ្ញើការបញ្ជាទិញ' }).click();
  await buyer.waitForURL('**/my/offers');

  // The maker accepts and delivers.
  await maker.goto('/my/offers');
  const order = maker.getByRole('listitem').filter({ hasText: `ការបញ្ជាទិញពី ${buyerOrg}` });
  await order.getByRole('button', { name: 'ទទួលយកការបញ្ជាទិញ' }).click();
  await order.getByRole('link', { name: 'មើលកិច្ចព្រមព្រៀង' }).click();
  await maker.waitForURL(/\/deals\/[0-9a-f-]{36}$/);
  const dealPath = new URL(maker.url()).pathname;
  await maker.getByRole('button', { name: 'បានដឹកជញ្ជូនរួចហើយ' }).click();
  await expect(maker.getByText('កំពុងរង់ចាំអ្នកទិញបញ្ជាក់ការទទួល។')).toBeVisible();

  // The buyer confirms and reviews; the maker reviews back.
  await buyer.goto(dealPath);
  await buyer.getByRole('button', { name: 'បញ្ជាក់ថាបានទទួលទំនិញ' }).click();
  await expect(buyer.getByText('បានបញ្ចប់', { exact: true })).toBeVisible();
  await buyer.getByLabel('5 ផ្កាយ').check();
  await buyer.getByLabel('មតិ (មិនបាច់ក៏បាន)').fill('ក្បឿងល្អ ដឹកទាន់ពេល');
  await buyer.getByRole('button', { name: 'ផ្ញើការវាយតម្លៃ' }).click();
  await expect(buyer.getByRole('heading', { name: 'ការវាយតម្លៃរបស់អ្នក' })).toBeVisible();
  await maker.reload();
  await maker.getByLabel('5 ផ្កាយ').check();
  await maker.getByRole('button', { name: 'ផ្ញើការវាយតម្លៃ' }).click();
  await expect(maker.getByRole('heading', { name: `ការវាយតម្លៃពី ${buyerOrg}` })).toBeVisible();
  await expect(maker.getByText('ក្បឿងល្អ ដឹកទាន់ពេល')).toBeVisible();
  await screenshot(maker, 'journey-deal-reviewed-km');

  // The deal's price is public: clay roof tiles in Takeo this week, 1,200៛.
  const visitor = await phone(browser);
  await visitor.goto(`/prices?product=clay_roof_tile&province=${TAKEO}`);
  const series = visitor.getByRole('region', { name: 'ក្បឿងដី · ខេត្តតាកែវ' });
  await expect(series.getByRole('img', { name: /តម្លៃប្រចាំសប្តាហ៍/ }).locator('text.latest')).toHaveText('1,200៛');
  await expect(series.getByRole('row').nth(1).getByRole('cell').nth(0)).toHaveText('1,200៛');
  await expectAccessible(visitor);
  await screenshot(visitor, 'journey-prices-km');

  // And every string the two people read turns English with one tap.
  await maker.getByRole('button', { name: 'English' }).click();
  await expect(maker.getByRole('heading', { name: 'Your review' })).toBeVisible();
  await expectNoKhmer(maker, [makerOrg, buyerOrg, 'ក្បឿងល្អ ដឹកទាន់ពេល', 'សុខា ចាន់', 'វិចិត្រ សំណង់']);
  await maker.goto('/my');
  await expect(maker.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoKhmer(maker, [makerOrg, 'សុខា ចាន់']);
  await maker.goto('/my/listings');
  // The title the app wrote from the product and grade, in Khmer when it was listed: the maker's own words now.
  await expectNoKhmer(maker, [makerOrg, 'ក្បឿងដី ថ្នាក់ A']);
  await buyer.getByRole('button', { name: 'English' }).click();
  // The English catalog is fetched on this first switch: the page turns once it has arrived.
  await expect(buyer.locator('html')).toHaveAttribute('lang', 'en');
  await buyer.goto('/my/demands');
  await expectNoKhmer(buyer, [buyerOrg, 'វិចិត្រ សំណង់']);
  await buyer.context().close();
  await visitor.context().close();
});
