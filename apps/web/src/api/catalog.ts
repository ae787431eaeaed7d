import { signal } from '@preact/signals';
import { api, ok } from './client';
import type { Schemas } from './types';

export type Product = Schemas['ProductDto'];
export type Province = Schemas['ProvinceDto'];
export type ValueChain = Schemas['ValueChainDto'];

export interface Catalog {
  products: Product[];
  provinces: Province[];
  valueChains: ValueChain[];
}

/** The catalog (products, provinces, value chains), loaded once per visit and shared by every screen. */
export const catalog = signal<Catalog | null>(null);
let loading: Promise<Catalog> | null = null;

export function loadCatalog(): Promise<Catalog> {
  loading ??= Promise.all([
    ok(api.GET('/api/v1/products')),
    ok(api.GET('/api/v1/provinces')),
    ok(api.GET('/api/v1/value-chains')),
  ])
    .then(([products, provinces, valueChains]) => {
      catalog.value = { products: products.items, provinces: provinces.items, valueChains: valueChains.items };
      return catalog.value;
    })
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}

/** The catalog the server drew the page with: the browser starts with it instead of asking again. */
export function startWithCatalog(given: Catalog): void {
  catalog.value = given;
  loading = Promise.resolve(given);
}

export function productByCode(code: string | null | undefined): Product | undefined {
  return catalog.value?.products.find((p) => p.code === code);
}

export function provinceByCode(code: string | null | undefined): Province | undefined {
  return catalog.value?.provinces.find((p) => p.code === code);
}

export function valueChainByCode(code: string | null | undefined): ValueChain | undefined {
  return catalog.value?.valueChains.find((v) => v.code === code);
}
