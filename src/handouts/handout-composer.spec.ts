import { documentSizeProblem, MAX_DOCUMENT_BYTES } from './handout-composer.service';

describe('documentSizeProblem', () => {
  it('lets a document up to the limit through', () => {
    expect(documentSizeProblem('x'.repeat(MAX_DOCUMENT_BYTES))).toBeUndefined();
  });

  it('refuses a larger one, saying how large it is and what the limit is', () => {
    expect(documentSizeProblem('é'.repeat(MAX_DOCUMENT_BYTES / 2 + 1024))).toBe(
      'blocks: the handout is too long to print (3,074 KB; at most 3,072 KB). Remove blocks or shorten them.',
    );
  });
});
