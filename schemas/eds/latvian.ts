// The Latvian texts EDS answers in ModelState. Only the range message is known verbatim (the
// public mock: `Lauka "ServiceFee" vērtībai jābūt robežās no 0 līdz 1000000000.`); the others
// are written in the same style and say so here, as VID's own wording is not public.
import type { CarriageRule, RuleParams } from './rule.js';

export function latvianMessage(rule: CarriageRule, field: string, p: RuleParams): string {
  const f = `"${field}"`;
  switch (rule) {
    case 'range':
      return `Lauka ${f} vērtībai jābūt robežās no ${p.min} līdz ${p.max}.`;
    case 'required':
      return `Lauks ${f} ir obligāts.`;
    case 'length':
      return p.min === p.max ? `Lauka ${f} vērtības garumam jābūt tieši ${p.min} simboliem.` : `Lauka ${f} vērtības garumam jābūt no ${p.min} līdz ${p.max} simboliem.`;
    case 'type':
      return `Lauka ${f} vērtība nav derīga.`;
    case 'enum':
      return `Lauka ${f} vērtība nav atļauta.`;
    case 'date-time-format':
      return `Lauka ${f} vērtība nav derīgs datums un laiks (gggg-MM-ddTHH:mm:ss).`;
    case 'plate-characters':
      return `Lauka ${f} vērtībā drīkst būt tikai burti un cipari, bez domuzīmēm un atstarpēm.`;
    case 'end-after-start':
      return `Lauka ${f} vērtībai jābūt vēlākai par lauka "StartDateTime" vērtību.`;
    case 'not-in-future':
      return `Lauka ${f} vērtība nedrīkst būt nākotnē.`;
    case 'unknown-field':
      return `Lauks ${f} nav paredzēts.`;
    case 'object':
      return 'Pieprasījuma saturs nav derīgs.';
  }
}
