import type { Liquid } from 'liquidjs';

export function shopifyJson(value: unknown): string;
export function readSchema(source: string): { name: string; target: string; javascript?: string; settings?: { id: string; type: string; label: string; default?: unknown; options?: { value: string; label: string }[] }[] };
export function blockSettings(source: string, values?: Record<string, unknown>): Record<string, unknown>;
export function shopifyLiquid(options: { assetBase: string; translations?: object }): Liquid;
