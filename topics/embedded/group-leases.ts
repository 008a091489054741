// Consumer groups on the embedded log. Members heartbeat into SQLite; every member computes
// the same round-robin assignment from the sorted list of live members and holds a lease on
// each partition it owns. Commits are fenced by the lease, so a member that lost a partition
// can never commit over its successor. Works across processes sharing the file.
import type Database from 'better-sqlite3';
import { hostname } from 'node:os';

export interface PartitionRef {
  topicId: number;
  topic: string;
  partition: number;
}

export interface LeaseDecision {
  /** Partitions this member now holds a lease on. */
  owned: PartitionRef[];
  /** Partitions it should give up once their in-flight batch is done. */
  revoke: PartitionRef[];
}

const HOST = hostname();

export function newMemberId(): string {
  return `${HOST}:${process.pid}:${Math.random().toString(36).slice(2, 10)}`;
}

/** A member on this host whose process is gone can be taken over at once (kill -9 restart). */
function isDeadLocalMember(member: string): boolean {
  const [host, pidText] = member.split(':');
  if (host !== HOST) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class GroupLeases {
  private readonly stmts;

  constructor(
    private readonly db: Database.Database,
    private readonly group: string,
    readonly member: string,
    private readonly sessionTimeoutMs: number,
  ) {
    this.stmts = {
      heartbeat: db.prepare('INSERT INTO group_members (grp, member, heartbeat) VALUES (?, ?, ?) ON CONFLICT (grp, member) DO UPDATE SET heartbeat = excluded.heartbeat'),
      members: db.prepare<[string], { member: string; heartbeat: number }>('SELECT member, heartbeat FROM group_members WHERE grp = ? ORDER BY member'),
      dropMember: db.prepare('DELETE FROM group_members WHERE grp = ? AND member = ?'),
      lease: db.prepare<[string, number, number], { owner: string; expires: number }>('SELECT owner, expires FROM group_leases WHERE grp = ? AND topic_id = ? AND partition = ?'),
      take: db.prepare('INSERT INTO group_leases (grp, topic_id, partition, owner, expires) VALUES (?, ?, ?, ?, ?) ON CONFLICT (grp, topic_id, partition) DO UPDATE SET owner = excluded.owner, expires = excluded.expires'),
      release: db.prepare('DELETE FROM group_leases WHERE grp = ? AND topic_id = ? AND partition = ? AND owner = ?'),
      releaseAll: db.prepare('DELETE FROM group_leases WHERE grp = ? AND owner = ?'),
      renew: db.prepare('UPDATE group_leases SET expires = ? WHERE grp = ? AND topic_id = ? AND partition = ? AND owner = ?'),
    };
  }

  /** Heartbeat, drop dead members, take the partitions assigned to us that are free. */
  rebalance(partitions: PartitionRef[], stillBusy: (p: PartitionRef) => boolean): LeaseDecision {
    const now = Date.now();
    return this.db.transaction((): LeaseDecision => {
      this.stmts.heartbeat.run(this.group, this.member, now);
      const live: string[] = [];
      for (const m of this.stmts.members.all(this.group)) {
        if (m.member !== this.member && (m.heartbeat < now - this.sessionTimeoutMs || isDeadLocalMember(m.member))) {
          this.stmts.dropMember.run(this.group, m.member);
        } else live.push(m.member);
      }
      const me = live.indexOf(this.member);
      const owned: PartitionRef[] = [];
      const revoke: PartitionRef[] = [];
      partitions.forEach((p, i) => {
        const mine = i % live.length === me;
        const lease = this.stmts.lease.get(this.group, p.topicId, p.partition);
        const heldByMe = lease?.owner === this.member;
        if (mine) {
          const free = lease === undefined || heldByMe || lease.expires < now || !live.includes(lease.owner);
          if (free) {
            this.stmts.take.run(this.group, p.topicId, p.partition, this.member, now + this.sessionTimeoutMs);
            owned.push(p);
          }
        } else if (heldByMe) {
          // Keep renewing until the in-flight batch is committed, then give it up.
          if (stillBusy(p)) {
            this.stmts.renew.run(now + this.sessionTimeoutMs, this.group, p.topicId, p.partition, this.member);
            owned.push(p);
          } else this.stmts.release.run(this.group, p.topicId, p.partition, this.member);
          revoke.push(p);
        }
      });
      return { owned, revoke };
    }).immediate();
  }

  /** True while this member still holds the lease; extends it. Used to fence commits. */
  holds(p: PartitionRef): boolean {
    return this.stmts.renew.run(Date.now() + this.sessionTimeoutMs, this.group, p.topicId, p.partition, this.member).changes === 1;
  }

  leave(): void {
    this.db.transaction(() => {
      this.stmts.releaseAll.run(this.group, this.member);
      this.stmts.dropMember.run(this.group, this.member);
    }).immediate();
  }
}
