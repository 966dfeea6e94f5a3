import type { NetworkEdge, NetworkNode } from '@dawn/core';
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef } from 'react';

const COLOURS = { case: '#1c7ed6', accused: '#e03131', victim: '#2f9e44', place: '#868e96' };

/**
 * Draws the network with Cytoscape.js: cases as boxes, accused red, victims green, places grey
 * diamonds; a suggested same-person link dashed, a confirmed one solid. `onReady` hands the
 * instance up for the PNG export.
 */
export function NetworkGraph({
  nodes,
  edges,
  label,
  onReady,
}: {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  label: string;
  onReady: (cy: Core | undefined) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return undefined;
    const cy = cytoscape({
      container: container.current,
      elements: [
        ...nodes.map((node) => ({ data: { id: node.id, label: node.label, kind: node.kind } })),
        ...edges.map((edge) => ({
          data: {
            id: edge.id,
            source: edge.source,
            target: edge.target,
            kind: edge.kind,
            status: edge.status ?? '',
          },
        })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'font-size': 11,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            width: 22,
            height: 22,
          },
        },
        ...(['case', 'accused', 'victim', 'place'] as const).map((kind) => ({
          selector: `node[kind = "${kind}"]`,
          style: {
            'background-color': COLOURS[kind],
            shape:
              kind === 'case'
                ? ('round-rectangle' as const)
                : kind === 'place'
                  ? ('diamond' as const)
                  : ('ellipse' as const),
          },
        })),
        {
          selector: 'edge',
          style: { width: 1.5, 'line-color': '#adb5bd', 'curve-style': 'bezier' },
        },
        {
          selector: 'edge[kind = "same_person"]',
          style: { width: 3, 'line-color': '#e03131', 'line-style': 'solid' },
        },
        {
          selector: 'edge[status = "suggested"]',
          style: { 'line-style': 'dashed' },
        },
      ],
      layout: { name: 'cose', animate: false },
    });
    onReady(cy);
    return () => {
      onReady(undefined);
      cy.destroy();
    };
  }, [nodes, edges, onReady]);
  return (
    <div
      ref={container}
      role="img"
      aria-label={label}
      data-testid="network-graph"
      style={{ width: '100%', height: 520, border: '1px solid var(--mantine-color-gray-3)' }}
    />
  );
}
