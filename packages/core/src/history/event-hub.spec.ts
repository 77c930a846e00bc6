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

  it('replays what arrived after an id in the window, in arrival order, and says when the id has left it', () => {
    const hub = new EventHub(3);
    for (const id of [5, 7, 6, 8]) hub.publish(event(id));
    expect(hub.after(7)).toEqual({ events: [event(6), event(8)] });
    expect(hub.after(8)).toEqual({ events: [] });
    expect(hub.after(5)).toEqual({ gone: true });
    expect(new EventHub(3).after(5)).toEqual({ events: [] });
  });
});
