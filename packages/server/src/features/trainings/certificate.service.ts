import { randomBytes } from 'node:crypto';
import {
  DomainError,
  normaliseVerificationCode,
  verificationCode,
  type CertificateLanguage,
} from '@dawn/core';
import { requirePermission } from '../../platform/access/access.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { certificateHtml } from './certificate.html.ts';
import { printPdf } from './certificate-pdf.ts';
import {
  assignCertificateCodes,
  findCertificate,
  findParticipant,
  listParticipants,
} from './training.repository.ts';
import { getTrainingSession, visibleSession } from './training.service.ts';

const PARTNER_NAMES: Record<string, string> = {
  state_police_academy: 'State Police Academy',
  judicial_academy: 'Judicial Academy',
  slsa: 'State Legal Services Authority',
  dlsa: 'District Legal Services Authority',
};

/**
 * Issues certificates of participation to every participant who attended at least one day and has
 * none yet: each gets a verification code. Issuing again gives codes only to the newcomers.
 */
export async function issueCertificates(deps: Deps, sessionId: string) {
  await visibleSession(deps, sessionId, 'training:write');
  const participants = await listParticipants(deps.db, sessionId);
  const due = participants.filter(
    (participant) =>
      participant.certificate_code === null && (participant.attended_days ?? []).length > 0,
  );
  if (due.length > 0) {
    await deps.db.transaction().execute(async (trx) => {
      await assignCertificateCodes(
        trx,
        due.map((participant) => ({
          participantId: participant.id,
          code: verificationCode(randomBytes(12)),
        })),
        new Date(),
      );
      await recordAudit(trx, {
        action: 'training.certificate_issued',
        entityType: 'training_session',
        entityId: sessionId,
        details: { count: due.length },
      });
    });
  }
  return getTrainingSession(deps, sessionId);
}

/** A participant's certificate as PDF, in English, Bengali or Hindi. */
export async function certificatePdf(
  deps: Deps,
  participantId: string,
  language: CertificateLanguage,
  origin: string,
): Promise<Buffer> {
  const { actor, scope } = await requirePermission(deps.db, 'training:read', {
    type: 'training_participant',
    id: participantId,
  });
  const participant = await findParticipant(deps.db, actor, scope, participantId);
  if (!participant) throw new DomainError('NOT_FOUND', 'Not found.');
  if (!participant.certificate_code)
    throw new DomainError(
      'CONFLICT',
      'No certificate has been issued to this participant yet: record attendance, then issue certificates.',
    );
  const partner = PARTNER_NAMES[participant.partner_institution];
  return printPdf(
    certificateHtml(language, {
      name: participant.name,
      designation: participant.rank ?? participant.designation,
      programme: participant.title,
      topic: participant.topic,
      venue: participant.venue,
      district: participant.district,
      organiser: partner ? `${participant.organiser} · ${partner}` : participant.organiser,
      startsOn: participant.starts_on,
      endsOn: participant.ends_on,
      code: participant.certificate_code,
      verifyUrl: `${origin}/verify`,
    }),
  );
}

/**
 * The public check of a certificate: given its code, the name, programme and dates printed on it,
 * and nothing else (no scores, no organisation, no other participant). Not signed in.
 */
export async function verifyCertificate(deps: Deps, input: string) {
  const code = normaliseVerificationCode(input);
  const found = code ? await findCertificate(deps.db, code) : undefined;
  if (!found) return { valid: false, certificate: null };
  return {
    valid: true,
    certificate: {
      name: found.name,
      programme: found.title,
      startsOn: found.starts_on,
      endsOn: found.ends_on,
    },
  };
}
