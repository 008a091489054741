// The stateful rules of the router sandbox, by message type. Run inside one SQLite
// transaction: a refused message leaves no trace, an accepted one all of its changes.
import type { MessageType } from '../../../schemas/tobacco/index.js';
import { aggregate, disaggregate } from './aggregation.js';
import type { Answer, MessageRule, RuleContext, RuleOutcome } from './context.js';
import { checkIdentity } from './identity.js';
import { applyUnitUis, deactivateUis, requestAggregatedUis, requestUnitUis } from './issuing.js';
import { arrive, deliverFromVan, dispatch, transload } from './movement.js';
import { recall } from './recall.js';
import { transaction } from './transactions.js';

const RULES: Readonly<Record<MessageType, MessageRule>> = {
  IRU: requestUnitUis,
  IRA: requestAggregatedUis,
  IDA: deactivateUis,
  EUA: applyUnitUis,
  EPA: aggregate,
  EDP: dispatch,
  ERP: arrive,
  ETL: transload,
  EUD: disaggregate,
  EVR: deliverFromVan,
  EIV: transaction,
  EPO: transaction,
  EPR: transaction,
  RCL: recall,
};

class Refusal {
  constructor(readonly outcome: RuleOutcome) {}
}

/** Applies the message to the repository state, or changes nothing and says why not. */
export function applyStatefulRules(ctx: RuleContext, onAccepted: (answer: Answer) => void): RuleOutcome {
  try {
    return ctx.store.transaction(() => {
      const identity = checkIdentity(ctx);
      if (identity.length) throw new Refusal({ errors: identity });
      const outcome = RULES[ctx.message.Message_Type](ctx);
      if ('errors' in outcome) throw new Refusal(outcome); // roll back anything the rule did
      onAccepted(outcome.answer);
      return outcome;
    });
  } catch (err) {
    if (err instanceof Refusal) return err.outcome;
    throw err;
  }
}

export type { Answer, RouterError, RuleContext, RuleOutcome } from './context.js';
export { routerError } from './context.js';
