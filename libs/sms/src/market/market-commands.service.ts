import { Injectable } from '@nestjs/common';
import { CatalogService, type Product } from '@psar/catalog';
import { type Locale, OrganizationAccessService } from '@psar/identity';
import { type ListingDto, ListingsService, MatchingService, SearchListingsQuery } from '@psar/listings';
import { MarketPricesService, OffersService } from '@psar/trade';
import { type Currency, type Page, ProblemException } from '@psar/platform';
import { PinsService } from '../pins/pins.service';
import { ShortCodesService } from '../short-codes/short-codes.service';
import { marketText } from './market-texts';
import { productName, smsMoney, smsQuantity } from './sms-format';

/** Who sent the command: a number Psar knows the account of. */
export interface SmsUser {
  userId: string;
  /** E.164. */
  phone: string;
  locale: Locale;
}

/** A listing typed by SMS, kept until its sender confirms it. */
export interface SellDraft {
  productCode: string;
  quantity: string;
  grade: string | null;
  price: { amount: string; currency: Currency };
}

export interface SellAnswer {
  reply: string;
  /** Set when the reply asks to confirm: the conversation keeps it for the YES. */
  draft?: SellDraft;
}

const LIST_ITEMS = 3;

/** The reason of a refusal, in words a person reads (the API's problem title, without its jargon). */
function reasonOf(error: unknown): string {
  if (error instanceof ProblemException) {
    const body = error.getResponse() as { title?: string; errors?: Array<{ message: string }> };
    return body.errors?.[0]?.message ?? body.title ?? 'refused';
  }
  throw error;
}

/**
 * The market by SMS: sell, my listings, the demands they fit, prices, and the offers waiting,
 * accepted with the PIN. Everything goes through the listings lib's services with the sender's
 * own user, so an SMS can do exactly what that person could do on the web, and no more.
 */
@Injectable()
export class MarketCommandsService {
  constructor(
    private readonly catalog: CatalogService,
    private readonly access: OrganizationAccessService,
    private readonly listings: ListingsService,
    private readonly matching: MatchingService,
    private readonly prices: MarketPricesService,
    private readonly offers: OffersService,
    private readonly shortCodes: ShortCodesService,
    private readonly pins: PinsService,
  ) {}

  /** Checks a SELL and asks to confirm it; nothing is published yet. */
  async sell(user: SmsUser, draft: SellDraft): Promise<SellAnswer> {
    const [seller] = await this.access.actingOrganizationsOf(user.userId, 'manager', 'sell');
    if (!seller) return { reply: marketText(user.locale, 'no-selling-firm') };
    const product = await this.catalog.findProduct(draft.productCode);
    if (!product) return { reply: marketText(user.locale, 'unknown-product', { word: draft.productCode }) };
    const grade = draft.grade ?? (product.grades.length ? product.grades[0]! : null);
    if (grade && !product.grades.includes(grade)) {
      return { reply: marketText(user.locale, 'bad-grade', { product: productName(user.locale, product), grades: product.grades.join(', ') }) };
    }
    const confirmed = { ...draft, grade };
    return { reply: marketText(user.locale, 'sell-confirm', this.describe(user.locale, product, confirmed)), draft: confirmed };
  }

  /** The YES to a SELL: the listing is published for the sender's selling firm. */
  async publish(user: SmsUser, draft: SellDraft): Promise<string> {
    const [seller] = await this.access.actingOrganizationsOf(user.userId, 'manager', 'sell');
    if (!seller) return marketText(user.locale, 'no-selling-firm');
    const product = await this.catalog.findProduct(draft.productCode);
    if (!product) return marketText(user.locale, 'unknown-product', { word: draft.productCode });
    try {
      await this.listings.create(user.userId, {
        organizationId: seller.organizationId,
        productCode: product.code,
        title: `${productName(user.locale, product)}${draft.grade ? ` ${draft.grade}` : ''}`,
        quantity: draft.quantity,
        unit: product.unit,
        price: draft.price,
        qualityGrade: draft.grade ?? undefined,
        provinceCode: seller.provinceCode,
      });
    } catch (error) {
      return marketText(user.locale, 'sell-refused', { reason: reasonOf(error) });
    }
    return marketText(user.locale, 'sell-published', this.describe(user.locale, product, draft));
  }

