import { writeFileSync } from 'node:fs';
import { errorsMarkdown } from '../runtime/error-docs.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), errorsMarkdown());
console.log('docs/errors.md written');
