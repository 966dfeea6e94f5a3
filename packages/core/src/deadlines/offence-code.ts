/**
 * Statute sections as written in Dawn: `STATUTE:section(sub)(sub)`, e.g. `BNS:143(4)`, `POCSO:6`,
 * `ITPA:5(1)`, `IPC:376AB`. The statute is a short upper-case name; the section a number with an
 * optional letter suffix; subsections follow in brackets.
 */
export const OFFENCE_CODE_PATTERN = /^([A-Z][A-Z0-9-]*):([0-9]+[A-Z]*)((?:\([0-9A-Za-z]+\))*)$/;

export interface OffenceCode {
  /** As written, e.g. `BNS:143(4)`. */
  readonly code: string;
  readonly statute: string;
  /** The section without subsections, e.g. `143`, `376AB`. */
  readonly section: string;
  readonly subsections: readonly string[];
}

export function parseOffenceCode(code: string): OffenceCode | undefined {
  const match = OFFENCE_CODE_PATTERN.exec(code);
  if (!match) return undefined;
  const [, statute = '', section = '', rest = ''] = match;
  const subsections = rest === '' ? [] : rest.slice(1, -1).split(')(');
  return { code, statute, section, subsections };
}

const formsOf = new WeakMap<OffenceCode, readonly string[]>();

/** The code and each shorter form of it: `BNS:143(4)(a)`, `BNS:143(4)`, `BNS:143`. */
export function codeAndParents(offence: OffenceCode): readonly string[] {
  const known = formsOf.get(offence);
  if (known) return known;
  const forms: string[] = [];
  for (let depth = offence.subsections.length; depth >= 0; depth -= 1) {
    const subsections = offence.subsections.slice(0, depth);
    forms.push(
      `${offence.statute}:${offence.section}${subsections.map((part) => `(${part})`).join('')}`,
    );
  }
  formsOf.set(offence, forms);
  return forms;
}

/** A set of sections of one statute, for rule conditions such as "BNS 64–71". */
export interface SectionSet {
  readonly statute: string;
  readonly sections: ReadonlySet<string>;
  /** How people write it, e.g. `BNS 64–71`. */
  readonly label: string;
}

export function sectionSet(
  statute: string,
  sections: readonly string[],
  label: string,
): SectionSet {
  return { statute, sections: new Set(sections), label };
}

/** Sections `from`..`to` (whole numbers) of one statute. */
export function sectionRange(statute: string, from: number, to: number): SectionSet {
  const sections: string[] = [];
  for (let section = from; section <= to; section += 1) sections.push(String(section));
  return sectionSet(statute, sections, `${statute} ${from}–${to}`);
}

export function isInSectionSet(offence: OffenceCode, set: SectionSet): boolean {
  return offence.statute === set.statute && set.sections.has(offence.section);
}

/** The offences of a case that fall in any of the sets (in the case's order). */
export function offencesIn(
  offences: readonly OffenceCode[],
  sets: readonly SectionSet[],
): OffenceCode[] {
  const found: OffenceCode[] = [];
  for (const offence of offences) {
    for (const set of sets) {
      if (isInSectionSet(offence, set)) {
        found.push(offence);
        break;
      }
    }
  }
  return found;
}
