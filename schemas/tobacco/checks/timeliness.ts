// An event reported more than 24 hours after it happened is still accepted, with HTTP 299
// and a warning (reference README; CEH VAL_EVT_24H / VAL_EVT_TIME compare now − Event_Time
// with 24 h, Event_Time being the start of its UTC hour). Not an error: the broker sends it.
import { MESSAGE_SPECS } from '../catalogue/index.js';
import { parseEventTime } from '../formats.js';
import { warning } from '../violation.js';
import type { Check } from './check.js';

export const checkTimeliness: Check = ({ type, message, options, now }) => {
  const code = MESSAGE_SPECS[type].lateWarning;
  const v = message.Event_Time;
  if (code === undefined || typeof v !== 'string') return [];
  const at = parseEventTime(v);
  if (at === undefined) return [];
  const lateMs = now.getTime() - at.getTime();
  if (lateMs <= options.lateAfterMs) return [];
  const hours = Math.floor(lateMs / 3_600_000);
  return [warning(code, 'reported-late', 'Event_Time', `reported ${hours} h after the event; events should be reported within ${options.lateAfterMs / 3_600_000} hours`, v)];
};
