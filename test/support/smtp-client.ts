/**
 * A raw SMTP client on a net.Socket for tests: it reads replies as bytes (complete multi-line
 * replies, RFC 5321 4.2.1) so tests check exactly what is on the wire, with no client library
 * in between. Every wait is bounded by a timeout.
 */
import { connect, type Socket } from 'node:net';

export class RawClient {
  private buf = '';
  private waiters: (() => void)[] = [];
  closed = false;
  /** Everything received, verbatim. */
  received = '';

  private constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.buf += d;
      this.received += d;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(port: number, localAddress = '127.0.0.1', host = '127.0.0.1', timeoutMs = 5000): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host, localAddress });
      const t = setTimeout(() => reject(new Error('connect timeout')), timeoutMs);
      s.once('connect', () => {
        clearTimeout(t);
        resolve(new RawClient(s));
      });
      s.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The next complete reply, verbatim with CRLFs ("" if the server closed first). */
  async reply(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = /^(?:\d{3}-[^\r\n]*\r\n)*\d{3}(?: [^\r\n]*)?\r\n/.exec(this.buf);
      if (m) {
        this.buf = this.buf.slice(m[0].length);
        return m[0];
      }
      if (this.closed) return '';
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply within ${timeoutMs} ms (have ${JSON.stringify(this.buf)})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  send(line: string): void {
    if (!this.socket.destroyed) this.socket.write(line);
  }

  /** Sends a command line and returns its reply. */
  async cmd(line: string, timeoutMs = 5000): Promise<string> {
    this.send(`${line}\r\n`);
    return this.reply(timeoutMs);
  }

  /** Waits until the server closes (bounded). */
  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
