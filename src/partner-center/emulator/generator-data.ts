// Word lists for generated referrals. Tag values (sizes, products, services, industries, solutions) are the
// documented ones (referral-resources.md); countries carry their ISO 3166 alpha-2 code and ISO 4217 currency.

import { pcAssistanceRequestCodes } from '../wire.js';

export interface CountryData {
  readonly code: string;
  readonly currency: string;
  readonly locale: string;
  readonly tld: string;
  readonly suffixes: readonly string[];
  readonly phonePrefix: string;
  readonly cities: readonly { readonly city: string; readonly state: string; readonly postal: string }[];
  readonly streets: readonly string[];
}

// One line per country keeps the table readable.
// prettier-ignore
export const countries: readonly CountryData[] = [
  { code: 'US', currency: 'USD', locale: 'en-US', tld: 'com', suffixes: ['Inc', 'LLC', 'Corp'], phonePrefix: '+1', streets: ['Main Street', 'Pine Avenue', 'Market Street'], cities: [{ city: 'Redmond', state: 'WA', postal: '98052' }, { city: 'Austin', state: 'TX', postal: '78701' }, { city: 'Chicago', state: 'IL', postal: '60601' }, { city: 'Boston', state: 'MA', postal: '02110' }] },
  { code: 'CA', currency: 'CAD', locale: 'en-CA', tld: 'ca', suffixes: ['Inc', 'Ltd'], phonePrefix: '+1', streets: ['King Street West', 'Rue Sainte-Catherine'], cities: [{ city: 'Toronto', state: 'ON', postal: 'M5H 2N2' }, { city: 'Montréal', state: 'QC', postal: 'H3B 4W8' }, { city: 'Vancouver', state: 'BC', postal: 'V6B 1A1' }] },
  { code: 'GB', currency: 'GBP', locale: 'en-GB', tld: 'co.uk', suffixes: ['Ltd', 'plc'], phonePrefix: '+44', streets: ['High Street', 'Station Road'], cities: [{ city: 'London', state: 'England', postal: 'EC1A 1BB' }, { city: 'Manchester', state: 'England', postal: 'M1 1AE' }, { city: 'Edinburgh', state: 'Scotland', postal: 'EH1 1YZ' }] },
  { code: 'DE', currency: 'EUR', locale: 'de-DE', tld: 'de', suffixes: ['GmbH', 'AG'], phonePrefix: '+49', streets: ['Hauptstraße', 'Bahnhofstraße'], cities: [{ city: 'München', state: 'Bayern', postal: '80331' }, { city: 'Berlin', state: 'Berlin', postal: '10115' }, { city: 'Hamburg', state: 'Hamburg', postal: '20095' }] },
  { code: 'FR', currency: 'EUR', locale: 'fr-FR', tld: 'fr', suffixes: ['SAS', 'SA'], phonePrefix: '+33', streets: ['Rue de la République', 'Avenue Victor Hugo'], cities: [{ city: 'Paris', state: 'Île-de-France', postal: '75001' }, { city: 'Lyon', state: 'Auvergne-Rhône-Alpes', postal: '69002' }] },
  { code: 'NL', currency: 'EUR', locale: 'nl-NL', tld: 'nl', suffixes: ['B.V.', 'N.V.'], phonePrefix: '+31', streets: ['Keizersgracht', 'Stationsplein'], cities: [{ city: 'Amsterdam', state: 'Noord-Holland', postal: '1012 AB' }, { city: 'Utrecht', state: 'Utrecht', postal: '3511 AA' }, { city: 'Rotterdam', state: 'Zuid-Holland', postal: '3011 AD' }] },
  { code: 'ES', currency: 'EUR', locale: 'es-ES', tld: 'es', suffixes: ['S.L.', 'S.A.'], phonePrefix: '+34', streets: ['Calle Mayor', 'Gran Vía'], cities: [{ city: 'Madrid', state: 'Madrid', postal: '28013' }, { city: 'Barcelona', state: 'Cataluña', postal: '08002' }] },
  { code: 'IT', currency: 'EUR', locale: 'it-IT', tld: 'it', suffixes: ['S.p.A.', 'S.r.l.'], phonePrefix: '+39', streets: ['Via Roma', 'Corso Italia'], cities: [{ city: 'Milano', state: 'Lombardia', postal: '20121' }, { city: 'Roma', state: 'Lazio', postal: '00184' }] },
  { code: 'SE', currency: 'SEK', locale: 'sv-SE', tld: 'se', suffixes: ['AB'], phonePrefix: '+46', streets: ['Drottninggatan', 'Storgatan'], cities: [{ city: 'Stockholm', state: 'Stockholm', postal: '111 57' }, { city: 'Göteborg', state: 'Västra Götaland', postal: '411 03' }] },
  { code: 'NO', currency: 'NOK', locale: 'nb-NO', tld: 'no', suffixes: ['AS', 'ASA'], phonePrefix: '+47', streets: ['Karl Johans gate', 'Storgata'], cities: [{ city: 'Oslo', state: 'Oslo', postal: '0154' }, { city: 'Bergen', state: 'Vestland', postal: '5003' }] },
  { code: 'DK', currency: 'DKK', locale: 'da-DK', tld: 'dk', suffixes: ['A/S', 'ApS'], phonePrefix: '+45', streets: ['Strøget', 'Vesterbrogade'], cities: [{ city: 'København', state: 'Hovedstaden', postal: '1050' }, { city: 'Aarhus', state: 'Midtjylland', postal: '8000' }] },
  { code: 'CH', currency: 'CHF', locale: 'de-CH', tld: 'ch', suffixes: ['AG', 'SA'], phonePrefix: '+41', streets: ['Bahnhofstrasse', 'Rue du Rhône'], cities: [{ city: 'Zürich', state: 'ZH', postal: '8001' }, { city: 'Genève', state: 'GE', postal: '1204' }] },
  { code: 'PL', currency: 'PLN', locale: 'pl-PL', tld: 'pl', suffixes: ['Sp. z o.o.', 'S.A.'], phonePrefix: '+48', streets: ['ulica Marszałkowska', 'ulica Floriańska'], cities: [{ city: 'Warszawa', state: 'Mazowieckie', postal: '00-001' }, { city: 'Kraków', state: 'Małopolskie', postal: '31-001' }] },
  { code: 'JP', currency: 'JPY', locale: 'ja-JP', tld: 'co.jp', suffixes: ['K.K.', 'Co., Ltd.'], phonePrefix: '+81', streets: ['Marunouchi 1-chome', 'Umeda 2-chome'], cities: [{ city: 'Tokyo', state: 'Tokyo', postal: '100-0005' }, { city: 'Osaka', state: 'Osaka', postal: '530-0001' }] },
  { code: 'CN', currency: 'CNY', locale: 'zh-CN', tld: 'cn', suffixes: ['Co., Ltd.'], phonePrefix: '+86', streets: ['Nanjing Road', 'Chang’an Avenue'], cities: [{ city: 'Shanghai', state: 'Shanghai', postal: '200001' }, { city: 'Beijing', state: 'Beijing', postal: '100005' }] },
  { code: 'IN', currency: 'INR', locale: 'en-IN', tld: 'in', suffixes: ['Pvt Ltd', 'Ltd'], phonePrefix: '+91', streets: ['MG Road', 'Nariman Point'], cities: [{ city: 'Bengaluru', state: 'Karnataka', postal: '560001' }, { city: 'Mumbai', state: 'Maharashtra', postal: '400021' }] },
  { code: 'AU', currency: 'AUD', locale: 'en-AU', tld: 'com.au', suffixes: ['Pty Ltd'], phonePrefix: '+61', streets: ['George Street', 'Collins Street'], cities: [{ city: 'Sydney', state: 'NSW', postal: '2000' }, { city: 'Melbourne', state: 'VIC', postal: '3000' }] },
  { code: 'NZ', currency: 'NZD', locale: 'en-NZ', tld: 'co.nz', suffixes: ['Limited'], phonePrefix: '+64', streets: ['Queen Street', 'Lambton Quay'], cities: [{ city: 'Auckland', state: 'Auckland', postal: '1010' }, { city: 'Wellington', state: 'Wellington', postal: '6011' }] },
  { code: 'BR', currency: 'BRL', locale: 'pt-BR', tld: 'com.br', suffixes: ['Ltda.', 'S.A.'], phonePrefix: '+55', streets: ['Avenida Paulista', 'Rua Oscar Freire'], cities: [{ city: 'São Paulo', state: 'SP', postal: '01310-100' }, { city: 'Rio de Janeiro', state: 'RJ', postal: '20040-002' }] },
  { code: 'MX', currency: 'MXN', locale: 'es-MX', tld: 'com.mx', suffixes: ['S.A. de C.V.'], phonePrefix: '+52', streets: ['Paseo de la Reforma', 'Avenida Insurgentes'], cities: [{ city: 'Ciudad de México', state: 'CDMX', postal: '06600' }, { city: 'Monterrey', state: 'NL', postal: '64000' }] },
  { code: 'ZA', currency: 'ZAR', locale: 'en-ZA', tld: 'co.za', suffixes: ['(Pty) Ltd'], phonePrefix: '+27', streets: ['Long Street', 'Rivonia Road'], cities: [{ city: 'Johannesburg', state: 'Gauteng', postal: '2196' }, { city: 'Cape Town', state: 'Western Cape', postal: '8001' }] },
  { code: 'SG', currency: 'SGD', locale: 'en-SG', tld: 'com.sg', suffixes: ['Pte Ltd'], phonePrefix: '+65', streets: ['Orchard Road', 'Raffles Place'], cities: [{ city: 'Singapore', state: 'Singapore', postal: '048616' }] },
  { code: 'AE', currency: 'AED', locale: 'ar-AE', tld: 'ae', suffixes: ['LLC', 'FZ-LLC'], phonePrefix: '+971', streets: ['Sheikh Zayed Road', 'Al Maktoum Road'], cities: [{ city: 'Dubai', state: 'Dubai', postal: '00000' }, { city: 'Abu Dhabi', state: 'Abu Dhabi', postal: '00000' }] },
  { code: 'KR', currency: 'KRW', locale: 'ko-KR', tld: 'co.kr', suffixes: ['Co., Ltd.'], phonePrefix: '+82', streets: ['Teheran-ro', 'Sejong-daero'], cities: [{ city: 'Seoul', state: 'Seoul', postal: '06164' }, { city: 'Busan', state: 'Busan', postal: '48058' }] },
];

