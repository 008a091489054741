// Every connector type, registered explicitly (one line each). `edi connectors` lists them.
import type { ComponentDefinition } from '../topics/component.js';
import { tobaccoRouter } from './outbound/tobacco/index.js';
import { folderInbound } from './inbound/folder/index.js';
import { sftpInbound } from './inbound/sftp/index.js';
import { httpInbound } from './inbound/http/index.js';
import { folderOutbound } from './outbound/folder/index.js';
import { sftpOutbound } from './outbound/sftp/index.js';
import { httpOutbound } from './outbound/http/index.js';
import { edsDelivery } from './outbound/eds/index.js';
import { vmdFetch } from './inbound/vmd/index.js';
import { tracesStatement } from './outbound/traces/index.js';
import { eudrDesk } from './inbound/eudr-desk/index.js';
import { tracesVerify } from './outbound/traces/verify.js';

export const connectorDefinitions: ComponentDefinition[] = [tobaccoRouter, folderInbound, sftpInbound, httpInbound, folderOutbound, sftpOutbound, httpOutbound, edsDelivery, vmdFetch, tracesStatement, eudrDesk, tracesVerify];
