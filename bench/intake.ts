// Intake benchmark: files/s and peak RSS for 10,000 small papiNet documents (about 3 KB each)
//   - the bare limit: read -> one SQLite commit per 500 -> rename, nothing else (same process kind);
//   - inbound.folder into the embedded bus (record + tracking + seen-content state per file);
//   - inbound.sftp from a real OpenSSH sshd on 127.0.0.1 into the embedded bus;
//   - with Kafka (KAFKA_BROKERS, or started by test/kafka/kafka.js): inbound.folder into Kafka
//     beside Apache Camel's file -> Kafka route on the same files (../shared/anchors/camel).
// Each scenario runs in its own process, so each RSS figure is that scenario's alone. Files are
// written first and are older than the stable window when the clock starts, as in Camel's run.
//   npm run bench:intake          BENCH_FILES=20000 npm run bench:intake      BENCH_ONLY=folder,kafka npm run bench:intake
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FILES = Number(process.env.BENCH_FILES ?? 10_000);
/** BENCH_ONLY=folder,sftp,kafka runs a subset (the bare loop always runs: it is the yardstick). */
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const CAMEL = process.env.EDI_CAMEL_ANCHOR ?? path.resolve(repo, '../shared/anchors/camel/run.sh');

/** A papiNet DeliveryMessageWood of about 3 KB; n makes each one different (no duplicates). */
export function papinetDocument(n: number): string {
  const no = String(n).padStart(6, '0');
  return `<?xml version="1.0" encoding="UTF-8"?>
<DeliveryMessageWood xmlns="http://www.papinet.org/v2r40" DeliveryMessageType="DeliveryMessage" DeliveryMessageStatusType="Original" Language="lav">
  <DeliveryMessageWoodHeader>
    <DeliveryMessageNumber>KVA-2026-${no}</DeliveryMessageNumber>
    <DeliveryMessageDate><Date><Year>2026</Year><Month>03</Month><Day>16</Day></Date><Time>07:42:00</Time></DeliveryMessageDate>
    <BuyerParty><PartyIdentifier PartyIdentifierType="VATIdentificationNumber">LV40003000001</PartyIdentifier>
      <NameAddress><Name1>Madonas Kokzāģētava SIA</Name1><Address1>Rūpniecības iela 12</Address1><City>Madona</City><PostalCode>LV-4801</PostalCode><Country ISOCountryCode="LV">Latvija</Country></NameAddress></BuyerParty>
    <SupplierParty><PartyIdentifier PartyIdentifierType="VATIdentificationNumber">LV40003000002</PartyIdentifier>
      <NameAddress><Name1>Vidzemes Mežizstrāde SIA</Name1><Address1>Meža iela 3</Address1><City>Cesvaine</City><PostalCode>LV-4871</PostalCode><Country ISOCountryCode="LV">Latvija</Country></NameAddress></SupplierParty>
    <SenderParty><PartyIdentifier PartyIdentifierType="VATIdentificationNumber">LV40003000002</PartyIdentifier></SenderParty>
    <ReceiverParty><PartyIdentifier PartyIdentifierType="VATIdentificationNumber">LV40003000001</PartyIdentifier></ReceiverParty>
  </DeliveryMessageWoodHeader>
  <DeliveryMessageShipment>
    <ShipmentID ShipmentIDType="Other">TRK-${no}</ShipmentID>
    <DeliveryMessageProductGroup>
      <DeliveryShipmentLineItem>
        <DeliveryShipmentLineItemNumber>1</DeliveryShipmentLineItemNumber>
        <Product><ProductIdentifier Agency="Buyer" ProductIdentifierType="PartNumber">PINE-SAWLOG-A</ProductIdentifier>
          <ProductDescription>Priede, zāģbaļķi, 1. šķira (Pinus sylvestris)</ProductDescription></Product>
        <DeliveryMessageReference DeliveryMessageReferenceType="FellingAffirmation">4210000101</DeliveryMessageReference>
        <Quantity QuantityType="GrossVolume" QuantityTypeContext="Delivered"><Value UOM="CubicMeter">${(18 + (n % 7) * 0.37).toFixed(3)}</Value></Quantity>
        <Quantity QuantityType="Count" QuantityTypeContext="Delivered"><Value UOM="Piece">${40 + (n % 13)}</Value></Quantity>
      </DeliveryShipmentLineItem>
      <DeliveryShipmentLineItem>
        <DeliveryShipmentLineItemNumber>2</DeliveryShipmentLineItemNumber>
        <Product><ProductIdentifier Agency="Buyer" ProductIdentifierType="PartNumber">SPRUCE-PULP-B</ProductIdentifier>
          <ProductDescription>Egle, papīrmalka (Picea abies)</ProductDescription></Product>
        <DeliveryMessageReference DeliveryMessageReferenceType="FellingAffirmation">4210000102</DeliveryMessageReference>
        <Quantity QuantityType="GrossVolume" QuantityTypeContext="Delivered"><Value UOM="CubicMeter">${(9 + (n % 5) * 0.41).toFixed(3)}</Value></Quantity>
      </DeliveryShipmentLineItem>
    </DeliveryMessageProductGroup>
    <TransportVehicleIdentifier>LV-HK-${String(1000 + (n % 9000))}</TransportVehicleIdentifier>
    <LocationParty LocationPartyType="PlaceOfLoading"><NameAddress><Name1>Kalsnavas cirsma 12-4</Name1><GPSCoordinates><Latitude>56.6812</Latitude><Longitude>25.9013</Longitude></GPSCoordinates></NameAddress></LocationParty>
  </DeliveryMessageShipment>
  <DeliveryMessageWoodSummary><TotalQuantity QuantityType="GrossVolume"><Value UOM="CubicMeter">${(27 + (n % 11) * 0.5).toFixed(3)}</Value></TotalQuantity><TotalNumberOfShipments>1</TotalNumberOfShipments></DeliveryMessageWoodSummary>
</DeliveryMessageWood>
`;
}