  async myListings(user: SmsUser): Promise<string> {
    const page = await this.ownActiveListings(user, LIST_ITEMS);
    if (page.items.length === 0) return marketText(user.locale, 'my-listings-none');
    const products = await this.productsOf(page.items.map((l) => l.productCode));
    const items = page.items.map((l) => {
      const product = products.get(l.productCode);
      const name = product ? productName(user.locale, product) : l.productCode;
      return `${name}${l.qualityGrade ? ` ${l.qualityGrade}` : ''} ${smsQuantity(user.locale, l.quantityRemaining, l.unit)} ${smsMoney(l.price)}`;
    });
    return marketText(user.locale, 'my-listings', { items: items.join('; ') });
  }

  /** The open demands the sender's listings fit, best first, each with a code. */
  async matches(user: SmsUser): Promise<string> {
    const page = await this.ownActiveListings(user, 10);
    const found = (await Promise.all(page.items.map((l) => this.matching.forListingOf(user.userId, l.id)))).flat();
    const best = [...new Map(found.sort((a, b) => b.score - a.score).map((m) => [m.demand.id, m])).values()].slice(0, LIST_ITEMS);
    if (best.length === 0) return marketText(user.locale, 'matches-none');
    const products = await this.productsOf(best.map((m) => m.demand.productCode));
    const items = await Promise.all(
      best.map(async (m) => {
        const code = await this.shortCodes.codeFor(user.phone, 'demand', m.demand.id);
        const product = products.get(m.demand.productCode);
        const name = product ? productName(user.locale, product) : m.demand.productCode;
        const price = m.demand.maxPrice ? ` ≤${smsMoney(m.demand.maxPrice)}` : '';
        return `${code} ${m.demand.organization.name}: ${name} ${smsQuantity(user.locale, m.demand.quantity, m.demand.unit)}${price}`;
      }),
    );
    return marketText(user.locale, 'matches', { items: items.join('; ') });
  }

  /** The weekly median of completed deals over the last four weeks, newest week first. */
  async marketPrices(user: SmsUser, productCode: string, provinceCode?: string): Promise<string> {
    const product = await this.catalog.findProduct(productCode);
    if (!product) return marketText(user.locale, 'unknown-product', { word: productCode });
    const province = provinceCode ? await this.catalog.findProvince(provinceCode) : null;
    const where = province ? ` ${user.locale === 'km' ? province.nameKm : province.nameEn}` : '';
    const answer = await this.prices.get({ productCode: product.code, province: province?.code, weeks: 4, currency: 'KHR' });
    const byWeek = new Map<string, { total: number; deals: number }>();
    // Across provinces a week's figure is the deal-weighted mean of the provinces' medians.
    for (const item of answer.items) {
      const week = byWeek.get(item.weekStart) ?? { total: 0, deals: 0 };
      week.total += Number(item.median.amount) * item.deals;
      week.deals += item.deals;
      byWeek.set(item.weekStart, week);
    }
    const params = { product: productName(user.locale, product), province: where };
    if (byWeek.size === 0) return marketText(user.locale, 'prices-none', params);
    const items = [...byWeek.entries()]
      .sort(([a], [b]) => b.localeCompare(a))
      .map(([weekStart, w]) => `${weekStart.slice(5, 10)} ${smsMoney({ amount: String(Math.round(w.total / w.deals)), currency: 'KHR' })}`);
    return marketText(user.locale, 'prices', { ...params, items: items.join(', ') });
  }

