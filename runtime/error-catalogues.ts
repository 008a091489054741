// Every error catalogue in the code base, for docs/errors.md and the test that keeps the two
// in step. A new catalogue is added here in the same commit that declares it.
import type { Catalogue } from '../lib/errors.js';
import { coreErrors } from '../lib/errors.js';
import { xmlErrors } from '../schemas/xml/errors.js';
import { tobaccoErrors } from '../transformers/tobacco/errors.js';
import { edsCredentialErrors } from '../schemas/eds/errors.js';
import { edsTripErrors } from '../transformers/eds/errors.js';
import { edsDeliveryErrors } from '../connectors/outbound/eds/errors.js';
import { schemaRegistryErrors } from '../schemas/avro/errors.js';
import { tobaccoRouterErrors } from '../connectors/outbound/tobacco/errors.js';
import { folderErrors } from '../connectors/inbound/folder/errors.js';
import { sftpSessionErrors } from '../connectors/sdk/sftp/errors.js';
import { sftpInboundErrors } from '../connectors/inbound/sftp/errors.js';
import { httpIntakeErrors } from '../connectors/inbound/http/errors.js';
import { folderDeliveryErrors } from '../connectors/outbound/folder/errors.js';
import { sftpDeliveryErrors } from '../connectors/outbound/sftp/errors.js';
import { httpDeliveryErrors } from '../connectors/outbound/http/errors.js';
import { papinetSchemaErrors } from '../schemas/papinet/errors.js';
import { papinetErrors } from '../transformers/papinet/errors.js';
import { eudrErrors } from '../transformers/eudr/errors.js';
import { eudrReferenceErrors } from '../transformers/eudr-references/errors.js';
import { tracesErrors } from '../connectors/outbound/traces/v3/errors.js';
import { tracesConnectorErrors } from '../connectors/outbound/traces/errors.js';
import { vmdErrors } from '../connectors/inbound/vmd/errors.js';
import { eudrDeskErrors } from '../connectors/inbound/eudr-desk/errors.js';

export const errorCatalogues: ReadonlyArray<{ area: string; catalogue: Catalogue }> = [
  { area: 'core', catalogue: coreErrors },
  { area: 'xml', catalogue: xmlErrors },
  { area: 'tobacco', catalogue: tobaccoErrors },
  { area: 'eds credentials', catalogue: edsCredentialErrors },
  { area: 'eds trips', catalogue: edsTripErrors },
  { area: 'eds delivery', catalogue: edsDeliveryErrors },
  { area: 'schema registry', catalogue: schemaRegistryErrors },
  { area: 'tobacco router', catalogue: tobaccoRouterErrors },
  { area: 'folder inbox', catalogue: folderErrors },
  { area: 'sftp sessions', catalogue: sftpSessionErrors },
  { area: 'sftp inbox', catalogue: sftpInboundErrors },
  { area: 'http intake', catalogue: httpIntakeErrors },
  { area: 'folder delivery', catalogue: folderDeliveryErrors },
  { area: 'sftp delivery', catalogue: sftpDeliveryErrors },
  { area: 'http delivery', catalogue: httpDeliveryErrors },
  { area: 'papinet schemas', catalogue: papinetSchemaErrors },
  { area: 'papinet', catalogue: papinetErrors },
  { area: 'eudr', catalogue: eudrErrors },
  { area: 'traces', catalogue: tracesErrors },
  { area: 'traces connectors', catalogue: tracesConnectorErrors },
  { area: 'vmd', catalogue: vmdErrors },
  { area: 'eudr desk', catalogue: eudrDeskErrors },
  { area: 'eudr references', catalogue: eudrReferenceErrors },
];
