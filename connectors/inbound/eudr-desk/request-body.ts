// The body of POST /v1/eudr/statements: the client, its felling affirmations (several → one
// statement) and optionally the product split, role, TRACES account and a comment.
import { z } from 'zod';
import { productSchema } from '../../../transformers/eudr/options.js';
import { AFFIRMATION_NUMBER, statementClientSchema } from '../../../transformers/eudr/statement-request.js';

export const statementRequestBody = z
  .object({
    client: statementClientSchema,
    affirmations: z
      .array(z.string().trim().regex(AFFIRMATION_NUMBER, 'a felling affirmation number'))
      .min(1)
      .max(100)
      .refine((a) => new Set(a).size === a.length, 'an affirmation is listed twice'),
    products: z.array(productSchema).min(1).optional(),
    operatorRole: z.enum(['OPERATOR', 'REPRESENTATIVE_OPERATOR']).optional(),
    account: z.string().min(1).max(80).optional(),
    comment: z.string().max(2000).optional(),
  })
  .strict();

export type StatementRequestBody = z.output<typeof statementRequestBody>;