export const companyStems = [
  'Northwind',
  'Fabrikam',
  'Adventure Works',
  'Tailspin',
  'Wide World',
  'Woodgrove',
  'Litware',
  'Proseware',
  'Alpine Ski House',
  'Coho',
  'Lucerne',
  'Trey Research',
  'Wingtip',
  'Blue Yonder',
  'Fourth Coffee',
  'Humongous',
  'Relecloud',
  'VanArsdel',
  'Bellows',
  'Consolidated Messenger',
  'First Up',
  'Lamna',
  'Munson',
  'Nod',
  'Southridge',
  'Tailwind',
  'A. Datum',
  'Graphic Design',
  'Margie',
  'Liberty',
];

export const companyTrades = [
  'Pharma',
  'Logistics',
  'Energy',
  'Foods',
  'Retail',
  'Bank',
  'Insurance',
  'Manufacturing',
  'Health',
  'Media',
  'Telecom',
  'Motors',
  'Airlines',
  'Textiles',
  'Chemicals',
  'Realty',
];

export const firstNames = [
  'Sue',
  'Joe',
  'Aiko',
  'Lars',
  'Priya',
  'Mateo',
  'Fatima',
  'Chen',
  'Olga',
  'Kwame',
  'Ingrid',
  'Diego',
  'Amara',
  'Hiroshi',
  'Noor',
  'Emma',
  'Liam',
  'Sofia',
  'Ravi',
  'Zanele',
  'Jonas',
  'Camille',
  'Yusuf',
  'Mei',
  'Anders',
  'Lucía',
];