  /** Offers waiting for the sender's answer (orders on their listings, quotes on their demands), each with a code. */
  async pendingOffers(user: SmsUser): Promise<string> {
    const page = await this.offers.list(user.userId, { status: 'pending', limit: 20 });
    const mine = new Set(await this.access.organizationIdsOf(user.userId, 'manager'));
    // Waiting for them: made by the other side (an order, a quote, or a counter-offer to theirs).
    const waiting = page.items
      .filter((o) => mine.has(o.organizationId === o.buyerOrganizationId ? o.sellerOrganizationId : o.buyerOrganizationId))
      .slice(0, LIST_ITEMS);
    if (waiting.length === 0) return marketText(user.locale, 'offers-none');
    const products = await this.productsOf(waiting.map((o) => o.productCode));
    const names = await this.access.namesOf([], waiting.map((o) => o.organizationId));
    const items = await Promise.all(
      waiting.map(async (o) => {
        const code = await this.shortCodes.codeFor(user.phone, 'offer', o.id);
        const product = products.get(o.productCode);
        const line = o.lines[0]!;
        return `${code} ${names.organizations.get(o.organizationId) ?? ''}: ${product ? productName(user.locale, product) : o.productCode} ${smsQuantity(user.locale, o.quantity, o.unit)} ${smsMoney(line.unitPrice)}`;
      }),
    );
    return marketText(user.locale, 'offers', { items: items.join('; ') });
  }

  /** ACCEPT <code> <PIN>: the PIN first, so a spoofed number learns nothing about the offer. */
  async accept(user: SmsUser, typedCode: string, pin: string): Promise<string> {
    const check = await this.pins.check(user.userId, pin);
    if (check !== 'ok') return marketText(user.locale, check === 'locked' ? 'pin-locked' : check === 'unset' ? 'pin-unset' : 'pin-wrong');
    const offerId = await this.shortCodes.resolve(user.phone, 'offer', typedCode);
    const code = typedCode.toUpperCase();
    if (!offerId) return marketText(user.locale, 'unknown-code', { code });
    try {
      const { offer } = await this.offers.accept(user.userId, offerId);
      const [product, names] = await Promise.all([
        this.catalog.findProduct(offer.productCode),
        this.access.namesOf([], [offer.buyerOrganizationId]),
      ]);
      return marketText(user.locale, 'accepted', {
        code,
        quantity: smsQuantity(user.locale, offer.quantity, offer.unit),
        product: product ? productName(user.locale, product) : offer.productCode,
        buyer: names.organizations.get(offer.buyerOrganizationId) ?? '',
      });
    } catch (error) {
      return this.refusal(user.locale, code, error);
    }
  }

  async decline(user: SmsUser, typedCode: string): Promise<string> {
    const offerId = await this.shortCodes.resolve(user.phone, 'offer', typedCode);
    const code = typedCode.toUpperCase();
    if (!offerId) return marketText(user.locale, 'unknown-code', { code });
    try {
      await this.offers.reject(user.userId, offerId);
    } catch (error) {
      return this.refusal(user.locale, code, error);
    }
    return marketText(user.locale, 'declined', { code });
  }

  private refusal(locale: Locale, code: string, error: unknown): string {
    if (error instanceof ProblemException) {
      const body = error.getResponse() as { type?: string };
      if (body.type?.endsWith('/offer-not-pending') || body.type?.endsWith('/offer-expired')) {
        return marketText(locale, 'offer-closed', { code, status: body.type.split('/').pop()! });
      }
    }
    return marketText(locale, 'offer-refused', { code, reason: reasonOf(error) });
  }

  private describe(locale: Locale, product: Product, draft: SellDraft): Record<string, string> {
    return {
      product: productName(locale, product),
      grade: draft.grade ? ` ${draft.grade}` : '',
      quantity: smsQuantity(locale, draft.quantity, product.unit),
      price: smsMoney(draft.price),
    };
  }

  private ownActiveListings(user: SmsUser, limit: number): Promise<Page<ListingDto>> {
    const query = Object.assign(new SearchListingsQuery(), { mine: true, status: 'active' as const, sort: 'newest' as const, limit });
    // Search reads only the caller's id (for mine=true); an SMS has no web session.
    return this.listings.search({ id: user.userId, sessionId: '' }, query);
  }

  private async productsOf(codes: string[]): Promise<Map<string, Product>> {
    const products = await Promise.all([...new Set(codes)].map((code) => this.catalog.findProduct(code)));
    return new Map(products.filter((p): p is Product => p !== null).map((p) => [p.code, p]));
  }
}
