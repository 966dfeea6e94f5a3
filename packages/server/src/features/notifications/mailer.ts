import type { Transporter } from 'nodemailer';
import type { Config } from '../../platform/config.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

/** Sends one e-mail or throws. The outbox owns retries; a mailer only tries once. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** An SMTP mailer from `DAWN_SMTP_URL`, or undefined when e-mail is not configured. */
export function smtpMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | undefined {
  if (!config.smtpUrl) return undefined;
  const smtpUrl = config.smtpUrl;
  // nodemailer is loaded at the first e-mail rather than when the server starts.
  let transport: Transporter | undefined;
  return {
    async send(email) {
      if (!transport) {
        const { default: nodemailer } = await import('nodemailer');
        transport = nodemailer.createTransport(smtpUrl);
      }
      await transport.sendMail({ from: config.mailFrom, ...email });
    },
    close() {
      transport?.close();
    },
  };
}
