/**
 * Kenyan banks whose M-Pesa paybill takes deposits to an account at the bank, served by `GET /v1/banks`.
 *
 * Every entry names the public page it was taken from. Banks publish these numbers on their own sites
 * inconsistently, so several sources are consumer guides rather than the bank itself; an entry is only
 * here when a page states its paybill outright. Banks renamed after a merger or sale keep their paybill,
 * and `former_names` says which name the source uses. Change a number only with a new source.
 */
export interface Bank {
  /** Stable identifier for clients (snake_case); never reused for another bank. */
  code: string;
  name: string;
  /** M-Pesa paybill numbers (strings: Daraja's PartyB is a string, and a shortcode is not arithmetic). */
  paybills: string[];
  /** What to type as the M-Pesa "Account no." for a deposit, where the source says. */
  account_format: string | null;
  /** Names the bank traded under that its source may use. */
  former_names: string[];
  /** A public page or document that publishes the paybill. */
  source: string;
}

/** The multi-bank list most of the smaller entries come from; it predates the CBA/NIC, Barclays and Jamii Bora renames. */
const ACRAB_LIST = 'https://www.acrab.co.ke/mpesa-paybill-numbers-for-banks-in-kenya/';

export const BANKS: readonly Bank[] = [
  {
    code: 'equity',
    name: 'Equity Bank',
    paybills: ['247247'],
    account_format: 'The Equity account number, or the phone number registered to the account',
    former_names: [],
    source: 'https://www.yu.co.ke/equity-paybill-number/',
  },
  {
    code: 'kcb',
    name: 'KCB Bank',
    paybills: ['522522', '522533'],
    account_format: 'The KCB account number',
    former_names: ['Kenya Commercial Bank'],
    // 522522 is the deposit paybill (lawyerbloc.com/kcb-m-pesa-account-kcb-m-pesa-loan-deposits-and-charges/);
    // the SmartPay API documentation, whose merchants this API takes over, lists KCB as 522522/522533.
    source: 'https://github.com/ERAM101/SMARTPAY-MAIN-API',
  },
  {
    code: 'co_op',
    name: 'Co-operative Bank of Kenya',
    paybills: ['400200', '400222'],
    account_format: '400200: the Co-op Bank account number; 400222: the reference given by the business being paid',
    former_names: [],
    source: 'https://centwarrior.com/cooperative-bank-paybill',
  },
  {
    code: 'standard_chartered',
    name: 'Standard Chartered Bank Kenya',
    paybills: ['329329'],
    account_format: 'The Standard Chartered account number',
    former_names: [],
    source: 'https://kampusville.com/mpesa-standard-chartered/',
  },
  {
    code: 'ncba',
    name: 'NCBA Bank',
    paybills: ['880100'],
    account_format: 'The NCBA account number',
    former_names: ['Commercial Bank of Africa (CBA)'],
    source: ACRAB_LIST,
  },
  {
    code: 'absa',
    name: 'Absa Bank Kenya',
    paybills: ['303030'],
    account_format: 'The Absa account number',
    former_names: ['Barclays Bank of Kenya'],
    source: ACRAB_LIST,
  },
  {
    code: 'i_and_m',
    name: 'I&M Bank',
    paybills: ['542542'],
    account_format: 'The I&M account number',
    former_names: [],
    source: 'https://ask.nyongesasande.com/community/how-to/how-do-i-send-money-from-m-pesa-to-im-bank-account-in-kenya/',
  },
  {
    code: 'dtb',
    name: 'Diamond Trust Bank (DTB)',
    paybills: ['516600'],
    account_format: 'The DTB account number',
    former_names: [],
    source: 'https://www.tuko.co.ke/323383-how-transfer-money-m-pesa-dtb-account.html',
  },
  {
    code: 'family',
    name: 'Family Bank',
    paybills: ['222111'],
    account_format: null,
    former_names: [],
    source: ACRAB_LIST,
  },
  {
    code: 'stanbic',
    name: 'Stanbic Bank Kenya',
    paybills: ['600100'],
    account_format: null,
    former_names: ['CFC Stanbic Bank'],
    source: 'https://truematch.co.ke/blog/how-to-use-stanbic-paybill/',
  },
  {
    code: 'hf',
    name: 'HFC (HF Group)',
    paybills: ['100400'],
    account_format: null,
    former_names: ['Housing Finance Company of Kenya'],
    source: ACRAB_LIST,
  },
  {
    code: 'sidian',
    name: 'Sidian Bank',
    paybills: ['111999'],
    account_format: 'The Sidian Bank account number',
    former_names: ['K-Rep Bank'],
    source: 'http://biashara.co.ke/how-to/category/guides/page/3/',
  },
  {
    code: 'bank_of_africa',
    name: 'Bank of Africa Kenya',
    paybills: ['972900'],
    account_format: null,
    former_names: [],
    source: ACRAB_LIST,
  },
  {
    code: 'kingdom',
    name: 'Kingdom Bank',
    paybills: ['529901'],
    account_format: null,
    former_names: ['Jamii Bora Bank'],
    source: ACRAB_LIST,
  },
  {
    code: 'gulf_african',
    name: 'Gulf African Bank',
    paybills: ['985050'],
    account_format: null,
    former_names: [],
    source: ACRAB_LIST,
  },
  {
    code: 'credit',
    name: 'Credit Bank',
    paybills: ['972700'],
    account_format: null,
    former_names: [],
    source: ACRAB_LIST,
  },
  {
    code: 'abc',
    name: 'African Banking Corporation (ABC Bank)',
    paybills: ['111777'],
    account_format: 'The ABC Bank account number',
    former_names: [],
    source: 'https://www.nyongesasande.com/how-to-deposit-money-to-abc-bank-kenya-via-mpesa/',
  },
];