export const lastNames = [
  'Smith',
  'Hansen',
  'Tanaka',
  'Johansson',
  'Sharma',
  'García',
  'Haddad',
  'Wang',
  'Ivanova',
  'Mensah',
  'Berg',
  'Fernández',
  'Okafor',
  'Sato',
  'Rahman',
  'Müller',
  'Murphy',
  'Rossi',
  'Patel',
  'Dlamini',
  'de Vries',
  'Dubois',
  'Yılmaz',
  'Lin',
  'Nielsen',
  'Moreno',
];

export const customerSizes = [
  '1to9employees',
  '10to50employees',
  '51to250employees',
  '251to1000employees',
  '1001to5000employees',
  '5001to10000employees',
  '10001to20000employees',
  'Morethan20000employees',
];

export const products = [
  'Azure',
  'EnterpriseMobilityAndSecurity',
  'Exchange',
  'DeveloperTools',
  'Dynamics365Business',
  'Dynamics365Enterprise',
  'Microsoft365',
  'Office',
  'PowerBI',
  'Project',
  'SharePoint',
  'Surface',
  'SQL',
  'Teams',
  'Windows',
];

export const services = [
  'ConsultingAndProfessional',
  'CustomSolution(ISV)',
  'DeploymentOrMigration',
  'Integration',
  'LearningAndCertification',
  'Licensing',
  'ManagedServices',
  'ProjectServices',
];

