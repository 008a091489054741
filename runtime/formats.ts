// Document formats for `edi validate`, one line per flow.
import type { DocumentFormat } from '../schemas/format.js';
import { tobaccoEventFormat } from '../transformers/tobacco/format.js';
import { papinetDocumentFormat } from '../transformers/papinet/format.js';
import { edsTripFormat } from '../transformers/eds/format.js';

export const documentFormats: DocumentFormat[] = [tobaccoEventFormat, papinetDocumentFormat, edsTripFormat];
