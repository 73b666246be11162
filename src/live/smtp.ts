/**
 * smtp-server (nodemailer's, pinned 3.21.6) adapted to put the model's replies on the wire byte
 * for byte. smtp-server prefixes an RFC 3463 code of its own to every reply (451 -> "4.3.0",
 * so "451 4.3.0 4.7.650 ..." and Postfix logs dsn=4.3.0) whenever ENHANCEDSTATUSCODES is
 * announced; hiding the extension stops that but also stops announcing it, which Outlook does.
 * So the extension stays announced and each connection's `send` is wrapped: a model reply (a
 * marked message, wire.ts) is sent with no code added (the `context === false` path of
 * smtp-server's own send), multi-line as the model text says; smtp-server's own replies keep
 * its codes, with Outlook's wording for the MAIL and RCPT acknowledgements ("250 2.1.0 Sender
 * OK", "250 2.1.5 Recipient OK"). The wrapper also sees every command and reply for the
 * transcript. Connection ids are small integers (session.id), assigned in order of arrival across
 * all the listeners of one live server.
 */
import type { Socket } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { SMTPConnection, type SMTPConnectionOptions } from 'smtp-server/lib/smtp-connection.js';
import { unmark } from './wire.ts';

export interface WireHooks {
  /** A command line from the client (DATA content excluded), as received. */
  command(conn: number, line: Buffer): void;
  /** A reply as sent: its code and its text (a string, or lines without the code). */
  reply(conn: number, code: number, data: string | readonly string[]): void;
}

type Send = (code: number, data: unknown, context?: unknown) => void;
type OnCommand = (command: Buffer, callback: () => void) => void;
interface ConnectionInternals {
  send: Send;
  _onCommand: OnCommand;
}

const OUTLOOK_OK: Readonly<Record<string, string>> = { MAIL_FROM_OK: 'Sender OK', RCPT_TO_OK: 'Recipient OK' };

export class LiveSmtpServer extends SMTPServer {
  constructor(
    options: SMTPServerOptions,
    private readonly hooks: WireHooks,
    /** Connection ids, shared by every listener of one live server (an id names one connection in the transcript and the model). */
    private readonly ids: { next: number } = { next: 1 },
  ) {
    super(options);
  }

  override connect(socket: Socket, socketOptions?: SMTPConnectionOptions | null): void {
    const id = this.ids.next++;
    const connection = new SMTPConnection(this, socket, { ...socketOptions, id: String(id) });
    const c = connection as unknown as ConnectionInternals;
    const send = c.send.bind(connection);
    const onCommand = c._onCommand.bind(connection);
    const hooks = this.hooks;
    c.send = (code, data, context) => {
      const model = unmark(data);
      if (model !== undefined) {
        hooks.reply(id, code, model);
        return send(code, model, false);
      }
      const text = code === 250 && data === 'Accepted' && typeof context === 'string' ? (OUTLOOK_OK[context] ?? data) : data;
      hooks.reply(id, code, Array.isArray(text) ? (text as string[]) : String(text ?? ''));
      return send(code, text, context);
    };
    c._onCommand = (command, callback) => {
      hooks.command(id, command ?? Buffer.alloc(0));
      return onCommand(command, callback);
    };
    this.connections.add(connection);
    connection.on('error', (err: Error) => this._onError(err));
    connection.on('connect', (data: Parameters<SMTPServer['_onClientConnect']>[0]) => this._onClientConnect(data));
    connection.init();
  }
}
