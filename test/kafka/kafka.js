#!/usr/bin/env node
// Apache Kafka 4.1 for tests: one KRaft node (broker + controller) on 127.0.0.1, run from the
// Maven Central jars declared in ./pom.xml (no Docker, no download site but Maven Central).
//
//   import { startKafka } from './test/kafka/kafka.js';
//   const kafka = await startKafka();          // { brokers: ['127.0.0.1:PORT'], stop() }
//
//   node test/kafka/kafka.js start [--port N] [--dir D]   prints KAFKA_BROKERS=127.0.0.1:N
//                                                          (and KAFKA_SASL_* of the SASL listener)
//   node test/kafka/kafka.js stop                          stops the one `start` left running
//
// Plain JavaScript (not TypeScript) so that CI and `npm test` can run it before anything is
// compiled, and without the optional Kafka client: readiness is checked with two raw Kafka
// protocol requests (ApiVersions, Metadata) over a socket.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const libsDir = path.join(here, 'libs');
/** Where `start` leaves the pid and brokers for a later `stop` in another process. */
const stateFile = path.join(os.tmpdir(), `edi-kafka-${createHash('sha256').update(here).digest('hex').slice(0, 12)}.json`);

const log = (msg) => process.stderr.write(`[kafka] ${msg}\n`);

/** True when java and mvn are on the PATH (npm test starts Kafka only then). */
export function kafkaToolsAvailable() {
  const ok = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  return ok('java', ['-version']) && (hasJars() || ok('mvn', ['-v']));
}

function hasJars() {
  return existsSync(libsDir) && readdirSync(libsDir).some((f) => /^kafka_2\.13-.*\.jar$/.test(f)) && readdirSync(libsDir).some((f) => /^kafka-tools-\d.*\.jar$/.test(f));
}