export const industries = [
  'Communications & Media',
  'Education',
  'Financial Services',
  'Government',
  'Healthcare',
  'Hospitality',
  'Manufacturing',
  'Power & Utilities',
  'Retail & Consumer Goods',
  'Travel & Transportation',
  'Wholesale & Distribution',
];

/** Microsoft solution categories (referral-resources.md "Solutions"), used as `Category` solution tags. */
export const solutionCategories = [
  'AdvancedAnalytics',
  'ArtificialIntelligence',
  'BackupDisasterRecovery',
  'CloudMigration',
  'DataWarehouse',
  'DevOps',
  'Dynamics365forSales',
  'Dynamics365forFieldService',
  'IdentityandAccessManagement',
  'InternetofThings',
  'MachineLearning',
  'SAPonAzure',
  'SQLServerUpgrade',
  'ThreatProtection',
  'WebDevelopment',
];

/** The partner's co-sell-ready solutions: SolutionProfile targets, ids shaped like the docs' `SOL-34104-EBB`. */
export const partnerSolutions = [
  { id: 'SOL-34104-EBB', name: 'Contoso Cloud Migration Factory' },
  { id: 'SOL-52871-CKD', name: 'Contoso Secure Identity Accelerator' },
  { id: 'SOL-18830-FMA', name: 'Contoso Data Estate Modernisation' },
  { id: 'SOL-77215-PRT', name: 'Contoso Field Service for Utilities' },
  { id: 'SOL-60492-LXN', name: 'Contoso Copilot Readiness Workshop' },
  { id: 'SOL-29946-HWQ', name: 'Contoso SAP on Azure Landing Zone' },
] as const;

export const notes = [
  'Customer wants to move its on-premises SQL estate to Azure within two quarters.',
  'Interested in Microsoft 365 E5 security; needs help with a proof of concept.',
  'Looking for a partner to run a Dynamics 365 Field Service pilot in one region.',
  'Data platform consolidation; budget approved for the next fiscal year.',
  'Evaluating Copilot for 500 seats; wants a readiness assessment first.',
  'Datacenter exit by year end; wants a migration plan and landing zone.',
  'Replacing a legacy CRM; decision expected after the board meeting.',
];

export const closeReasons = {
  Won: ['Customer signed the statement of work.', 'Purchase order received.'],
  Lost: [
    'Lost to a competitor on price.',
    'Project postponed indefinitely.',
    'Customer chose to build in house.',
  ],
  Declined: ['Not a fit for our practice.', 'Outside our service region.'],
  Expired: ['Referral expired'],
} as const;

/** inviteContext.assistanceRequestCode values that ask Microsoft for help (all but Unknown). */
export const assistanceRequestCodesForHelp = pcAssistanceRequestCodes.filter((code) => code !== 'Unknown');
