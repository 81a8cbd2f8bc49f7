import { describe, expect, it } from 'vitest';
import { parseJsonText, stableJson } from './json-file.js';

describe('stableJson', () => {
  it('orders keys the same way whatever order they came in, leading keys first', () => {
    const a = stableJson({ points: 2, title: { zh: '甲', en: 'A' }, id: 'x', condition: { all: [] } });
    const b = stableJson({ condition: { all: [] }, id: 'x', points: 2, title: { en: 'A', zh: '甲' } });
    expect(a).toBe(b);
    expect(a).toBe(
      '{\n  "id": "x",\n  "title": {\n    "en": "A",\n    "zh": "甲"\n  },\n  "condition": {\n    "all": []\n  },\n  "points": 2\n}\n',
    );
  });

  it('keeps array order and drops undefined members', () => {
    expect(stableJson({ list: [3, 1, 2], gone: undefined })).toBe(
      '{\n  "list": [\n    3,\n    1,\n    2\n  ]\n}\n',
    );
  });
});

describe('parseJsonText', () => {
  it('names the line and column of a syntax error', () => {
    const result = parseJsonText('{\n  "a": 1\n  "b": 2\n}');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^line 3, column 3: /);
  });

  it('parses valid JSON', () => {
    expect(parseJsonText('{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
  });
});
