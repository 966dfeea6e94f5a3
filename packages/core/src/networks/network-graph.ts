import type { MatchToken } from '../identity/match-tokens.ts';
import { similarityScore } from '../identity/similarity.ts';

/**
 * The network of the accused (issue 17): accused — case — place — victim, with pseudonyms only.
 * Pure: the server reads the rows, this draws the graph. Two accused records of different cases
 * whose blind indexes score at least `suggestAt` are joined by a suggested "same person" edge
 * until someone confirms it; rescues of the same premises (equal keyed hashes of the normalised
 * address) are one place.
 */
export type NetworkNodeKind = 'case' | 'accused' | 'victim' | 'place';
export type NetworkEdgeKind = 'accused_in' | 'victim_in' | 'rescue_at' | 'same_person';

export interface NetworkNode {
  id: string;
  kind: NetworkNodeKind;
  label: string;
}

export interface NetworkEdge {
  id: string;
  kind: NetworkEdgeKind;
  source: string;
  target: string;
  /** Same-person edges: the score, and whether a user confirmed it. */
  score?: number;
  status?: 'suggested' | 'confirmed';
}

export interface NetworkInput {
  cases: { id: string; label: string }[];
  parties: { caseId: string; personId: string; pseudonym: string; role: 'accused' | 'victim' }[];
  rescues: { caseId: string; placeHash: string }[];
  /** Blind-index tokens of each accused person. */
  accusedTokens: Map<string, MatchToken[]>;
  confirmed: { personLow: string; personHigh: string; score: number }[];
  suggestAt: number;
}

export function buildNetwork(input: NetworkInput): { nodes: NetworkNode[]; edges: NetworkEdge[] } {
  const nodes = new Map<string, NetworkNode>();
  const edges: NetworkEdge[] = [];
  for (const legalCase of input.cases)
    nodes.set(`case:${legalCase.id}`, {
      id: `case:${legalCase.id}`,
      kind: 'case',
      label: legalCase.label,
    });
  for (const party of input.parties) {
    const id = `${party.role}:${party.personId}`;
    nodes.set(id, { id, kind: party.role, label: party.pseudonym });
    edges.push({
      id: `${party.role}_in:${party.personId}:${party.caseId}`,
      kind: party.role === 'accused' ? 'accused_in' : 'victim_in',
      source: id,
      target: `case:${party.caseId}`,
    });
  }
  const places = new Map<string, string>();
  for (const rescue of input.rescues) {
    let placeId = places.get(rescue.placeHash);
    if (!placeId) {
      placeId = `place:${places.size + 1}`;
      places.set(rescue.placeHash, placeId);
      nodes.set(placeId, { id: placeId, kind: 'place', label: `#${places.size}` });
    }
    const edgeId = `rescue_at:${rescue.caseId}:${placeId}`;
    if (!edges.some((edge) => edge.id === edgeId))
      edges.push({
        id: edgeId,
        kind: 'rescue_at',
        source: `case:${rescue.caseId}`,
        target: placeId,
      });
  }
  const confirmed = new Map(
    input.confirmed.map((link) => [`${link.personLow}:${link.personHigh}`, link.score]),
  );
  const accused = [...input.accusedTokens.keys()].sort();
  for (let left = 0; left < accused.length; left += 1) {
    for (let right = left + 1; right < accused.length; right += 1) {
      const low = accused[left] ?? '';
      const high = accused[right] ?? '';
      const confirmedScore = confirmed.get(`${low}:${high}`);
      const score =
        confirmedScore ??
        similarityScore(input.accusedTokens.get(low) ?? [], input.accusedTokens.get(high) ?? []);
      if (confirmedScore === undefined && score < input.suggestAt) continue;
      edges.push({
        id: `same_person:${low}:${high}`,
        kind: 'same_person',
        source: `accused:${low}`,
        target: `accused:${high}`,
        score: Math.round(score * 1000) / 1000,
        status: confirmedScore === undefined ? 'suggested' : 'confirmed',
      });
    }
  }
  return { nodes: [...nodes.values()], edges };
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The graph as GraphML, with the labels shown (pseudonyms, case labels, place numbers) only. */
export function networkToGraphMl(network: { nodes: NetworkNode[]; edges: NetworkEdge[] }): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    '  <key id="kind" for="all" attr.name="kind" attr.type="string"/>',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="score" for="edge" attr.name="score" attr.type="double"/>',
    '  <key id="status" for="edge" attr.name="status" attr.type="string"/>',
    '  <graph id="network" edgedefault="undirected">',
  ];
  for (const node of network.nodes)
    lines.push(
      `    <node id="${escapeXml(node.id)}"><data key="kind">${node.kind}</data><data key="label">${escapeXml(node.label)}</data></node>`,
    );
  for (const edge of network.edges)
    lines.push(
      `    <edge id="${escapeXml(edge.id)}" source="${escapeXml(edge.source)}" target="${escapeXml(edge.target)}"><data key="kind">${edge.kind}</data>${edge.score === undefined ? '' : `<data key="score">${edge.score}</data>`}${edge.status ? `<data key="status">${edge.status}</data>` : ''}</edge>`,
    );
  lines.push('  </graph>', '</graphml>');
  return `${lines.join('\n')}\n`;
}
