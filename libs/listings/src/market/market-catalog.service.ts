import { Injectable } from '@nestjs/common';
import { AliasIndex, CatalogService, Product, productNameAliases, Province } from '@psar/catalog';
import { type FieldError, searchableText } from '@psar/platform';

interface CatalogSnapshot {
  products: Map<string, Product>;
  provinces: Map<string, Province>;
  valueChains: Set<string>;
  aliases: AliasIndex;
}

export interface CheckedProduct {
  product: Product;
  /** 1 = the product's best grade; null when no grade was given. */
  gradeRank: number | null;
}

/**
 * The catalog as listings and demands check against it. Reference data changes only with
 * a migration (and so a restart), so one snapshot per process is safe to keep.
 */
@Injectable()
export class MarketCatalog {
  private snapshot?: Promise<CatalogSnapshot>;

  constructor(private readonly catalog: CatalogService) {}

  private load(): Promise<CatalogSnapshot> {
    this.snapshot ??= Promise.all([
      this.catalog.listProducts(),
      this.catalog.listProvinces(),
      this.catalog.listValueChains(),
      this.catalog.listAliases(),
    ]).then(
      ([products, provinces, valueChains, aliases]) => ({
        products: new Map(products.map((p) => [p.code, p])),
        provinces: new Map(provinces.map((p) => [p.code, p])),
        valueChains: new Set(valueChains.map((v) => v.code)),
        // A query naming a product also finds it by its product word (text-query.ts).
        aliases: new AliasIndex([...productNameAliases(products), ...aliases]),
      }),
      (error: unknown) => {
        this.snapshot = undefined;
        throw error;
      },
    );
    return this.snapshot;
  }

  async product(code: string): Promise<Product | undefined> {
    return (await this.load()).products.get(code);
  }

  async province(code: string): Promise<Province | undefined> {
    return (await this.load()).provinces.get(code);
  }

  /** The names of products (their own and catalog_aliases) and value chains (catalog_aliases), for search. */
  async aliases(): Promise<AliasIndex> {
    return (await this.load()).aliases;
  }

  async isValueChain(code: string): Promise<boolean> {
    return (await this.load()).valueChains.has(code);
  }

  /** Product, unit and grade against the catalog; problems are pushed onto `errors`. */
  async checkProduct(
    input: { productCode: string; unit?: string; qualityGrade?: string | null },
    errors: FieldError[],
  ): Promise<CheckedProduct | undefined> {
    const product = await this.product(input.productCode);
    if (!product) {
      errors.push({ field: 'productCode', message: `no product has the code ${input.productCode} (see GET /products)` });
      return undefined;
    }
    if (input.unit !== undefined && input.unit !== product.unit) {
      errors.push({ field: 'unit', message: `${product.nameEn} are counted in ${product.unit}, not ${input.unit}` });
    }
    let gradeRank: number | null = null;
    if (input.qualityGrade !== undefined && input.qualityGrade !== null) {
      const index = product.grades.indexOf(input.qualityGrade);
      if (index < 0) {
        errors.push({
          field: 'qualityGrade',
          message: product.grades.length
            ? `${product.nameEn} come in grades ${product.grades.join(', ')}`
            : `${product.nameEn} are not graded; leave qualityGrade out`,
        });
      } else {
        gradeRank = index + 1;
      }
    }
    return { product, gradeRank };
  }

  searchTerms(product: Product): string {
    return productSearchTerms(product);
  }
}

/** The words a search should find a product by: its English and Khmer names and its code, as search indexes text. */
export function productSearchTerms(product: { code: string; nameEn: string; nameKm: string }): string {
  return searchableText(`${product.nameEn} ${product.nameKm} ${product.code.replace(/_/g, ' ')}`);
}
