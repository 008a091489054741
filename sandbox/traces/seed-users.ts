// The sandbox's test users — the web service users of three operators of the Latvian timber
// chain: the data centre acting under mandates (authorised representative), a forest-owning
// company with its own credentials, and a sawmill that only verifies the numbers it receives.
// Any SOAP client can be pointed at the sandbox with these (GET /_sandbox/seed lists them).

export const DEFAULT_USERS = [
  {
    username: 'edi-data-centre',
    authKey: 'sandbox-auth-key-data-centre-0001',
    webServiceClientId: 'eudr-test',
    operator: {
      name: 'SIA EDI Datu Centrs',
      country: 'LV',
      identifiers: [
        { type: 'vat' as const, value: 'LV40003999001' },
        { type: 'eori' as const, value: 'LV40003999001' },
      ],
    },
    roles: ['OPERATOR' as const, 'REPRESENTATIVE_OPERATOR' as const],
    activities: ['DOMESTIC' as const, 'IMPORT' as const, 'EXPORT' as const],
    operatorAccessIdentifiers: ['LVEDI0001'],
  },
  {
    username: 'edi-forest-owner',
    authKey: 'sandbox-auth-key-forest-owner-0002',
    webServiceClientId: 'eudr-test',
    operator: { name: 'SIA Priedes Mežs', country: 'LV', identifiers: [{ type: 'vat' as const, value: 'LV40103000001' }] },
    roles: ['OPERATOR' as const],
    activities: ['DOMESTIC' as const, 'EXPORT' as const],
    operatorAccessIdentifiers: [],
  },
  {
    username: 'edi-sawmill',
    authKey: 'sandbox-auth-key-sawmill-0003',
    webServiceClientId: 'eudr-test',
    operator: { name: 'AS Vidzemes Kokzāģētava', country: 'LV', identifiers: [{ type: 'vat' as const, value: 'LV40003888002' }] },
    roles: [],
    activities: ['DOMESTIC' as const],
    operatorAccessIdentifiers: [],
  },
];
