// Every connector type, registered explicitly (one line each). `edi connectors` lists them.
import type { ComponentDefinition } from '../topics/component.js';
import { tobaccoRouter } from './outbound/tobacco/index.js';
import { folderInbound } from './inbound/folder/index.js';
import { sftpInbound } from './inbound/sftp/index.js';
import { httpInbound } from './inbound/http/index.js';

export const connectorDefinitions: ComponentDefinition[] = [tobaccoRouter, folderInbound, sftpInbound, httpInbound];
