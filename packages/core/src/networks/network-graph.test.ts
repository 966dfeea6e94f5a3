import { describe, expect, it } from 'vitest';
import { identityMatchTokens } from '../identity/match-tokens.ts';
import { normaliseAddress } from '../identity/address-normalisation.ts';
import { buildNetwork, networkToGraphMl } from './network-graph.ts';

const tokens = (name: string) => identityMatchTokens({ names: [name], phones: [] });

describe('the network of the accused', () => {
  const network = buildNetwork({
    cases: [
      { id: 'c1', label: 'FIR 1/2025' },
      { id: 'c2', label: 'FIR 2/2025' },
    ],
    parties: [
      { caseId: 'c1', personId: 'a1', pseudonym: 'Bela-AAAA', role: 'accused' },
      { caseId: 'c2', personId: 'a2', pseudonym: 'Tara-BBBB', role: 'accused' },
      { caseId: 'c2', personId: 'a3', pseudonym: 'Mina-CCCC', role: 'accused' },
      { caseId: 'c1', personId: 'v1', pseudonym: 'Kali-DDDD', role: 'victim' },
    ],
    rescues: [
      { caseId: 'c1', placeHash: 'h1' },
      { caseId: 'c2', placeHash: 'h1' },
    ],
    accusedTokens: new Map([
      ['a1', tokens('Raju Sheikh')],
      ['a2', tokens('Raju Sk')],
      ['a3', tokens('Sunil Yadav')],
    ]),
    confirmed: [],
    suggestAt: 0.8,
  });

  it('suggests the same accused across cases, not a different one, and joins one premises', () => {
    const same = network.edges.filter((edge) => edge.kind === 'same_person');
    expect(same.map((edge) => [edge.source, edge.target, edge.status])).toEqual([
      ['accused:a1', 'accused:a2', 'suggested'],
    ]);
    expect(network.nodes.filter((node) => node.kind === 'place')).toHaveLength(1);
  });

  it('exports GraphML with labels only, escaped', () => {
    const graphMl = networkToGraphMl({
      nodes: [{ id: 'case:x', kind: 'case', label: 'FIR <1> & "2"' }],
      edges: [],
    });
    expect(graphMl).toContain('FIR &lt;1&gt; &amp; &quot;2&quot;');
    expect(graphMl).toMatch(/^<\?xml/);
  });

  it('writes one premises the same way however the address is written', () => {
    expect(normaliseAddress('14, Test Lane, Fictionpur')).toBe(
      normaliseAddress('Fictionpur  test LN no. 14'),
    );
  });
});
