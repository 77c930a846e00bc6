import { describe, expect, it } from '@jest/globals';
import type { ChangeEvent } from './change-event.js';
import { EventHub } from './event-hub.js';

const event = (id: number): ChangeEvent => ({
  id,
  action: 'updated',
  at: '2026-01-01T00:00:00.000Z',
  connector: { id: 'x', name: 'n', type: 't' },
  fields: [],
  keyId: 'k',
});

describe('EventHub', () => {
  it('hands each event to subscribers once, ignoring an id heard again', () => {
    const hub = new EventHub(10);
    const heard: number[] = [];
    const stop = hub.subscribe((e) => heard.push(e.id));
    hub.publish(event(1));
    hub.publish(event(1));
    hub.publish(event(2));
    stop();
    hub.publish(event(3));
    expect(heard).toEqual([1, 2]);
  });

  it('replays what arrived after an id in the window, in arrival order, and resets when the id has left it', async () => {
    const hub = new EventHub(3);
    for (const id of [5, 7, 6, 8]) hub.publish(event(id));
    expect(await hub.after(7)).toEqual({ events: [event(6), event(8)] });
    expect(await hub.after(8)).toEqual({ events: [] });
    // The reload the reset asks for covers everything kept: resuming after the newest kept event misses nothing.
    expect(await hub.after(5)).toEqual({ gone: true, resumeAfter: 8 });
    expect(await hub.after(99)).toEqual({ gone: true, resumeAfter: 8 });
    expect(await hub.after(Number.NaN)).toEqual({ gone: true, resumeAfter: 8 });
  });

  it('on an empty window (a restarted or new instance) resets unless the id is the newest the store has issued', async () => {
    const restarted = new EventHub(3, () => Promise.resolve(3));
    expect(await restarted.after(1)).toEqual({ gone: true, resumeAfter: 3 });
    expect(await restarted.after(3)).toEqual({ events: [] });
    expect(await restarted.after(4)).toEqual({ gone: true, resumeAfter: 3 });
    expect(await restarted.after(Number.NaN)).toEqual({ gone: true, resumeAfter: 3 });
    // A service that has never issued an event: a client sending 0 is up to date.
    const fresh = new EventHub(3, () => Promise.resolve(0));
    expect(await fresh.after(0)).toEqual({ events: [] });
    expect(await fresh.after(2)).toEqual({ gone: true, resumeAfter: 0 });
    // A store that cannot answer cannot prove the client missed nothing.
    const unreachable = new EventHub(3, () => Promise.reject(new Error('down')));
    expect(await unreachable.after(3)).toEqual({ gone: true });
  });
  it('tells subscribers that events may have been missed, and settles later resumes by the store alone', async () => {
    const hub = new EventHub(10, () => Promise.resolve(9));
    const heard: string[] = [];
    hub.subscribe(
      (e) => heard.push(`event ${e.id}`),
      () => heard.push('lost'),
    );
    for (const id of [5, 6]) hub.publish(event(id));
    hub.lost();
    hub.publish(event(9));
    expect(heard).toEqual(['event 5', 'event 6', 'lost', 'event 9']);
    // Event 6 was kept, but what came between it and 9 may never have arrived here.
    expect(await hub.after(6)).toEqual({ gone: true, resumeAfter: 9 });
    expect(await hub.after(9)).toEqual({ events: [] });
  });
});
