/**
 * HTML produced by our own escaped templates (the handout renderer), marked so the page
 * templates insert it as is with `{{ }}`. Never wrap text a person typed in this.
 */
export class RenderedHtml {
  constructor(private readonly html: string) {}

  toHTML(): string {
    return this.html;
  }

  toString(): string {
    return this.html;
  }
}
