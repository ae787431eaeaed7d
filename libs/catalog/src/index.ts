import { CatalogAlias } from './aliases/catalog-alias.entity';
import { CreateCatalog1764400001000 } from './migrations/1764400001000-create-catalog';
import { CreateCatalogAliases1796143900497 } from './migrations/1796143900497-create-catalog-aliases';
import { Product } from './products/product.entity';
import { Province } from './provinces/province.entity';
import { ValueChain } from './value-chains/value-chain.entity';

export { CatalogModule } from './catalog.module';
export { CatalogService } from './catalog.service';
export { CatalogAlias, Product, Province, ValueChain };
export { AliasIndex, nameWords, productNameAliases, type AliasMatch, type AliasSource, type AliasTarget, type AliasWord } from './aliases/alias-index';
export { ALIASES, type AliasData } from './reference-data/aliases';
export { ProductDto, ProductListDto } from './products/dto/product.dto';
export { CentroidDto, ProvinceDto, ProvinceListDto } from './provinces/dto/province.dto';
export { ValueChainDto, ValueChainListDto } from './value-chains/dto/value-chain.dto';
export { CATALOG_CODE_PATTERN } from './catalog-code';
export { IsProvinceCode, PROVINCE_CODE_PATTERN } from './provinces/province-code';
export { distanceKm, EARTH_RADIUS_KM, type LatLng } from './geo/distance';
export { PROVINCES, type ProvinceData } from './reference-data/provinces';
export { VALUE_CHAINS, VALUE_CHAIN_KINDS, type ValueChainData, type ValueChainKind } from './reference-data/value-chains';
export { PRODUCTS, type ProductData } from './reference-data/products';
export { UNITS, type Unit } from './reference-data/units';

export const catalogEntities = [Province, ValueChain, Product, CatalogAlias];
export const catalogMigrations = [CreateCatalog1764400001000, CreateCatalogAliases1796143900497];
