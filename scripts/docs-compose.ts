// npm run docs:compose — regenerates docker-compose.yml from the default edi.config.yaml.
import { readFileSync, writeFileSync } from 'node:fs';
import { composeFile } from './compose.js';

const config = readFileSync(new URL('../edi.config.yaml', import.meta.url), 'utf8');
writeFileSync(new URL('../docker-compose.yml', import.meta.url), composeFile(config));
console.log('docker-compose.yml: written from edi.config.yaml');
