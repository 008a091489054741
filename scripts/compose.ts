// docker-compose.yml, generated from the default edi.config.yaml so that it has exactly one
// service per configured component (`edi run <id>`) and one per enabled sandbox: Apache Kafka
// in KRaft mode, a one-shot `edi topics apply`, the sandboxes on fixed ports, the components.
import { parse as parseYaml, stringify as toYaml } from 'yaml';

export const KAFKA_IMAGE = 'apache/kafka:4.1.0';
export const EDI_IMAGE = 'edi-broker:local';
export const SANDBOX_BASE_PORT = 9101;
const KAFKA = 'kafka:9092';

const HEADER = `# docker-compose.yml — the broker on Apache Kafka, one container per component, for users with
# Docker. GENERATED from edi.config.yaml by \`npm run docs:compose\`; do not edit by hand
# (test/unit/docker-compose.test.ts fails while it is stale).
#
# Not run in CI here: the build machine has no Docker. The file is checked to parse and to match
# the config; the commands it runs (\`edi topics apply\`, \`edi run <id>\`, \`edi sandbox <name>\`)
# are the ones the test suite runs outside containers.
#
#   docker compose up --build        # Kafka, the topics, the sandboxes, every component
#   docker compose up --scale papinet-transform=3   # more members of one consumer group
#
# - Kafka: one KRaft node (broker and controller) at kafka:9092 on the compose network, and at
#   127.0.0.1:29092 from the host. Its log lives in the container: kept by \`docker compose stop\`,
#   gone with \`docker compose down\` (mount a volume owned by uid 1000 for anything longer).
# - topics: \`edi topics apply\` once, before any component starts.
# - sandbox-<name>: \`edi sandbox <name>\` on a fixed port; EDI_SANDBOX_<NAME>_URL points every
#   component at it (\${sandbox:<name>} in the config resolves to that URL).
# - one service per component of edi.config.yaml: \`edi run <component-id>\`. State lives in Kafka
#   (edi.state.<id>), so a container can be replaced or scaled. Folder inboxes and outboxes are
#   bind-mounted from ./data/ (drop files into ./data/inbox/papinet/ on the host).
# - Components with HTTP routes of their own are published on the host: the HTTP intake on
#   127.0.0.1:8080 (as with \`npm start\`), services such as the EUDR desk from 8081 up.
#   Loopback-only access (the default HTTP sender \`local\`, the EUDR desk without apiKeys) is
#   refused through a published port, which is not loopback: configure keys for those callers.
# - Secrets the config reads from \${env:…} are passed through from your shell or .env; unset
#   ones fall back to the config's sandbox defaults.
`;

interface RawComponent {
  type?: string;
  enabled?: boolean;
  path?: unknown;
  [k: string]: unknown;
}

interface RawConfig {
  sandboxes?: Record<string, { enabled?: boolean } | null>;
  connectors?: Record<string, RawComponent>;
  transformers?: Record<string, RawComponent>;
}

const envName = (sandbox: string): string => `EDI_SANDBOX_${sandbox.toUpperCase().replace(/-/g, '_')}_URL`;

/** Environment variables a component's options read with ${env:NAME} / ${env:NAME:-default}. */
function envRefs(options: unknown): string[] {
  const names = new Set<string>();
  JSON.stringify(options ?? null).replace(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/g, (_, n: string) => (names.add(n), ''));
  return [...names].sort();
}

function sandboxRefs(options: unknown): string[] {
  const names = new Set<string>();
  JSON.stringify(options ?? null).replace(/\$\{sandbox:([a-z0-9-]+)\}/g, (_, n: string) => (names.add(n), ''));
  return [...names].sort();
}

const healthcheck = (url: string): Record<string, unknown> => ({
  test: ['CMD', 'node', '-e', `fetch('${url}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`],
  interval: '5s',
  timeout: '5s',
  retries: 30,
  start_period: '20s',
});