/** Fetches the jars once (about 54 MB, 30 s with an empty ~/.m2). */
export function ensureJars() {
  if (hasJars()) return;
  log(`fetching Kafka jars from Maven Central into ${path.relative(process.cwd(), libsDir) || libsDir} ...`);
  const started = Date.now();
  const r = spawnSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${libsDir}`], { cwd: here, stdio: ['ignore', 2, 2] });
  if (r.status !== 0 || !hasJars()) throw new Error(`mvn dependency:copy-dependencies failed (exit ${r.status}); see its output above`);
  log(`jars ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** A test-only SASL user (PLAIN and SCRAM) on the second listener; never a real credential. */
export const TEST_SASL_USER = { username: 'edi-test', password: 'edi-test-not-a-secret' };

function serverProperties({ port, saslPort, controllerPort, dataDir }) {
  const { username, password } = TEST_SASL_USER;
  return `# single-node KRaft for tests (written by test/kafka/kafka.js)
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},SASL_PLAINTEXT://127.0.0.1:${saslPort},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port},SASL_PLAINTEXT://127.0.0.1:${saslPort}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
# a second listener with SASL (PLAIN, SCRAM; users below and added at format time) so that
# the client's authentication paths are tested against a real broker
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${username}="${password}";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
log.dirs=${dataDir}
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
# internal topics on one node: replication factor 1, few partitions (created faster)
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# tests join and leave groups all the time: no initial rebalance delay
group.initial.rebalance.delay.ms=0
# tests use short sessions to see rebalances quickly
group.consumer.min.session.timeout.ms=1000
group.min.session.timeout.ms=1000
auto.create.topics.enable=false
log.flush.interval.messages=9223372036854775807
num.network.threads=2
num.io.threads=4
`;
}

function log4jProperties(logFile) {
  return `status = error
appender.file.type = File
appender.file.name = file
appender.file.fileName = ${logFile}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.kafkaReq.name = kafka.request.logger
logger.kafkaReq.level = WARN
logger.kafkaClient.name = org.apache.kafka
logger.kafkaClient.level = WARN
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = INFO
`;
}

function java(args, opts = {}) {
  return spawnSync('java', args, { encoding: 'utf8', ...opts });
}

/**
 * Starts a single-node Kafka and resolves once it answers Metadata with itself as a broker.
 * @param {{ port?: number, dir?: string, heapMb?: number, timeoutMs?: number }} [options]
 * @returns {Promise<{ brokers: string[], sasl: { brokers: string[], username: string, password: string }, pid: number, dir: string, logFile: string, stop(): Promise<void> }>}
 */
export async function startKafka(options = {}) {
  ensureJars();
  const port = options.port ?? (await freePort());
  const saslPort = await freePort();
  const controllerPort = await freePort();
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'edi-kafka-'));
  mkdirSync(dir, { recursive: true });
  const dataDir = path.join(dir, 'data');
  const propsFile = path.join(dir, 'server.properties');
  const logFile = path.join(dir, 'server.log');
  const log4jFile = path.join(dir, 'log4j2.properties');
  writeFileSync(propsFile, serverProperties({ port, saslPort, controllerPort, dataDir }));
  writeFileSync(log4jFile, log4jProperties(logFile));
  const cp = `${libsDir}${path.sep}*`;
  const log4jArg = `-Dlog4j2.configurationFile=${log4jFile}`;

  // A cluster id is 16 random bytes, base64url without padding (what StorageTool random-uuid
  // prints); making it here saves one JVM start.
  const clusterId = randomBytes(16).toString('base64url');
  const { username, password } = TEST_SASL_USER;
  const scram = ['SCRAM-SHA-256', 'SCRAM-SHA-512'].flatMap((m) => ['--add-scram', `${m}=[name=${username},password=${password}]`]);
  const fmt = java([log4jArg, '-cp', cp, 'kafka.tools.StorageTool', 'format', '--ignore-formatted', '-t', clusterId, '-c', propsFile, ...scram]);
  if (fmt.status !== 0) throw new Error(`formatting Kafka storage failed:\n${fmt.stdout}${fmt.stderr}`);

  const out = openSync(path.join(dir, 'stdout.log'), 'a');
  const child = spawn(
    'java',
    [`-Xmx${options.heapMb ?? 512}m`, '-XX:+UseG1GC', '-Djava.awt.headless=true', log4jArg, '-cp', cp, 'kafka.Kafka', propsFile],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  child.unref();
  const pid = child.pid;
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));

  const brokers = [`127.0.0.1:${port}`];
  const sasl = { brokers: [`127.0.0.1:${saslPort}`], ...TEST_SASL_USER };
  const stop = async () => {
    await stopPid(pid);
    if (ownDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(port, options.timeoutMs ?? 90_000, () => exited);
  } catch (err) {
    const tail = tailOf(path.join(dir, 'stdout.log')) + tailOf(logFile);
    await stopPid(pid);
    throw new Error(`${err.message}\n--- Kafka output (tail) ---\n${tail}`);
  }
  return { brokers, sasl, pid, dir, logFile, stop };
}

function tailOf(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '';
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // Guard against pid reuse: only signal what is still a Kafka JVM.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return true;
  }
}

/** SIGTERM (Kafka shuts down cleanly), SIGKILL after 15 s. */
export async function stopPid(pid, graceMs = 15_000) {
  if (!alive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    while (alive(pid)) await sleep(50);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitReady(port, timeoutMs, exitedInfo) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not started';
  while (Date.now() < deadline) {
    const e = exitedInfo();
    if (e) throw new Error(`Kafka exited during start-up (code ${e.code}, signal ${e.signal})`);
    try {
      if (await brokerRegistered(port)) return;
      lastError = 'Metadata lists no broker yet';
    } catch (err) {
      lastError = err.message;
    }
    await sleep(250);
  }
  throw new Error(`Kafka did not become ready on 127.0.0.1:${port} within ${timeoutMs} ms (${lastError})`);
}

// ---- just enough of the Kafka protocol to see that the broker serves metadata ----------

/** One request/response over a fresh connection; the response body after the correlation id. */
function request(port, apiKey, apiVersion, body) {
  return new Promise((resolve, reject) => {
    const clientId = Buffer.from('edi-test-kafka');
    const header = Buffer.alloc(10);
    header.writeInt16BE(apiKey, 0);
    header.writeInt16BE(apiVersion, 2);
    header.writeInt32BE(1, 4);
    header.writeInt16BE(clientId.length, 8);
    const payload = Buffer.concat([header, clientId, body]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(payload.length);
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks = [];
    socket.setTimeout(3000, () => socket.destroy(new Error('request timed out')));
    socket.on('error', reject);
    socket.on('connect', () => socket.write(Buffer.concat([size, payload])));
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const buf = Buffer.concat(chunks);
      if (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        socket.end();
        resolve(buf.subarray(8, 4 + buf.readInt32BE(0)));
      }
    });
    socket.on('close', () => reject(new Error('connection closed before a response')));
  });
}