interface Result {
  scenario: string;
  files: number;
  seconds: number;
  peakRssMb: number;
  /** CPU seconds of the scenario's process while measured (NaN where not known). */
  cpuSeconds: number;
  note?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes the files and ages them past the stable window (as Camel's run, whose cp loop takes longer). */
function writeFiles(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  const old = new Date(Date.now() - 5_000);
  for (let i = 0; i < n; i++) {
    const file = path.join(dir, `DM-${String(i).padStart(6, '0')}.xml`);
    writeFileSync(file, papinetDocument(i));
    utimesSync(file, old, old);
  }
}

/** Peak RSS, and the CPU time the process used (all its threads: SQLite, the libuv pool) from
 *  here to stop(): on a busy machine files per CPU second says more than wall-clock files/s. */
function rssSampler(): { peak(): number; cpu(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  let cpu = 0;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return {
    peak: () => Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
    cpu: () => cpu,
    stop: () => {
      clearInterval(t);
      const used = process.cpuUsage(cpu0);
      cpu = (used.user + used.system) / 1e6;
    },
  };
}

// ---------------------------------------------------------------------------- scenarios (child)

async function bare(n: number): Promise<Result> {
  const { createEmbeddedBus } = await import('../topics/embedded/index.js');
  const { buildCatalogue } = await import('../topics/catalogue.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edi-bench-bare-'));
  try {
    const inbox = path.join(dir, 'inbox');
    writeFiles(inbox, n);
    mkdirSync(path.join(inbox, 'archive'));
    const bus = await createEmbeddedBus({ dir: path.join(dir, 'bus') });
    await bus.ensureTopics(buildCatalogue().all());
    const rss = rssSampler();
    const t0 = performance.now();
    const names = readdirSync(inbox).filter((f) => f.endsWith('.xml'));
    for (let i = 0; i < names.length; i += 500) {
      const slice = names.slice(i, i + 500);
      await bus.produce(slice.map((name) => ({ topic: 'papinet.inbound', key: name, value: readFileSync(path.join(inbox, name)), headers: { 'edi-id': name } })));
      for (const name of slice) renameSync(path.join(inbox, name), path.join(inbox, 'archive', name));
    }
    const seconds = (performance.now() - t0) / 1000;
    rss.stop();
    await bus.close();
    return { scenario: 'bare loop: read → SQLite commit (500/tx) → rename', files: names.length, seconds, peakRssMb: rss.peak(), cpuSeconds: rss.cpu(), note: 'no tracking, no state, no checks' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function folder(n: number, brokers?: string): Promise<Result> {
  const { createTestBench } = await import('../connectors/sdk/test-kit.js');
  const { folderInbound } = await import('../connectors/inbound/folder/index.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edi-bench-folder-'));
  let close: (() => Promise<void>) | undefined;
  try {
    const topic = `bench.intake.${Date.now()}`;
    const extraTopics = [{ name: topic, description: 'bench', key: 'file name', contentType: 'application/xml', partitions: 3, cleanup: 'delete' as const, retentionMs: 3_600_000 }];
    let bus;
    if (brokers !== undefined) {
      const { createKafkaBus } = await import('../topics/kafka/index.js');
      bus = await createKafkaBus({ brokers: brokers.split(','), clientId: 'edi-bench-intake' });
    }
    const bench = await createTestBench({ dir, extraTopics, ...(bus ? { bus } : {}) });
    close = () => bench.close();
    const inbox = path.join(dir, 'inbox');
    writeFiles(inbox, n);
    // BENCH_FOLDER_OPTIONS='{"batchFiles":2000}' tries other inbox options (printed with the command).
    const config = folderInbound.spec.config.parse({ path: inbox, topic, stableWindow: '1s', ...JSON.parse(process.env.BENCH_FOLDER_OPTIONS ?? '{}') });
    // A fresh component id per run: on Kafka the state store outlives the run, and the seen-content
    // state of an earlier run would refuse these same documents as duplicates.
    const c = await folderInbound.create(config, await bench.context(`bench-inbox-${Date.now()}`));
    const rss = rssSampler();
    const t0 = performance.now();
    await c.start();
    let d = { taken: 0, archived: 0, refused: 0 };
    for (;;) {
      d = c.describe!() as typeof d;
      if (d.archived + d.refused >= n) break;
      await sleep(5);
    }
    const seconds = (performance.now() - t0) / 1000;
    rss.stop();
    await c.stop();
    const refused = d.refused > 0 ? `; ${d.refused} REFUSED` : '';
    return { scenario: `inbound.folder → ${brokers ? 'Kafka' : 'embedded bus'}`, files: d.taken, seconds, peakRssMb: rss.peak(), cpuSeconds: rss.cpu(), note: `record + tracking + state per file, archived${refused}` };
  } finally {
    await close?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sftp(n: number): Promise<Result> {
  const { createTestBench } = await import('../connectors/sdk/test-kit.js');
  const { sftpInbound } = await import('../connectors/inbound/sftp/index.js');
  const { startSshd } = await import('../test/support/sshd.js');
  const sshd = await startSshd();
  const bench = await createTestBench();
  try {
    const out = path.join(sshd.root, 'out');
    writeFiles(out, n);
    const config = sftpInbound.spec.config.parse({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.userKey,
      hostKeyFingerprint: sshd.hostKeyFingerprint,
      remoteDir: out,
      topic: 'papinet.inbound',
      minAge: 0,
      pollOnStart: false,
      pollInterval: '1h',
      batchFiles: 500,
      downloadConcurrency: 16,
    });
    const c = (await sftpInbound.create(config, await bench.context('bench-sftp'))) as unknown as { start(): Promise<void>; stop(): Promise<void>; poll(): Promise<void>; describe(): { taken: number; moved: number } };
    await c.start();
    const rss = rssSampler();
    const t0 = performance.now();
    await c.poll();
    const seconds = (performance.now() - t0) / 1000;
    rss.stop();
    const d = c.describe();
    await c.stop();
    const left = readdirSync(out).filter((f) => f.endsWith('.xml')).length;
    return { scenario: 'inbound.sftp (OpenSSH on 127.0.0.1) → embedded bus', files: d.taken, seconds, peakRssMb: rss.peak(), cpuSeconds: rss.cpu(), note: `one connection, 16 downloads in flight; ${d.moved} moved, ${left} left` };
  } finally {
    await bench.close();
    await sshd.close();
  }
}

// ---------------------------------------------------------------------------- parent

function runScenario(name: string, args: string[] = []): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--scenario', name, ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, EDI_TEST_LOG: 'silent' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || line === undefined) return reject(new Error(`scenario ${name} failed (exit ${code}): ${out.slice(-2000)}`));
      const result = JSON.parse(line.slice('BENCH_RESULT '.length)) as Result;
      progress(result);
      resolve(result);
    });
  });
}

async function kafka(): Promise<{ brokers: string; stop?: () => Promise<void>; how: string } | undefined> {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS, how: `KAFKA_BROKERS=${process.env.KAFKA_BROKERS}` };
  const { kafkaToolsAvailable, startKafka } = await import('../test/kafka/kafka.js');
  if (!kafkaToolsAvailable()) return undefined;
  const k = await startKafka();
  return { brokers: k.brokers.join(','), stop: () => k.stop(), how: 'started by test/kafka/kafka.js (KRaft, single node)' };
}

