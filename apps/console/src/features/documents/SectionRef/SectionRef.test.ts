import { describe, expect, it } from 'vitest';
import { sectionNumber, splitSectionRef } from './SectionRef';

describe('clause references', () => {
  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十二', 12],
    ['十六', 16],
    ['二十一', 21],
    ['营业大厅', undefined],
  ])('%s is section %s', (numeral, number) => {
    expect(sectionNumber(numeral)).toBe(number);
  });

  it('writes the section in the reader language and keeps the quoted headings', () => {
    expect(splitSectionRef('十二.服务突发事件处理.应急响应', 'en')).toEqual({
      section: '§12',
      headings: '服务突发事件处理 › 应急响应',
    });
    expect(splitSectionRef('十二.服务突发事件处理.应急响应', 'zh')).toEqual({
      section: '十二',
      headings: '服务突发事件处理 › 应急响应',
    });
    expect(splitSectionRef('七', 'en')).toEqual({ section: '§7', headings: '' });
  });
});
