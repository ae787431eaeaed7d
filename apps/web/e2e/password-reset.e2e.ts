import { randomBytes } from 'node:crypto';
import { expect, expectAccessible, PASSWORD, screenshot, test } from './support/fixtures';
import { codeMailedTo } from './support/mailbox';

test.describe('a forgotten password', () => {
  test('"Forgot password?" on the sign-in screen: a code by email and a new password sign the person in; the old password stops working', async ({ page, request }) => {
    const email = `reset-${randomBytes(4).toString('hex')}@web-test.psar.example`;
    const registered = await request.post('/api/v1/auth/register', { data: { name: 'Sophea', email, password: PASSWORD, locale: 'km' } });
    expect(registered.status(), await registered.text()).toBe(201);
    const oldSession = (await registered.json()) as { refreshToken: string };

    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'ភ្លេចពាក្យសម្ងាត់?' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ភ្លេចពាក្យសម្ងាត់?' })).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'forgot-password-km');
    await page.getByLabel('លេខទូរស័ព្ទ ឬអ៊ីមែល').fill(email);
    await page.getByRole('button', { name: 'ផ្ញើលេខកូដមកខ្ញុំ' }).click();

    await expect(page.getByRole('status')).toContainText(email);
    const code = await codeMailedTo(email);

    // A wrong code first: refused beside the field, nothing changes.
    await page.getByLabel('លេខកូដ ៦ ខ្ទង់').fill(code === '000000' ? '111111' : '000000');
    await page.getByLabel('ពាក្យសម្ងាត់ថ្មី').fill('new-kiln-2027');
    await page.getByRole('button', { name: 'កំណត់ពាក្យសម្ងាត់ថ្មី' }).click();
    await expect(page.getByRole('alert')).toContainText('លេខកូដខុស');
    await expectAccessible(page);
    await screenshot(page, 'forgot-password-code-km');

    await page.getByLabel('លេខកូដ ៦ ខ្ទង់').fill(code);
    await page.getByRole('button', { name: 'កំណត់ពាក្យសម្ងាត់ថ្មី' }).click();
    await page.waitForURL((url) => url.pathname === '/my');

    expect((await request.post('/api/v1/auth/login', { data: { login: email, password: PASSWORD } })).status()).toBe(401);
    expect((await request.post('/api/v1/auth/refresh', { data: { refreshToken: oldSession.refreshToken } })).status()).toBe(401);
    expect((await request.post('/api/v1/auth/login', { data: { login: email, password: 'new-kiln-2027' } })).status()).toBe(200);
  });
});