/** Camel's topic, created beforehand like ours (brokers here run with auto.create.topics.enable=false,
 *  where Camel's producer would wait for the topic until its 600 s limit). */
const CAMEL_TOPIC = 'bench.camel';
async function ensureCamelTopic(brokers: string): Promise<void> {
  const { createKafkaBus } = await import('../topics/kafka/index.js');
  const bus = await createKafkaBus({ brokers: brokers.split(','), clientId: 'edi-bench-intake-camel' });
  try {
    await bus.ensureTopics([{ name: CAMEL_TOPIC, description: 'Camel anchor', key: 'none', contentType: 'application/xml', partitions: 3, cleanup: 'delete', retentionMs: 3_600_000 }]);
  } finally {
    await bus.close();
  }
}

function camel(brokers: string, n: number): Result | string {
  if (!existsSync(CAMEL)) return `Camel anchor not found at ${CAMEL}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edi-bench-camel-'));
  try {
    const sample = path.join(dir, 'DM-sample.xml');
    writeFileSync(sample, papinetDocument(417));
    const r = spawnSync('bash', [CAMEL, brokers, sample, String(n)], { encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 64 * 2 ** 20 });
    const m = /camel (\S+) \[(.*)\]: (\d+) files in ([\d.]+) s = (\d+) files\/s/.exec(r.stdout ?? '');
    if (!m) return `Camel run failed: ${(r.stderr ?? '').slice(-500)}${(r.stdout ?? '').slice(-500)}`;
    return { scenario: `Apache Camel 4.14 file → Kafka (${m[2]})`, files: Number(m[3]), seconds: Number(m[4]), peakRssMb: NaN, cpuSeconds: NaN, note: 'JVM -Xmx1g; move=.done, acks=all, idempotent' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per finished scenario on stderr, so a long run shows where it is; the table comes at the end. */
function progress(r: Result): void {
  process.stderr.write(`  ${r.scenario}: ${r.files} files in ${r.seconds.toFixed(2)} s = ${Math.round(r.files / r.seconds)} files/s, peak RSS ${Number.isFinite(r.peakRssMb) ? Math.round(r.peakRssMb) : '—'} MB, ${Number.isFinite(r.cpuSeconds) ? `${r.cpuSeconds.toFixed(2)} CPU s` : 'CPU —'}\n`);
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');

async function main(): Promise<void> {
  const rows: Result[] = [];
  const notes: string[] = [];
  const wanted = (s: string): boolean => ONLY === undefined || ONLY.includes(s);
  // The bare loop is the yardstick of the "% of bare" column: always run.
  rows.push(await runScenario('bare'));
  if (wanted('folder')) rows.push(await runScenario('folder'));
  const sshdThere = existsSync(process.env.EDI_SSHD ?? '/usr/sbin/sshd');
  if (!wanted('sftp')) notes.push('SFTP: not selected (BENCH_ONLY)');
  else if (sshdThere) rows.push(await runScenario('sftp'));
  else notes.push('SFTP: skipped (no /usr/sbin/sshd; apt-get install openssh-server)');
  const k = wanted('kafka') ? await kafka() : undefined;
  if (!wanted('kafka')) notes.push('Kafka: not selected (BENCH_ONLY)');
  else if (k === undefined) notes.push('Kafka: skipped (no KAFKA_BROKERS, and Java/Maven not found)');
  else {
    notes.push(`Kafka: ${k.how}`);
    try {
      const ours = await runScenario('folder', ['--brokers', k.brokers]);
      rows.push(ours);
      await ensureCamelTopic(k.brokers);
      const theirs = camel(k.brokers, FILES);
      if (typeof theirs === 'string') notes.push(theirs);
      else {
        progress(theirs);
        rows.push(theirs);
        const ratio = ours.files / ours.seconds / (theirs.files / theirs.seconds);
        notes.push(`folder → Kafka is ${fmt(ratio, 1)}× Camel's file → Kafka route on the same ${FILES.toLocaleString('en-US')} files (target ≥ 2×)`);
      }
    } finally {
      await k.stop?.();
    }
  }
  const bareRate = rows[0]!.files / rows[0]!.seconds;
  const cpu = os.cpus();
  console.log(`\nIntake benchmark — ${FILES.toLocaleString('en-US')} papiNet DeliveryMessageWood files of ~${(Buffer.byteLength(papinetDocument(1)) / 1024).toFixed(1)} KB, written beforehand and older than the 1 s stable window`);
  console.log(`machine: ${cpu.length} cores, ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`command: ${process.env.npm_lifecycle_event ? `npm run ${process.env.npm_lifecycle_event}` : `node ${process.argv.slice(1).join(' ')}`}${['BENCH_FILES', 'BENCH_ONLY', 'BENCH_FOLDER_OPTIONS'].filter((v) => process.env[v]).map((v) => ` ${v}=${process.env[v]}`).join('')}`);
  const header = ['scenario', 'files', 'seconds', 'files/s', '% of bare', 'files per CPU s', 'peak RSS MB', 'note'];
  const table = rows.map((r) => [r.scenario, fmt(r.files), fmt(r.seconds, 2), fmt(r.files / r.seconds), fmt(((r.files / r.seconds) / bareRate) * 100), fmt(r.files / r.cpuSeconds), fmt(r.peakRssMb), r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const left = (i: number) => i === 0 || i === header.length - 1;
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (left(i) ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of table) console.log(line(row));
  for (const n of notes) console.log(n);
  console.log('targets: inbound.folder → embedded ≥ 7,000 files/s with RSS ≤ 300 MB; folder → Kafka ≥ 2× Camel');
}

const scenarioAt = process.argv.indexOf('--scenario');
if (scenarioAt > 0) {
  const name = process.argv[scenarioAt + 1];
  const brokersAt = process.argv.indexOf('--brokers');
  const brokers = brokersAt > 0 ? process.argv[brokersAt + 1] : undefined;
  const result = name === 'bare' ? await bare(FILES) : name === 'folder' ? await folder(FILES, brokers) : name === 'sftp' ? await sftp(FILES) : undefined;
  if (result === undefined) throw new Error(`unknown scenario ${name}`);
  console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
  process.exit(0);
} else {
  await main();
}
