// One SFTP session shared by the deliveries of this connector, opened when first needed and
// again after it dropped; a host key or login refusal is reported once as an alert.
import type { ComponentContext } from '../../../topics/component.js';
import { openSftpSession, type SftpSession } from '../../sdk/sftp/session.js';
import type { SftpServer } from '../../sdk/sftp/options.js';
import { toEdiError } from '../../../lib/errors.js';

export class SharedSession {
  private current: Promise<SftpSession> | undefined;
  private readonly alerted = new Set<string>();
  readonly madeDirs = new Set<string>();

  constructor(
    private readonly server: SftpServer,
    private readonly ctx: ComponentContext,
  ) {}

  async get(): Promise<SftpSession> {
    if (this.current !== undefined) {
      const s = await this.current.catch(() => undefined);
      if (s !== undefined && !s.closed) return s;
      this.current = undefined;
    }
    const opening = openSftpSession(this.server, { log: this.ctx.log });
    this.current = opening;
    this.madeDirs.clear();
    try {
      return await opening;
    } catch (err) {
      this.current = undefined;
      const e = toEdiError(err);
      if (e.code === 'EDI_ERR_SFTP_HOST_KEY_MISMATCH' || e.code === 'EDI_ERR_SFTP_AUTH') {
        const key = `${e.code}:${String(e.detail?.presented ?? '')}`;
        if (!this.alerted.has(key)) {
          this.alerted.add(key);
          await this.ctx.alert({ code: e.code, message: e.message, detail: { host: this.server.host, port: this.server.port } }).catch(() => undefined);
        }
      }
      throw err;
    }
  }

  /** After a connection error: the next get() opens a new session. */
  drop(): void {
    const c = this.current;
    this.current = undefined;
    void c?.then((s) => s.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    const c = this.current;
    this.current = undefined;
    await c?.then((s) => s.close()).catch(() => undefined);
  }
}
