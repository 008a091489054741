// npm run docs:connectors — regenerates the README's component section from the specs.
import { readFileSync, writeFileSync } from 'node:fs';
import { withConnectorsSection } from './connector-docs.js';

const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, withConnectorsSection(readFileSync(readme, 'utf8')));
console.log('README.md: component section written');