async function brokerRegistered(port) {
  // ApiVersions v0: error_code, [api_key, min_version, max_version]
  const av = await request(port, 18, 0, Buffer.alloc(0));
  if (av.readInt16BE(0) !== 0) throw new Error(`ApiVersions error ${av.readInt16BE(0)}`);
  const n = av.readInt32BE(2);
  let metadata;
  for (let i = 0; i < n; i++) {
    const o = 6 + i * 6;
    if (av.readInt16BE(o) === 3) metadata = { min: av.readInt16BE(o + 2), max: av.readInt16BE(o + 4) };
  }
  if (!metadata) throw new Error('broker does not offer Metadata');
  // Metadata v4..v8 are the non-flexible versions whose layout up to controller_id we read.
  const v = Math.max(metadata.min, 4);
  if (v > 8 || v > metadata.max) throw new Error(`no usable Metadata version (${metadata.min}..${metadata.max})`);
  const body = Buffer.alloc(v >= 8 ? 7 : 5);
  body.writeInt32BE(0, 0); // topics: empty array (no topic metadata needed)
  body.writeInt8(0, 4); // allow_auto_topic_creation
  const md = await request(port, 3, v, body);
  // throttle_time_ms, brokers [node_id, host, port, rack], cluster_id, controller_id
  const brokers = md.readInt32BE(4);
  let o = 8;
  for (let i = 0; i < brokers; i++) {
    o += 4;
    o += 2 + md.readInt16BE(o);
    o += 4;
    const rack = md.readInt16BE(o);
    o += 2 + Math.max(rack, 0);
  }
  const clusterLen = md.readInt16BE(o);
  o += 2 + Math.max(clusterLen, 0);
  const controller = md.readInt32BE(o);
  return brokers > 0 && controller >= 0;
}

/** The environment the tests read (test/support/env.ts): KAFKA_BROKERS and the SASL listener. */
export function kafkaEnv(kafka) {
  return {
    KAFKA_BROKERS: kafka.brokers.join(','),
    KAFKA_SASL_BROKERS: kafka.sasl.brokers.join(','),
    KAFKA_SASL_USERNAME: kafka.sasl.username,
    KAFKA_SASL_PASSWORD: kafka.sasl.password,
  };
}

const envLines = (env) => Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join('');

// ---- CLI -----------------------------------------------------------------------------------

async function cli(argv) {
  const [command, ...rest] = argv;
  const flag = (name) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (command === 'start') {
    if (existsSync(stateFile)) {
      const prev = JSON.parse(readFileSync(stateFile, 'utf8'));
      if (alive(prev.pid)) {
        log(`already running (pid ${prev.pid}) on ${prev.brokers.join(',')}`);
        process.stdout.write(envLines(kafkaEnv(prev)));
        return 0;
      }
    }
    const started = Date.now();
    const port = flag('--port') === undefined ? undefined : Number(flag('--port'));
    const dir = flag('--dir');
    const kafka = await startKafka({ port, dir });
    writeFileSync(stateFile, JSON.stringify({ pid: kafka.pid, brokers: kafka.brokers, sasl: kafka.sasl, dir: kafka.dir, ownDir: dir === undefined }));
    log(`Apache Kafka ready on ${kafka.brokers.join(',')} (pid ${kafka.pid}, data ${kafka.dir}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    process.stdout.write(envLines(kafkaEnv(kafka)));
    return 0;
  }
  if (command === 'stop') {
    if (!existsSync(stateFile)) {
      log('no Kafka started by `kafka.js start` is recorded; nothing to stop');
      return 0;
    }
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    await stopPid(state.pid);
    if (state.ownDir) rmSync(state.dir, { recursive: true, force: true });
    rmSync(stateFile, { force: true });
    log(`stopped Kafka (pid ${state.pid})`);
    return 0;
  }
  process.stderr.write('usage: node test/kafka/kafka.js start [--port N] [--dir D] | stop\n');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`[kafka] ${err.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
