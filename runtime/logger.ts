// pino JSON logs. Secrets are kept out twice: config secrets are Secret objects that print as
// [redacted], and any field with a secret's usual name is redacted by pino at any of the
// first levels of nesting, whatever a component logs.
import pino, { type Logger, type DestinationStream } from 'pino';

const SECRET_FIELDS = [
  'password',
  'secret',
  'clientSecret',
  'client_secret',
  'authKey',
  'auth_key',
  'apiKey',
  'token',
  'accessToken',
  'access_token',
  'authorization',
  'Authorization',
  'privateKey',
  'passphrase',
];

const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]);

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