export function composeFile(configText: string): string {
  const config = (parseYaml(configText) ?? {}) as RawConfig;
  const sandboxes = Object.entries(config.sandboxes ?? {})
    .filter(([, s]) => s?.enabled !== false)
    .map(([name], i) => ({ name, service: `sandbox-${name}`, port: SANDBOX_BASE_PORT + i }));
  const sandboxUrls = Object.fromEntries(sandboxes.map((s) => [envName(s.name), `http://${s.service}:${s.port}`]));

  const services: Record<string, unknown> = {
    kafka: {
      image: KAFKA_IMAGE,
      hostname: 'kafka',
      environment: {
        KAFKA_NODE_ID: 1,
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093,HOST://:29092',
        KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092,HOST://127.0.0.1:29092',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,HOST:PLAINTEXT',
        KAFKA_INTER_BROKER_LISTENER_NAME: 'PLAINTEXT',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093',
        // One node: internal topics with one replica (transactions need their state log).
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1,
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1,
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1,
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: 1,
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: 1,
        KAFKA_DEFAULT_REPLICATION_FACTOR: 1,
        KAFKA_MIN_INSYNC_REPLICAS: 1,
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: 0,
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        // Any fixed base64 UUID: the node formats its log directory with it on first start.
        CLUSTER_ID: 'ZWRpLWJyb2tlci1rcmFmdA',
      },
      ports: ['127.0.0.1:29092:29092'],
      healthcheck: {
        test: ['CMD-SHELL', '/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 > /dev/null 2>&1'],
        interval: '5s',
        timeout: '10s',
        retries: 30,
        start_period: '15s',
      },
      restart: 'unless-stopped',
    },
    topics: {
      image: EDI_IMAGE,
      build: '.',
      command: ['topics', 'apply'],
      environment: { KAFKA_BROKERS: KAFKA },
      depends_on: { kafka: { condition: 'service_healthy' } },
      restart: 'no',
    },
  };

  for (const s of sandboxes) {
    services[s.service] = {
      image: EDI_IMAGE,
      build: '.',
      command: ['sandbox', s.name, '--host', '0.0.0.0', '--port', String(s.port), '--data-dir', '/data/sandbox'],
      ports: [`127.0.0.1:${s.port}:${s.port}`],
      volumes: [`${s.service}-data:/data`],
      healthcheck: healthcheck(`http://127.0.0.1:${s.port}/_sandbox/seed`),
      restart: 'unless-stopped',
    };
  }

  const components = [...Object.entries(config.connectors ?? {}), ...Object.entries(config.transformers ?? {})].filter(([, c]) => c.enabled !== false);
  // Components serving routes of their own are published on the host: the HTTP intake on
  // 127.0.0.1:8080 as with `npm start`, services (such as the EUDR desk) from 8081 up.
  const serving = (c: RawComponent): number => (c.type === 'inbound.http' ? 0 : (c.type ?? '').startsWith('service.') ? 1 : -1);
  const hostPorts = new Map(
    components
      .filter(([, c]) => serving(c) >= 0)
      .sort(([, a], [, b]) => serving(a) - serving(b))
      .map(([id], i) => [id, 8080 + i]),
  );
  for (const [id, c] of components) {
    const published = hostPorts.get(id);
    const passThrough = Object.fromEntries(envRefs(c).map((n) => [n, `\${${n}:-}`]));
    const dependsOn: Record<string, { condition: string }> = { topics: { condition: 'service_completed_successfully' } };
    for (const name of sandboxRefs(c)) {
      const s = sandboxes.find((x) => x.name === name);
      if (s === undefined) throw new Error(`${id} uses \${sandbox:${name}} but sandbox ${name} is not enabled in the config`);
      dependsOn[s.service] = { condition: 'service_healthy' };
    }
    const volumes: string[] = [];
    // Folders under the data directory are shared with the host, so files can be dropped in.
    if ((c.type === 'inbound.folder' || c.type === 'outbound.folder') && typeof c.path === 'string' && !c.path.startsWith('/')) {
      volumes.push(`./data/${c.path}:/data/${c.path}`);
    }
    services[id] = {
      image: EDI_IMAGE,
      build: '.',
      command: ['run', id],
      environment: { KAFKA_BROKERS: KAFKA, ...sandboxUrls, ...passThrough },
      ...(published !== undefined ? { ports: [`127.0.0.1:${published}:8080`] } : {}),
      ...(volumes.length > 0 ? { volumes } : {}),
      depends_on: dependsOn,
      healthcheck: healthcheck('http://127.0.0.1:8080/healthz'),
      restart: 'unless-stopped',
    };
  }

  const volumes: Record<string, null> = {};
  for (const s of sandboxes) volumes[`${s.service}-data`] = null;
  // "no" quoted: YAML 1.1 readers take a bare no for false.
  const body = toYaml({ name: 'edi-broker', services, volumes }, { lineWidth: 0 }).replace(/^(\s+restart: )no$/gm, '$1"no"');
  return `${HEADER}\n${body}`;
}
