// EDS's answers that are not ModelState, in its own words where they are known (reference
// README and OpenAPI: 409 and 429 texts) and in ASP.NET Web API's defaults where they are not.
export const DUPLICATE_MESSAGE = 'Ieraksts ar identiskiem datiem jau izveidots.';
export const RATE_LIMIT_MESSAGE = 'Pārsniegts izsaukumu skaita ierobežojums.';
/** ASP.NET Web API's answer to a missing or invalid bearer token. */
export const UNAUTHORIZED_MESSAGE = 'Authorization has been denied for this request.';
export const FORBIDDEN_MESSAGE = 'API klientam nav tiesību iesniegt datus par šo pārvadātāju.';
