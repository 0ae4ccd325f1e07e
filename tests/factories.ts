/** Test data factories: a valid object with overrides, so each test states only what matters. */
import type { Assignment, Department, Post } from '../utils/types';

export function createPost(overrides: Partial<Post> = {}): Post {
  const id = overrides.id ?? '1862012345678901234';
  return {
    id,
    authorHandle: 'warga_bdg',
    authorName: 'Warga Bandung',
    text: 'Jalan di Jl. Soekarno-Hatta berlubang besar, bahaya buat motor @pemkot_kotaraya',
    createdAt: '2026-11-28T01:00:00.000Z',
    url: `https://x.com/warga_bdg/status/${id}`,
    repostedBy: null,
    focused: false,
    replyTo: [],
    promoted: false,
    ...overrides,
  };
}

export function createDepartment(overrides: Partial<Department> = {}): Department {
  return {
    id: 'dinas-pu',
    name: 'Dinas Pekerjaan Umum',
    shortName: 'Dinas PU',
    color: '#b45309',
    handle: '',
    slaHours: 24,
    keywords: ['jalan rusak', 'berlubang'],
    order: 0,
    ...overrides,
  };
}

export function createAssignment(overrides: Partial<Assignment> = {}): Assignment {
  const tweetId = overrides.tweetId ?? '1862012345678901234';
  const assignedAt = overrides.assignedAt ?? '2026-11-28T02:00:00.000Z';
  return {
    tweetId,
    post: {
      authorHandle: 'warga_bdg',
      authorName: 'Warga Bandung',
      text: 'Jalan berlubang',
      createdAt: '2026-11-28T01:00:00.000Z',
      url: `https://x.com/warga_bdg/status/${tweetId}`,
    },
    departmentId: 'dinas-pu',
    status: 'open',
    assignedAt,
    assignedBy: 'petugas',
    deadline: new Date(Date.parse(assignedAt) + 24 * 3_600_000).toISOString(),
    respondedAt: '',
    respondedBy: '',
    responseId: '',
    resolvedAt: '',
    closureReason: '',
    notes: [],
    history: [{ at: assignedAt, by: 'petugas', action: 'assign', to: 'dinas-pu' }],
    updatedAt: assignedAt,
    updatedBy: 'petugas',
    ...overrides,
  };
}
