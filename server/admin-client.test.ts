import { expect, test } from 'vitest';
import { throughServer } from './admin-client';

test('the command line sends an admin password only over HTTPS, or to this machine', async () => {
  await expect(
    throughServer('http://tanggap.example.go.id', 'rina', 'sandi-rina-panjang'),
  ).rejects.toThrow(/https/i);
  await expect(
    throughServer('https://tanggap.example.go.id/admin', 'rina', 'sandi-rina-panjang'),
  ).rejects.toThrow(/address|origin|path/i);
});
