/** `node --import` this in a child process to see the parent test's injected full disk. */
import { FULL_DISK_ENV, injectFullDisk } from './inject-full-disk';

const given = process.env[FULL_DISK_ENV];
if (given) {
  const { flag, dir } = JSON.parse(given) as { flag: string; dir: string };
  injectFullDisk(flag, dir);
}
