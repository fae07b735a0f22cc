// What a typed text may contain (src/domain/text-input.ts): the rule every form's text fields share.
import { describe, expect, it } from 'vitest';
import { isReadableText, lineText, UNREADABLE_TEXT } from '../../src/domain/text-input.ts';

describe('a readable text', () => {
  it.each([
    ['letters and accents', 'Zoë Lefèvre-N’Diaye'], ['emoji with joiners', 'Équipe 👷‍♀️'], ['combining accents', 'Noe\u0308l'],
    ['HTML and SQL as text', "<b>'; drop table x; --</b>"], ['zero-width space', 'a\u200Bb'],
  ])('takes %s', (_, value) => {
    expect(isReadableText(value)).toBe(true);
  });

  it.each([
    ['NUL', 'a\u0000b'], ['a control character', 'a\u001bb'], ['DEL', 'a\u007f'], ['a C1 control', 'a\u0085'],
    ['a lone high surrogate', 'a\uD83D'], ['a lone low surrogate', '\uDC00b'], ['U+FFFD', 'x\uFFFDy'],
    ['a right-to-left override', 'abc\u202Egpj.exe'], ['a direction isolate', 'a\u2066b'],
  ])('refuses %s', (_, value) => {
    expect(isReadableText(value, { multiline: true })).toBe(false);
  });

  it('takes line breaks and tabs only in a multi-line field', () => {
    expect(isReadableText('a\r\nb\tc')).toBe(false);
    expect(isReadableText('a\r\nb\tc', { multiline: true })).toBe(true);
  });

  it('a one-line field says so in French, before its own checks', () => {
    const result = lineText().trim().min(3, 'trop court').safeParse('\u0000');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(UNREADABLE_TEXT);
  });
});
