// Types for complaints.mjs, for the TypeScript tests (the project does not check .mjs).
import type { Assignment } from '../../utils/domain/types';
import type { PostSpec } from './post-template.mjs';
export const DEPT: Record<string, string>;
export const CITY: { handle: string; name: string };
export const MAYOR: { handle: string; name: string };
export function snowflake(ms: number, seq: number): string;
export function complaints(nowMs?: number): PostSpec[];
export function demoAssignments(nowMs?: number): Assignment[];
export function storedAssignment(o: {
  id: string;
  handle: string;
  name: string;
  text: string;
  createdMs: number;
  departmentId: string;
  by: string;
  assignedMs: number;
  deadlineMs: number;
  respondedMs?: number;
  resolvedMs?: number;
  closureReason?: string;
}): Assignment;
