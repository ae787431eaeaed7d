import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATALOG_CODE_PATTERN } from '@psar/catalog';
import { IsCalendarDate, MoneyDto } from '@psar/platform';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

export const LEDGER_ENTRY_KINDS = ['cost', 'sale'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];
export const LEDGER_LINE_KINDS = ['sale', 'purchase', 'cost'] as const;
export type LedgerLineKind = (typeof LEDGER_LINE_KINDS)[number];

export class LedgerQuery {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day (Cambodia), inclusive; default: the first day of the month eleven months ago' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day (Cambodia), inclusive; default: today' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class CreateLedgerEntryDto {
  @ApiProperty({ enum: LEDGER_ENTRY_KINDS, description: 'cost: what the organization spent (feed, clay, fuel, labour); sale: a sale made off Psar' })
  @IsIn(LEDGER_ENTRY_KINDS as unknown as string[], { message: 'kind must be cost or sale' })
  kind: LedgerEntryKind;

  @ApiProperty({ example: '2026-11-20', description: 'The day it happened (Cambodia)' })
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: 'Rice husk for the kiln, 2 carts', maxLength: 200 })
  @IsString({ message: 'description must be a string' })
  @MinLength(1, { message: 'description must not be empty' })
  @MaxLength(200, { message: 'description must be at most 200 characters' })
  description: string;

  @ApiProperty({ type: MoneyDto, description: 'In riel (whole) or dollars' })
  @IsObject({ message: 'amount must be an object {amount, currency}' })
  @ValidateNested()
  @Type(() => MoneyDto)
  amount: MoneyDto;

  @ApiPropertyOptional({ example: 'clay_roof_tile', description: 'The product it is for (GET /products), so that margins per product count it' })
  @IsOptional()
  @IsString()
  @Matches(CATALOG_CODE_PATTERN, { message: 'productCode must be a product code like clay_roof_tile' })
  productCode?: string;

  @ApiPropertyOptional({ example: 'Market stall of Mrs Srey', maxLength: 200, description: 'Who it was paid to, or sold to' })
  @IsOptional()
  @IsString({ message: 'counterpart must be a string' })
  @MaxLength(200, { message: 'counterpart must be at most 200 characters' })
  counterpart?: string;
}

export class LedgerCounterpartDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The organization on Psar; null for an own entry' })
  organizationId: string | null;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;
}

export class LedgerLineDto {
  @ApiProperty({ format: 'uuid', description: "A deal's id for deal lines, the entry's id for own entries" })
  id: string;

  @ApiProperty({ enum: ['deal', 'own'], description: 'deal: from a delivered or completed deal on Psar; own: an entry the organization added' })
  source: 'deal' | 'own';

  @ApiProperty({ enum: LEDGER_LINE_KINDS })
  kind: LedgerLineKind;

  @ApiProperty({ example: '2026-11-20', description: 'Delivery day for deals, the entry day for own entries (Cambodia)' })
  date: string;

  @ApiProperty({ type: LedgerCounterpartDto })
  counterpart: LedgerCounterpartDto;

  @ApiProperty({ type: String, nullable: true })
  productCode: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Own entries only' })
  description: string | null;

  @ApiProperty({ type: String, nullable: true, example: '20000', description: 'Deal lines only' })
  quantity: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'piece' })
  unit: string | null;

  @ApiProperty({ type: MoneyDto, description: "In the deal's (or the entry's) own currency" })
  amount: MoneyDto;

  @ApiProperty({ example: '13000000', description: 'The same in whole riel, dollars at the configured KHR_PER_USD rate' })
  amountKhr: string;
}

export class LedgerMonthDto {
  @ApiProperty({ example: '2026-11' })
  month: string;

  @ApiProperty({ example: '13000000', description: 'Sales on Psar and off it, in riel' })
  sales: string;

  @ApiProperty({ example: '0', description: 'Purchases on Psar, in riel' })
  purchases: string;

  @ApiProperty({ example: '2500000', description: 'Own costs, in riel' })
  costs: string;

  @ApiProperty({ example: '10500000', description: 'sales − purchases − costs, in riel' })
  margin: string;
}

export class LedgerProductDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: costs not tied to a product' })
  productCode: string | null;

  @ApiProperty({ description: 'In riel' })
  sales: string;

  @ApiProperty({ description: 'Own costs entered for this product, in riel' })
  costs: string;

  @ApiProperty({ description: 'sales − costs, in riel' })
  margin: string;
}

export class LedgerCustomerDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: a buyer off Psar, by the name entered' })
  organizationId: string | null;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;

  @ApiProperty({ description: 'What they bought in the period, in riel' })
  sales: string;

  @ApiProperty({ description: 'Lines (deal lines or own sales)' })
  lines: number;
}

export class LedgerTotalsDto {
  @ApiProperty()
  sales: string;

  @ApiProperty()
  purchases: string;

  @ApiProperty()
  costs: string;

  @ApiProperty()
  margin: string;
}

export class LedgerDto {
  @ApiProperty({ format: 'uuid' })
  organizationId: string;

  @ApiProperty({ example: '2026-01-01' })
  from: string;

  @ApiProperty({ example: '2026-12-31' })
  to: string;

  @ApiProperty({ example: '4100', description: 'The KHR per USD rate the riel figures use' })
  khrPerUsd: string;

  @ApiProperty({ type: [LedgerLineDto], description: 'Newest first' })
  lines: LedgerLineDto[];

  @ApiProperty({ type: [LedgerMonthDto], description: 'Every month of the period, oldest first' })
  months: LedgerMonthDto[];

  @ApiProperty({ type: [LedgerProductDto], description: 'Highest margin first' })
  products: LedgerProductDto[];

  @ApiProperty({ type: [LedgerCustomerDto], description: 'The ten best, by sales' })
  bestCustomers: LedgerCustomerDto[];

  @ApiProperty({ type: LedgerTotalsDto })
  totals: LedgerTotalsDto;
}
