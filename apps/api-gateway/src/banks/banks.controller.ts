import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { singlePage } from '../http/responses';
import { ApiPage, ApiPublic } from '../http/openapi';
import { BANKS, type Bank } from './banks.data';

/** One day: the list changes only with a release. */
export const BANKS_CACHE_CONTROL = 'public, max-age=86400';

export class BankView implements Bank {
  @ApiProperty({ description: 'Stable identifier; never reused for another bank.', example: 'equity' }) code: string;
  @ApiProperty({ example: 'Equity Bank' }) name: string;
  @ApiProperty({ type: [String], description: 'M-Pesa paybill numbers that take deposits to the bank.', example: ['247247'] }) paybills: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What to enter as the M-Pesa "Account no.", where known.',
    example: 'The Equity account number, or the phone number registered to the account',
  })
  account_format: string | null;
  @ApiProperty({ type: [String], description: 'Names the bank traded under before a merger or sale.', example: [] }) former_names: string[];
  @ApiProperty({ description: 'A public page that publishes the paybill.', example: 'https://www.yu.co.ke/equity-paybill-number/' }) source: string;
}

@Controller('v1/banks')
@ApiTags('Banks')
export class BanksController {
  @Get()
  @Header('Cache-Control', BANKS_CACHE_CONTROL)
  @ApiOperation({
    summary: 'List supported banks and their paybills',
    description: 'Kenyan banks whose M-Pesa paybill deposits to an account at the bank, each with the page it was taken from. Public and cacheable for a day.',
  })
  @ApiPublic()
  @ApiPage(BankView, { description: 'Every supported bank, on one page.', message: 'Banks retrieved' })
  list() {
    return { success: true, message: 'Banks retrieved', ...singlePage([...BANKS]) };
  }
}
