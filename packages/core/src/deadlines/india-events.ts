import type { EventDefinition } from './rule-pack.ts';

/** The events of a legal or care case that India's clocks read (issue 6, "The contract"). */
export const INDIA_EVENTS = {
  'fir.registered': { person: 'none', description: 'FIR registered (information recorded)' },
  'accused.arrested': { person: 'accused', description: 'accused arrested' },
  'accused.produced_before_magistrate': {
    person: 'accused',
    description: 'arrested accused produced before a Magistrate',
  },
  'accused.remanded': {
    person: 'accused',
    description: 'Magistrate authorised detention (remand); may carry "custody"',
  },
  'chargesheet.filed': {
    person: 'accused-list',
    description: 'police report (chargesheet) filed; names accused, or none for all',
  },
  'victim.informed_of_progress': {
    person: 'victim-optional',
    description: 'informant or victim told of the progress of the investigation',
  },
  'victim.medical_examined': { person: 'victim', description: 'victim medically examined' },
  'medical.report_forwarded': {
    person: 'victim',
    description: 'medical examination report forwarded to the investigating officer',
  },
  'victim.rescued': { person: 'victim', description: 'victim rescued or taken into care' },
  'victim.produced_before_cwc': {
    person: 'victim',
    description: 'child produced before the Child Welfare Committee',
  },
  'cwc.social_investigation_report': {
    person: 'victim',
    description: 'social investigation report completed for the child',
  },
  'cwc.final_order': { person: 'victim', description: 'CWC final order for the child' },
  'police.reported_to_cwc_and_court': {
    person: 'none',
    description: 'police reported a POCSO case to the CWC and the Special Court',
  },
  'court.cognizance': { person: 'none', description: 'court took cognizance' },
  'victim.deposition_recorded': {
    person: 'victim-optional',
    description: 'victim’s (child’s) evidence recorded',
  },
  'court.charge_hearing': { person: 'none', description: 'hearing on charge' },
  'court.charges_framed': { person: 'none', description: 'charges framed' },
  'court.arguments_concluded': { person: 'none', description: 'arguments concluded' },
  'court.judgment_deferred': {
    person: 'none',
    description: 'judgment deferred for reasons recorded in writing',
  },
  'court.judgment': {
    person: 'accused-list',
    description:
      'judgment pronounced; may name accused (none: all) and carry "outcome", e.g. "acquittal"',
  },
  'compensation.applied': {
    person: 'victim',
    description: 'victim compensation applied for or recommended; may carry "scheme"',
  },
  'compensation.awarded': {
    person: 'victim',
    description: 'victim compensation awarded; "scheme" POCSO-R9 for a POCSO Special Court order',
  },
  'compensation.disbursed': {
    person: 'victim',
    description: 'compensation paid to the victim; "scheme" POCSO-R8 for CWC special relief',
  },
  // Pack 2 (issue 18): custody of rescued persons (ITPA s.17), trial steps, CWC orders, appeal.
  'victim.intermediate_custody_ordered': {
    person: 'victim',
    description: 'nearest Magistrate ordered intermediate safe custody (ITPA s.17(1))',
  },
  'victim.produced_before_magistrate': {
    person: 'victim',
    description: 'rescued person produced before the appropriate Magistrate',
  },
  'victim.interim_custody_ordered': {
    person: 'victim',
    description: 'Magistrate ordered safe custody pending the s.17(2) inquiry (ITPA s.17(3))',
  },
  'victim.itpa_final_order': {
    person: 'victim',
    description: 'Magistrate passed the final order after the inquiry (ITPA s.17(4))',
  },
  'victim.released': { person: 'victim', description: 'rescued person released from custody' },
  'accused.appeared_after_chargesheet': {
    person: 'accused',
    description: 'accused produced or appeared before the Magistrate after the chargesheet',
  },
  'documents.supplied': {
    person: 'accused-list',
    description: 'police report and documents supplied; names accused, or none for all',
  },
  'case.committed': { person: 'none', description: 'case committed to the Court of Session' },
  'cwc.age_determination_ordered': {
    person: 'victim',
    description: 'CWC ordered an age determination (JJ Act s.94(2))',
  },
  'victim.age_determined': { person: 'victim', description: 'age determination completed' },
  'cwc.transfer_ordered': {
    person: 'victim',
    description: 'CWC ordered the child’s transfer to the home district or State (JJ Act s.95)',
  },
  'victim.transferred': { person: 'victim', description: 'child escorted to the transfer place' },
  'cwc.special_relief_recommended': {
    person: 'victim',
    description: 'CWC recommended special relief (POCSO Rules 2020 r.8)',
  },
  'certified_copy.applied': {
    person: 'none',
    description: 'certified copy of the judgment applied for',
  },
  'certified_copy.received': {
    person: 'none',
    description: 'certified copy of the judgment received (or ready for delivery)',
  },
  'appeal.filed': {
    person: 'accused-list',
    description: 'appeal filed by the State or the victim; names accused, or none for all',
  },
} as const satisfies Record<string, EventDefinition>;

export type IndiaEventType = keyof typeof INDIA_EVENTS;

export const INDIA_FORUMS = ['magistrate', 'sessions', 'special-pocso'] as const;
export type IndiaForum = (typeof INDIA_FORUMS)[number];

export const INDIA_REGIMES = ['BNSS', 'CrPC'] as const;
export type IndiaRegime = (typeof INDIA_REGIMES)[number];
